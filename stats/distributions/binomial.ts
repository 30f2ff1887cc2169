// PLACEHOLDER (jstat-backed) until the accurate implementation lands; same signatures.
import { jStat } from 'jstat';

export const binomial = {
  pmf: (k: number, n: number, p: number): number => jStat.binomial.pdf(k, n, p),
  cdf: (k: number, n: number, p: number): number => jStat.binomial.cdf(k, n, p),
  /** P(X > k), as R's pbinom(k, n, p, lower.tail = FALSE). */
  sf: (k: number, n: number, p: number): number => 1 - jStat.binomial.cdf(k, n, p),
  quantile: (q: number, n: number, p: number): number => {
    let k = 0;
    while (k < n && jStat.binomial.cdf(k, n, p) < q) k++;
    return k;
  },
};
