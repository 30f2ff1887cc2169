import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { signTest } from '../../stats/index';

describe('signTest', () => {
  it('is binom.test(positive, positive + negative) with ties dropped', () => {
    const r = signTest([0, 0, 0, 0, 0, 1], [1, 1, 1, 1, 1, 1]);
    expect(r.positive).toBe(5);
    expect(r.negative).toBe(0);
    expect(r.pValue).toBeCloseTo(2 / 32, 14);
  });

  it('gives pValue 1 when every pair is tied or the counts are equal', () => {
    expect(signTest([1, 2, 3], [1, 2, 3])).toEqual({ pValue: 1, positive: 0, negative: 0 });
    expect(signTest([0, 1], [1, 0])).toEqual({ pValue: 1, positive: 1, negative: 1 });
  });

  test.prop(
    [
      fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })), {
        minLength: 1,
        maxLength: 200,
      }),
    ],
    {
      seed: 23,
    },
  )('swapping the variants swaps the counts and keeps p in [0, 1]', (pairs) => {
    const a = pairs.map(([x]) => x);
    const b = pairs.map(([, y]) => y);
    const forward = signTest(a, b);
    const backward = signTest(b, a);
    expect(backward.positive).toBe(forward.negative);
    expect(backward.negative).toBe(forward.positive);
    expect(backward.pValue).toBe(forward.pValue);
    expect(forward.pValue).toBeGreaterThan(0);
    expect(forward.pValue).toBeLessThanOrEqual(1);
  });

  it('rejects non-finite scores', () => {
    expect(() => signTest([1, Number.NaN], [1, 2])).toThrow(
      new RangeError('signTest: `baseline[1]` must be a finite number, got NaN'),
    );
  });
});
