import { checkedAt } from './checked-at';

/**
 * The p-quantile of ascending sorted values, by linear interpolation between order statistics
 * (Hyndman & Fan 1996 type 7, R's default `quantile(type = 7)`).
 *
 * @example quantileSorted([1, 2, 3, 4], 0.5) // 2.5
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  return quantileOfOrder(sorted.length, (i) => checkedAt(sorted, i, 'sorted'), p);
}

/**
 * {@link quantileSorted} of `n` values known by their order statistics (`at(i)`: the (i+1)-th smallest), for values
 * held as distinct values and their counts rather than sorted one by one.
 * @example quantileOfOrder(4, (i) => [1, 2, 3, 4][i] ?? Number.NaN, 0.5) // 2.5
 */
export function quantileOfOrder(n: number, at: (i: number) => number, p: number): number {
  if (n === 0) throw new RangeError('quantileSorted: `sorted` must hold at least 1 value, got 0');
  const h = (n - 1) * p;
  const low = Math.floor(h);
  const high = Math.min(n - 1, low + 1);
  const below = at(low);
  return below + (h - low) * (at(high) - below);
}
