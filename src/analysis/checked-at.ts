/**
 * `values[i]`, checked: a RangeError naming the array and the index where there is no value, rather than an
 * `undefined` that arithmetic turns into NaN (two columns of different lengths, an id past the end). The read of
 * a typed column outside the hot loops; inside them the loop's own bound is the check, and the index carries a `!`
 * with a comment saying so (pass-at-k-curve.ts, paired-bootstrap.ts).
 *
 * @example checkedAt(Float64Array.of(1, 2), 1, 'passes') // 2
 */
export function checkedAt<T>(values: ArrayLike<T>, i: number, what: string): T {
  const value = values[i];
  if (value === undefined) throw new RangeError(`${what}[${i}]: no value (length ${values.length})`);
  return value;
}
