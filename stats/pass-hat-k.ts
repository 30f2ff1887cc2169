import { logBinomialRatio } from './log-binomial-ratio';
import { assertPassAtKArguments } from './pass-at-k';

/**
 * pass^k: the probability that all k samples drawn without replacement from n generated samples,
 * c of them correct, are correct, a measure of consistency (Yao et al. 2024, "tau-bench", which
 * names it pass^k).
 *
 * pass^k = C(c, k) / C(n, k) = prod_{i=0}^{k-1} (c - i)/(n - i), the unbiased estimator of p^k for a
 * per-sample success rate p; computed in log space without forming a binomial coefficient
 * (see `logBinomialRatio`). 0 when c < k. Note 1 - pass@k = pass^k of the n - c failing samples.
 *
 * @throws {RangeError} if a count is not an integer in range, c > n or k > n
 * @example passHatK(10, 7, 2) // 0.4666666666666667 (= C(7,2)/C(10,2) = 21/45)
 */
export function passHatK(n: number, c: number, k: number): number {
  assertPassAtKArguments('passHatK', n, c, k);
  if (c < k) return 0;
  return Math.exp(logBinomialRatio(n, c, k));
}
