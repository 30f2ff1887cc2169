import { meanAndVariance } from './mean-and-variance';
import { pairedDifferences } from './paired-differences';

/**
 * Mean paired difference (candidate minus baseline, item by item) and its standard error,
 * se = sd(candidate - baseline) / sqrt(n) with the n - 1 variance. Miller (2024, "Adding Error Bars to
 * Evals", arXiv:2411.00640) writes it as sqrt((var_A + var_B - 2 cov(A, B)) / n), the same
 * number: pairing removes the shared item difficulty, so it is below the unpaired sqrt((var_A + var_B)/n)
 * whenever the variants agree on which items are hard.
 *
 * @param baseline scores of the baseline, one per item (at least 2)
 * @param candidate scores of the candidate on the same items, in the same order
 * @throws {RangeError} if the lengths differ, there are fewer than 2 items, or a score is not finite
 * @example pairedStandardError([1, 0, 1, 0], [1, 1, 1, 0]) // { meanDifference: 0.25, se: 0.25 }
 */
export function pairedStandardError(
  baseline: readonly number[],
  candidate: readonly number[],
): { meanDifference: number; se: number } {
  const differences = pairedDifferences('pairedStandardError', baseline, candidate, 2);
  const { mean, variance } = meanAndVariance(differences, 'pairedStandardError');
  return { meanDifference: mean, se: Math.sqrt(variance / differences.length) };
}
