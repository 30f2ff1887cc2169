import { binomialTails } from './binomial-tails';
import { normalQuantileOpen } from './normal-quantile';

/**
 * The binomial quantile as R's qbinom(q, n, p): the smallest k with P(X <= k) >= q, the comparison fuzzed
 * by 64 ulps of q as R does so that q = pbinom(k, n, p) returns k despite rounding. Starts from the
 * Cornish-Fisher approximation k = np + sigma (z + gamma (z^2 - 1) / 6) and brackets the answer by doubling
 * steps, then bisects: about 2 log2(error of the start) cdf evaluations, each O(sqrt(n)), so n = 10^7 is
 * fine. Above q = 1/2 the test is done on the upper tail, P(X > k) <= 1 - q (1 - q is exact there).
 * For 0 < q < 1, 0 < p < 1, n >= 1.
 */
export function binomialQuantileOpen(q: number, n: number, p: number): number {
  const fuzz = 64 * Number.EPSILON * q;
  const reaches =
    q <= 0.5
      ? (k: number) => k >= n || binomialTails(k, n, p).lower >= q - fuzz
      : (k: number) => k >= n || binomialTails(k, n, p).upper <= 1 - q + fuzz;
  const sigma = Math.sqrt(n * p * (1 - p));
  const gamma = (1 - 2 * p) / sigma;
  const z = normalQuantileOpen(q);
  const guess = Math.floor(n * p + sigma * (z + (gamma * (z * z - 1)) / 6) + 0.5);
  let k = Math.min(n, Math.max(0, guess));
  // Bracket: lo fails (or is -1), hi reaches.
  let lo: number;
  let hi: number;
  if (reaches(k)) {
    hi = k;
    let step = 1;
    lo = k - step;
    while (lo >= 0 && reaches(lo)) {
      hi = lo;
      step *= 2;
      lo = hi - step;
    }
    lo = Math.max(lo, -1);
  } else {
    lo = k;
    let step = 1;
    hi = Math.min(n, k + step);
    while (!reaches(hi)) {
      lo = hi;
      step *= 2;
      hi = Math.min(n, lo + step);
    }
  }
  while (hi - lo > 1) {
    k = Math.floor((lo + hi) / 2);
    if (reaches(k)) hi = k;
    else lo = k;
  }
  return hi;
}
