import { incompleteBeta } from '../special/incomplete-beta';
import type { TailProbabilities } from '../special/tail-probabilities';

/**
 * P(X <= k) and P(X > k) for X ~ Binomial(n, p), integer 0 <= k < n, 0 < p < 1, through the regularized
 * incomplete beta function: P(X <= k) = I_(1-p)(n - k, k + 1) = 1 - I_p(k + 1, n - k), as R's pbinom
 * (which calls pbeta(p, k + 1, n - k, lower.tail = FALSE)). The smaller tail is computed directly with
 * Loader's saddle-point prefactor, so tails at n = 10^7 keep ~1e-13 relative accuracy and their logarithms
 * stay finite where the tails underflow. Summing pmf terms would take O(n) time; this takes about
 * sqrt(min(k, n - k)) continued-fraction terms.
 */
export function binomialTails(k: number, n: number, p: number): TailProbabilities {
  const tails = incompleteBeta(p, 1 - p, k + 1, n - k);
  return { lower: tails.upper, upper: tails.lower, logLower: tails.logUpper, logUpper: tails.logLower };
}
