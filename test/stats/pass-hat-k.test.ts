import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { passAtK, passHatK } from '../../stats/index';

describe('passHatK', () => {
  it('is C(c, k) / C(n, k): the chance that all k draws pass', () => {
    expect(passHatK(10, 7, 2)).toBeCloseTo(21 / 45, 15);
    expect(passHatK(10, 7, 1)).toBe(0.7);
  });

  it('is 0 when fewer than k samples pass and 1 when all do', () => {
    expect(passHatK(10, 2, 3)).toBe(0);
    expect(passHatK(10, 10, 10)).toBe(1);
  });

  test.prop(
    [
      fc
        .integer({ min: 1, max: 500 })
        .chain((n) => fc.tuple(fc.constant(n), fc.nat(n), fc.integer({ min: 1, max: n }))),
    ],
    {
      seed: 11,
    },
  )('is 1 - pass@k of the failing samples, and never above pass@k', ([n, c, k]) => {
    expect(Math.abs(passHatK(n, n - c, k) - (1 - passAtK(n, c, k)))).toBeLessThan(1e-12);
    expect(passHatK(n, c, k)).toBeLessThanOrEqual(passAtK(n, c, k) + 1e-15);
  });

  it('rejects k above n', () => {
    expect(() => passHatK(5, 3, 6)).toThrow(new RangeError('passHatK: `k` (6) must not exceed `n` (5)'));
  });
});
