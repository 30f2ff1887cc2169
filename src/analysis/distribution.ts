import type { Distribution } from '../schema/verdict-document';
import { checkedAt } from './checked-at';
import { quantileSorted } from './quantile-sorted';

/**
 * Five-number summary, mean, 90th percentile and total of the finite values (type-7 quantiles, as R's
 * default), or null when there is none: latency and cost columns are often absent.
 *
 * @example distributionOf([1, 2, 3, 4])?.median // 2.5
 */
export function distributionOf(values: ArrayLike<number>): Distribution | null {
  // Counted, then copied once into the array that is sorted (a column of 10^6 latencies is 8 MB, not a list beside it).
  let count = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(checkedAt(values, i, 'values'))) count++;
  if (count === 0) return null;
  const sorted = new Float64Array(count);
  let next = 0;
  for (let i = 0; i < values.length; i++) {
    const value = checkedAt(values, i, 'values');
    if (Number.isFinite(value)) sorted[next++] = value;
  }
  sorted.sort();
  let total = 0;
  for (const value of sorted) total += value;
  return {
    n: sorted.length,
    mean: total / sorted.length,
    min: checkedAt(sorted, 0, 'sorted'),
    q1: quantileSorted(sorted, 0.25),
    median: quantileSorted(sorted, 0.5),
    q3: quantileSorted(sorted, 0.75),
    p90: quantileSorted(sorted, 0.9),
    max: checkedAt(sorted, sorted.length - 1, 'sorted'),
    total,
  };
}
