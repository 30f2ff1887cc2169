import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { passAtK } from '../../stats/index';

/** C(n, k) exactly. */
function choose(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let result = 1n;
  for (let i = 1; i <= k; i++) result = (result * BigInt(n - k + i)) / BigInt(i);
  return result;
}

/** An exact rational num/den rounded to a double (within 2 ulps): 40 scaled digits, then one division. */
const toDouble = (num: bigint, den: bigint): number => Number((num * 10n ** 40n) / den) / 1e40;

describe('passAtK', () => {
  it('is 1 - C(n - c, k) / C(n, k) (Chen et al. 2021, eq. 1)', () => {
    expect(passAtK(10, 3, 1)).toBe(0.3);
    expect(passAtK(10, 3, 5)).toBeCloseTo(1 - 21 / 252, 15);
  });

  it('is exactly 0 with no correct sample and exactly 1 when fewer than k samples fail', () => {
    expect(passAtK(200, 0, 50)).toBe(0);
    expect(passAtK(10, 10, 1)).toBe(1);
    expect(passAtK(10, 6, 5)).toBe(1); // 4 failures cannot fill 5 draws
  });

  it('keeps full relative accuracy when pass@k is tiny (n = 1e5)', () => {
    // pass@1 = c/n exactly; the naive 1 - prod(1 - k/i) keeps only about 11 digits here.
    expect(passAtK(100_000, 1, 1)).toBeCloseTo(1e-5, 20);
    expect(Math.abs(passAtK(100_000, 1, 1) / 1e-5 - 1)).toBeLessThan(1e-14);
    expect(Math.abs(passAtK(100_000, 3, 1) / 3e-5 - 1)).toBeLessThan(1e-14);
  });

  test.prop(
    [fc.integer({ min: 1, max: 60 }).chain((n) => fc.tuple(fc.constant(n), fc.nat(n), fc.integer({ min: 1, max: n })))],
    {
      seed: 20241121,
    },
  )('equals the exact BigInt ratio for small n', ([n, c, k]) => {
    const den = choose(n, k);
    const want = toDouble(den - choose(n - c, k), den);
    const got = passAtK(n, c, k);
    expect(Math.abs(got - want)).toBeLessThanOrEqual(Math.max(1e-15, 1e-13 * want));
  });

  test.prop(
    [fc.integer({ min: 1000, max: 100_000 }), fc.integer({ min: 1, max: 150 }), fc.integer({ min: 1, max: 1000 })],
    {
      seed: 99,
      numRuns: 40,
    },
  )('stays within 1e-12 relative of the exact ratio for n up to 1e5', (n, c, k) => {
    // C(n - c, k) / C(n, k) = prod_{i = n-c+1}^{n} (i - k) / i: c factors, exact in BigInt.
    let num = 1n;
    let den = 1n;
    for (let i = n - c + 1; i <= n; i++) {
      num *= BigInt(Math.max(0, i - k));
      den *= BigInt(i);
    }
    const want = toDouble(den - num, den);
    expect(Math.abs(passAtK(n, c, k) - want)).toBeLessThanOrEqual(1e-12 * want);
  });

  test.prop(
    [
      fc
        .integer({ min: 2, max: 2000 })
        .chain((n) => fc.tuple(fc.constant(n), fc.nat(n), fc.integer({ min: 1, max: n - 1 }))),
    ],
    {
      seed: 7,
    },
  )('never falls as k or c grows', ([n, c, k]) => {
    expect(passAtK(n, c, k + 1)).toBeGreaterThanOrEqual(passAtK(n, c, k));
    if (c < n) expect(passAtK(n, c + 1, k)).toBeGreaterThanOrEqual(passAtK(n, c, k));
  });

  it('rejects k above n, c above n and non-counts, naming the argument and the value', () => {
    expect(() => passAtK(10, 3, 11)).toThrow(new RangeError('passAtK: `k` (11) must not exceed `n` (10)'));
    expect(() => passAtK(10, 11, 1)).toThrow(new RangeError('passAtK: `c` (11) must not exceed `n` (10)'));
    expect(() => passAtK(10, 3, 0)).toThrow(new RangeError('passAtK: `k` must be a positive integer, got 0'));
    expect(() => passAtK(10, 2.5, 1)).toThrow(new RangeError('passAtK: `c` must be a non-negative integer, got 2.5'));
    expect(() => passAtK(Number.NaN, 1, 1)).toThrow(new RangeError('passAtK: `n` must be a finite number, got NaN'));
  });
});
