import type { TwoProportionCounts } from './types';
import { assertCount, assertPositiveInteger, describeValue } from './validate';

/**
 * Check the counts of two independent groups: x1 of n1 and x2 of n2, each n >= 1 and x <= n. Shared by the
 * unpaired functions (twoProportionTest, fisherExact, twoProportionDifference); messages name the caller.
 * @throws {TypeError} if `counts` is not an object or a count is not a number
 * @throws {RangeError} if a count is not a non-negative integer, a group is empty or successes exceed trials
 * @example assertTwoProportionCounts('fisherExact', { x1: 11, n1: 10, x2: 0, n2: 5 }) // RangeError: fisherExact: `x1` (11) must not exceed `n1` (10)
 */
export function assertTwoProportionCounts(fn: string, counts: unknown): asserts counts is TwoProportionCounts {
  if (typeof counts !== 'object' || counts === null || Array.isArray(counts)) {
    throw new TypeError(`${fn}: \`counts\` must be an object { x1, n1, x2, n2 }, got ${describeValue(counts)}`);
  }
  const { x1, n1, x2, n2 } = counts as Record<string, unknown>;
  assertCount(fn, 'x1', x1);
  assertPositiveInteger(fn, 'n1', n1);
  assertCount(fn, 'x2', x2);
  assertPositiveInteger(fn, 'n2', n2);
  if (x1 > n1) throw new RangeError(`${fn}: \`x1\` (${x1}) must not exceed \`n1\` (${n1})`);
  if (x2 > n2) throw new RangeError(`${fn}: \`x2\` (${x2}) must not exceed \`n2\` (${n2})`);
}
