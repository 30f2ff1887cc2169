import { compensatedSum } from './compensated-sum';
import { meanAndVariance } from './mean-and-variance';
import { assertFiniteArray, assertSameLength, describeValue } from './validate';

/**
 * Mean score and its cluster-adjusted standard error, for items that come in groups (several questions
 * about one passage, several turns of one conversation) whose scores are correlated.
 *
 * Miller (2024, "Adding Error Bars to Evals", arXiv:2411.00640):
 * se^2 = SE_CLT^2 + n^-2 sum_c sum_{i != j in c} (s_i - mean)(s_j - mean), with SE_CLT^2 = s^2 / n and the
 * n - 1 variance s^2 (as his formula is written). The inner double sum is (sum_{i in c} e_i)^2 - sum_{i in c} e_i^2.
 * Negative within-cluster correlation can make the radicand negative; it is clamped at 0. With the 1/n
 * variance instead it would equal the cluster-robust CR0 sandwich (R sandwich::vcovCL(type = "HC0",
 * cadjust = FALSE)). With every item its own cluster it is `meanStandardError`'s se.
 *
 * @param scores per-item scores (at least 2)
 * @param clusters each item's cluster id (a string or number), same length as `scores`
 * @throws {TypeError} if a cluster id is neither a string nor a finite number
 * @throws {RangeError} if the lengths differ, there are fewer than 2 scores, or a score is not finite
 * @example clusteredStandardError([1, 1, 0, 0], ['a', 'a', 'b', 'b']) // { mean: 0.5, se: 0.38188130791298663 }
 */
export function clusteredStandardError(
  scores: readonly number[],
  clusters: readonly (string | number)[],
): { mean: number; se: number } {
  const fn = 'clusteredStandardError';
  assertFiniteArray(fn, 'scores', scores, 2);
  if (!Array.isArray(clusters)) {
    throw new TypeError(`${fn}: \`clusters\` must be an array of strings or numbers, got ${describeValue(clusters)}`);
  }
  assertSameLength(fn, ['scores', 'clusters'], scores, clusters);
  const { mean, variance } = meanAndVariance(scores, fn);
  const n = scores.length;
  const residualSums = new Map<string | number, number[]>();
  const squares: number[] = [];
  // An index loop, not forEach, so that a hole in a sparse `clusters` array is caught, not skipped.
  for (let i = 0; i < n; i++) {
    const id = clusters[i];
    if (typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id))) {
      throw new TypeError(`${fn}: \`clusters[${i}]\` must be a string or a finite number, got ${describeValue(id)}`);
    }
    const residual = scores[i]! - mean;
    const members = residualSums.get(id);
    if (members) members.push(residual);
    else residualSums.set(id, [residual]);
    squares.push(residual * residual);
  }
  const crossTerms: number[] = [];
  for (const members of residualSums.values()) crossTerms.push(compensatedSum(members) ** 2);
  const within = compensatedSum(crossTerms) - compensatedSum(squares);
  const radicand = variance / n + within / (n * n);
  return { mean, se: Math.sqrt(Math.max(0, radicand)) };
}
