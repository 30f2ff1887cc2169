import { describe, expect, it } from 'vitest';
import { narrowCodes, narrowCounts } from '../../src/analysis/narrow-column';

describe('narrowCounts', () => {
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

describe('narrowCodes', () => {
  it('narrows codes by the number of names they index', () => {
    expect(narrowCodes(Int32Array.of(0, 255), 256)).toEqual(Uint8Array.of(0, 255));
    expect(narrowCodes(Int32Array.of(0, 256), 257)).toEqual(Uint16Array.of(0, 256));
    const many = Int32Array.of(0, 70_000);
    expect(narrowCodes(many, 70_001)).toBe(many);
  });
});
