/**
 * Sum of floating-point numbers by Neumaier's improved Kahan summation (Neumaier 1974): the rounding
 * error of every addition is carried in a second accumulator, so the result is within about one
 * rounding of the exact sum for any order and any count of terms (a plain loop loses up to
 * n eps relative). Internal helper (not exported from stats/index.ts).
 *
 * @example compensatedSum([1e16, 1, -1e16]) // 1 (a plain loop gives 0)
 */
export function compensatedSum(values: ArrayLike<number>): number {
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    const t = sum + value;
    compensation += Math.abs(sum) >= Math.abs(value) ? sum - t + value : value - t + sum;
    sum = t;
  }
  return sum + compensation;
}
