import { meanAndVariance } from './mean-and-variance';
import { assertFiniteArray } from './validate';

/**
 * The mean of per-item scores and its standard error under the central limit theorem:
 * se = s / sqrt(n), s^2 = sum (x_i - mean)^2 / (n - 1), the SE_CLT of Miller (2024, "Adding Error Bars
 * to Evals", arXiv:2411.00640) with the unbiased variance. For 0/1 scores this is
 * sqrt(p (1 - p) / (n - 1)), slightly above the binomial sqrt(p (1 - p) / n).
 *
 * @param scores at least two finite numbers (one score has no variance)
 * @throws {TypeError} if `scores` is not an array of numbers
 * @throws {RangeError} if it holds fewer than 2 values, or a value is NaN or infinite
 * @example meanStandardError([1, 0, 1, 1]) // { mean: 0.75, se: 0.25 }
 */
export function meanStandardError(scores: readonly number[]): { mean: number; se: number } {
  assertFiniteArray('meanStandardError', 'scores', scores, 2);
  const { mean, variance } = meanAndVariance(scores, 'meanStandardError');
  return { mean, se: Math.sqrt(variance / scores.length) };
}
