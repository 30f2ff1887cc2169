import { checkedAt } from './checked-at';

/**
 * The p-quantile of ascending sorted values, by linear interpolation between order statistics
 * (Hyndman & Fan 1996 type 7, R's default `quantile(type = 7)`).
 *
 * @example quantileSorted([1, 2, 3, 4], 0.5) // 2.5
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('quantileSorted: `sorted` must hold at least 1 value, got 0');
  const h = (n - 1) * p;
  const low = Math.floor(h);
  const high = Math.min(n - 1, low + 1);
  const below = checkedAt(sorted, low, 'sorted');
  return below + (h - low) * (checkedAt(sorted, high, 'sorted') - below);
}
