import type { Distribution } from '../schema/verdict-document';
import { checkedAt } from './checked-at';
import { quantileOfOrder } from './quantile-sorted';

/**
 * Five-number summary, mean, 90th percentile and total of the finite values (type-7 quantiles, as R's
 * default), or null when there is none: latency and cost columns are often absent.
 *
 * The values are ordered by a tally of their distinct values when there are few (latencies in whole milliseconds,
 * a price per call: at 10^6 cells sorting each column was 0.7 s of `compare`), else sorted; either way every order
 * statistic is exact and the total is summed in ascending order, value by value, so both give the same bits.
 *
 * @example distributionOf([1, 2, 3, 4])?.median // 2.5
 */
export function distributionOf(values: ArrayLike<number>): Distribution | null {
  return distributionOfGroup(values, null);
}

/** Which values a distribution is of: those `i` with `groups[i] === group` (a column's rows of one variant). */
export interface ValueGroup {
  readonly groups: ArrayLike<number>;
  readonly group: number;
}

/**
 * {@link distributionOf} of the values of one group (`values[i]` where `groups[i] === group`; every value for null):
 * a column's rows of one variant read in place, not copied out first (two 8 MB copies a variant at 10^6 items).
 * @example distributionOfGroup([1, 5, 2, 7], { groups: [0, 1, 0, 1], group: 1 })?.median // 6
 */
export function distributionOfGroup(values: ArrayLike<number>, of: ValueGroup | null): Distribution | null {
  const inGroup = of === null ? (_: number) => true : (i: number) => of.groups[i] === of.group;
  let count = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(checkedAt(values, i, 'values')) && inGroup(i)) count++;
  if (count === 0) return null;
  const ordered = tallied(values, inGroup, count) ?? sorted(values, inGroup, count);
  const quantile = (p: number) => quantileOfOrder(count, ordered.at, p);
  return {
    n: count,
    mean: ordered.total / count,
    min: ordered.at(0),
    q1: quantile(0.25),
    median: quantile(0.5),
    q3: quantile(0.75),
    p90: quantile(0.9),
    max: ordered.at(count - 1),
    total: ordered.total,
  };
}

/** Finite values in ascending order: the i-th smallest, and their sum taken in that order. */
interface Ordered {
  readonly at: (i: number) => number;
  readonly total: number;
}

/** The values copied once into the array that is sorted (a column of 10^6 latencies is 8 MB, not a list beside it). */
function sorted(values: ArrayLike<number>, inGroup: (i: number) => boolean, count: number): Ordered {
  const ascending = new Float64Array(count);
  let next = 0;
  for (let i = 0; i < values.length; i++) {
    const value = checkedAt(values, i, 'values');
    if (Number.isFinite(value) && inGroup(i)) ascending[next++] = value;
  }
  ascending.sort();
  let total = 0;
  for (const value of ascending) total += value;
  return { at: (i) => checkedAt(ascending, i, 'sorted'), total };
}

/**
 * The values as their distinct values ascending with counts, when there are at most max(256, count / 16) of them
 * (else null: sort them). A Map cannot tell -0 from 0, so negative zeros are counted apart and come first among the
 * zeros (after every negative value), where `Float64Array.prototype.sort` puts them.
 */
function tallied(values: ArrayLike<number>, inGroup: (i: number) => boolean, count: number): Ordered | null {
  const limit = Math.max(256, count >>> 4);
  const counts = new Map<number, number>();
  let negativeZeros = 0;
  for (let i = 0; i < values.length; i++) {
    const value = checkedAt(values, i, 'values');
    if (!Number.isFinite(value) || !inGroup(i)) continue;
    if (value === 0 && 1 / value < 0) {
      negativeZeros++;
      continue;
    }
    const seen = counts.get(value);
    if (seen !== undefined) counts.set(value, seen + 1);
    else if (counts.size < limit) counts.set(value, 1);
    else return null;
  }
  const distinct = Float64Array.from(counts.keys()).sort();
  let keys = distinct;
  if (negativeZeros > 0) {
    // Right after the negative values, before +0.
    let at = 0;
    while (at < distinct.length && (distinct[at] ?? 0) < 0) at++;
    keys = new Float64Array(distinct.length + 1);
    keys.set(distinct.subarray(0, at), 0);
    keys[at] = -0;
    keys.set(distinct.subarray(at), at + 1);
  }
  // The rank after each distinct value, and the sum in ascending order, value by value (the sorted array's sum).
  const upTo = new Float64Array(keys.length);
  let rank = 0;
  let total = 0;
  for (const [k, key] of keys.entries()) {
    const times = Object.is(key, -0) ? negativeZeros : (counts.get(key) ?? 0);
    for (let j = 0; j < times; j++) total += key;
    rank += times;
    upTo[k] = rank;
  }
  const at = (i: number): number => {
    // The first distinct value whose rank reaches past i (binary search: a few reads per quantile).
    let [low, high] = [0, keys.length - 1];
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((upTo[middle] ?? 0) > i) high = middle;
      else low = middle + 1;
    }
    return checkedAt(keys, low, 'keys');
  };
  return { at, total };
}
