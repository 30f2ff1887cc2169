import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CODE_KINDS,
  COUNT_KINDS,
  MEASURE_KINDS,
  NarrowingColumn,
  renumberedCodes,
  shiftedCounts,
} from '../../src/analysis/narrow-column';

/** A filled array adopted whole (as a load worker's are) and finished: narrowed, or itself when that is its kind. */
const adopted = (kinds: readonly number[], values: Float64Array | Int32Array) => {
  const column = new NarrowingColumn(kinds);
  column.adopt(values);
  return column.finish(values.length);
};
const narrowCounts = (values: Float64Array | Int32Array) => adopted(COUNT_KINDS, values);
const narrowCodes = (codes: Int32Array, _names: number) => adopted(CODE_KINDS, codes);

describe("counts adopted whole (a worker's)", () => {
  it('takes the narrowest unsigned array that holds every value exactly', () => {
    expect(narrowCounts(Float64Array.of(0, 1, 255))).toEqual(Uint8Array.of(0, 1, 255));
    expect(narrowCounts(Float64Array.of(0, 256))).toEqual(Uint16Array.of(0, 256));
    expect(narrowCounts(Float64Array.of(65_536, 2 ** 32 - 1))).toEqual(Uint32Array.of(65_536, 2 ** 32 - 1));
    expect(narrowCounts(Int32Array.of(3, 70_000))).toEqual(Uint32Array.of(3, 70_000));
    expect(narrowCounts(new Float64Array(0))).toEqual(new Uint8Array(0));
  });

  it('keeps the array as it is when one value would change: a fraction, NaN, -0, a negative, 2^32', () => {
    for (const odd of [0.5, Number.NaN, -0, -1, 2 ** 32, Number.POSITIVE_INFINITY]) {
      const values = Float64Array.of(1, odd, 2);
      expect(narrowCounts(values)).toBe(values);
    }
  });
});

describe('codes adopted whole', () => {
  it('narrows codes by the number of names they index', () => {
    expect(narrowCodes(Int32Array.of(0, 255), 256)).toEqual(Uint8Array.of(0, 255));
    expect(narrowCodes(Int32Array.of(0, 256), 257)).toEqual(Uint16Array.of(0, 256));
    const many = Int32Array.of(0, 70_000);
    expect(narrowCodes(many, 70_001)).toBe(many);
  });
});

describe('NarrowingColumn', () => {
  const pushed = (kinds: readonly number[], values: readonly number[], reserve = 0) => {
    const column = new NarrowingColumn(kinds);
    column.reserve(reserve);
    for (const value of values) column.push(value);
    return column.finish(values.length);
  };

  it('writes each value in the narrowest array that holds every value so far, widening only when one does not fit', () => {
    expect(pushed(COUNT_KINDS, [0, 1, 255])).toEqual(Uint8Array.of(0, 1, 255));
    expect(pushed(COUNT_KINDS, [1, 256, 2], 3)).toEqual(Uint16Array.of(1, 256, 2));
    expect(pushed(COUNT_KINDS, [65_536, 2 ** 32 - 1])).toEqual(Uint32Array.of(65_536, 2 ** 32 - 1));
    expect(pushed(CODE_KINDS, [0, 70_000])).toEqual(Int32Array.of(0, 70_000));
    // Measures: whole milliseconds in 2 bytes, NaN (no score) and float32-exact values in 4, anything else in 8.
    expect(pushed(MEASURE_KINDS, [933, 337])).toEqual(Uint16Array.of(933, 337));
    expect(pushed(MEASURE_KINDS, [1, Number.NaN, 0.5, 70_000])).toEqual(Float32Array.of(1, Number.NaN, 0.5, 70_000));
    expect(pushed(MEASURE_KINDS, [1, 0.0004])).toEqual(Float64Array.of(1, 0.0004));
    expect(pushed(MEASURE_KINDS, [])).toEqual(new Uint8Array(0));
  });

  it('never changes a value: -0, NaN, fractions, negatives and 2^24 + 1 go where they read back the same', () => {
    const cases: [readonly number[], readonly number[], unknown][] = [
      [COUNT_KINDS, [1, -0], Float64Array],
      [COUNT_KINDS, [2, -1], Float64Array],
      [COUNT_KINDS, [3, 2 ** 32], Float64Array],
      [COUNT_KINDS, [Number.NaN], Float64Array],
      [MEASURE_KINDS, [1, -0], Float32Array],
      [MEASURE_KINDS, [1, 2 ** 24 + 1], Float64Array],
      [MEASURE_KINDS, [Number.POSITIVE_INFINITY, 0.1], Float64Array],
    ];
    for (const [kinds, values, type] of cases) {
      const out = pushed(kinds, values);
      expect(out).toBeInstanceOf(type);
      expect(Array.from(out)).toEqual(values); // toEqual tells -0 from 0 and NaN equals NaN
    }
    fc.assert(
      fc.property(fc.array(fc.double(), { maxLength: 40 }), fc.integer({ min: 0, max: 50 }), (values, reserve) => {
        expect(Array.from(pushed(MEASURE_KINDS, values, reserve))).toEqual(values);
        const counts = values.map((value) => Math.abs(Math.trunc(value)) % 70_000);
        expect(Array.from(pushed(COUNT_KINDS, counts, reserve))).toEqual(counts);
      }),
      { seed: 14 },
    );
  });

  it('joins chunks and adopted arrays of different kinds into the widest one, past the reserved room', () => {
    const column = new NarrowingColumn(COUNT_KINDS);
    column.reserve(2);
    for (let i = 0; i < 70_000; i++) column.push(i % 200); // past the room: chunks of Uint8
    column.adopt(Float64Array.of(300, 1)); // a worker's doubles, whose values need 2 bytes
    column.push(5);
    const out = column.finish(70_003);
    expect(out).toBeInstanceOf(Uint16Array);
    expect(out[69_999]).toBe(69_999 % 200);
    expect(Array.from(out.subarray(70_000))).toEqual([300, 1, 5]);
  });

  it("renumbers a load worker's codes and moves its line numbers on, widening only when the new values need it", () => {
    const codes = Uint8Array.of(0, 1, 1, 0);
    expect(renumberedCodes(codes, Int32Array.of(3, 2))).toBe(codes); // in place: 3 fits a byte
    expect(Array.from(codes)).toEqual([3, 2, 2, 3]);
    const wide = renumberedCodes(Uint8Array.of(1, 0), Int32Array.of(7, 300));
    expect(wide).toBeInstanceOf(Uint16Array);
    expect(Array.from(wide)).toEqual([300, 7]);
    const lines = Uint16Array.of(1, 2, 65_535);
    expect(shiftedCounts(lines, 0)).toBe(lines);
    const moved = shiftedCounts(lines, 10);
    expect(moved).toBeInstanceOf(Uint32Array);
    expect(Array.from(moved)).toEqual([11, 12, 65_545]);
    const small = Uint8Array.of(1, 2);
    expect(shiftedCounts(small, 3)).toBe(small);
    expect(Array.from(small)).toEqual([4, 5]);
  });
});
