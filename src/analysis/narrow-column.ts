/**
 * A column of non-negative integers (samples, trials and passes, line numbers, byte offsets and lengths) as narrow
 * as its values allow: 1, 2 or 4 bytes a row where every value fits exactly, else the 8-byte doubles it was read
 * into (a fraction, a NaN, a -0, a negative value or one of 2^32 and more stays as it is).
 */
export type CountColumn = Uint8Array | Uint16Array | Uint32Array | Float64Array;

/** A column of codes into a list of names (variants, files, a kept field's values), as narrow as the list allows. */
export type CodeColumn = Uint8Array | Uint16Array | Int32Array;

/**
 * `values` in the narrowest unsigned integer array that holds each exactly, or `values` itself. Why: at 10^6 items
 * the columns were 126 B a row, 8 of them for each of sample, trials, passes and the line, whose values are
 * 0, 1 and a few million (issue 14, BENCHMARKS.md "loading on both cores").
 */
export function narrowCounts<T extends Float64Array | Int32Array>(
  values: T,
): Uint8Array | Uint16Array | Uint32Array | T {
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    // NaN fails the first test; -0 (which would read back as 0) the third.
    if (!(value >= 0 && Number.isInteger(value)) || (value === 0 && 1 / value < 0)) return values;
    if (value > max) max = value;
  }
  const out =
    max < 2 ** 8
      ? new Uint8Array(values.length)
      : max < 2 ** 16
        ? new Uint16Array(values.length)
        : max < 2 ** 32
          ? new Uint32Array(values.length)
          : null;
  if (out === null) return values;
  out.set(values);
  return out;
}

/** Codes into a list of `names` names in the narrowest array that holds them (`codes` itself for 65,536 or more). */
export function narrowCodes(codes: Int32Array, names: number): CodeColumn {
  const out = names <= 2 ** 8 ? new Uint8Array(codes.length) : names <= 2 ** 16 ? new Uint16Array(codes.length) : null;
  if (out === null) return codes;
  out.set(codes);
  return out;
}
