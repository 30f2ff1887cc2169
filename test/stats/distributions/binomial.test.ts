import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { binomial } from '../../../stats/index';
import { expectClose } from '../../helpers/expect-close';

/** P(X = k) for small n from exact rational arithmetic, C(n, k) p^k q^(n-k) with p = num / den. */
function exactPmf(k: number, n: number, num: number, den: number): number {
  let choose = 1n;
  for (let i = 1; i <= k; i++) choose = (choose * BigInt(n - k + i)) / BigInt(i);
  const numerator = choose * BigInt(num) ** BigInt(k) * BigInt(den - num) ** BigInt(n - k);
  const denominator = BigInt(den) ** BigInt(n);
  return Number((numerator * 10n ** 30n) / denominator) / 1e30;
}

describe('binomial', () => {
  it('equals exact rational arithmetic for small n', () => {
    for (const k of [0, 1, 7, 19, 20]) {
      expectClose(binomial.pmf(k, 20, 0.3), exactPmf(k, 20, 3, 10), { rel: 1e-14 }, { k, n: 20, p: 0.3 });
    }
    let cumulative = 0;
    for (let k = 0; k < 20; k++) {
      cumulative += exactPmf(k, 20, 3, 10);
      expectClose(binomial.cdf(k, 20, 0.3), cumulative, { rel: 1e-13 }, { k, n: 20, p: 0.3 });
    }
  });

  // Reference values: mpmath 1.3 (40 digits), summing binomial terms outward from k until they vanish.
  it('keeps full relative accuracy in both tails at n = 10^7', () => {
    expectClose(binomial.cdf(4_995_000, 1e7, 0.5), 7.835509528476992e-4, { rel: 1e-12 });
    expectClose(binomial.sf(5_010_000, 1e7, 0.5), 1.267199740909424e-10, { rel: 1e-12 });
    expectClose(binomial.pmf(5_000_000, 1e7, 0.5), 2.523132458941848e-4, { rel: 1e-13 });
    expectClose(binomial.pmf(3, 1e7, 1e-6), 7.566637557113688e-3, { rel: 1e-13 });
  });

  it('returns the logarithm of tails that underflow a double', () => {
    expect(binomial.sf(6e6, 1e7, 0.5)).toBe(0);
    expectClose(binomial.logSf(6e6, 1e7, 0.5), -201362.7067909154, { rel: 1e-14 });
    // P(X <= 4e6 - 1) = P(X > 6e6) by symmetry at p = 1/2.
    expectClose(binomial.logCdf(3_999_999, 1e7, 0.5), -201362.7067909154, { rel: 1e-14 });
    expect(binomial.logPmf(0, 10, 0.5)).toBe(10 * Math.log(0.5));
  });

  it('is exact at the boundaries, with R conventions', () => {
    expect(binomial.cdf(10, 10, 0.3)).toBe(1);
    expect(binomial.sf(10, 10, 0.3)).toBe(0);
    expect(binomial.cdf(-1, 10, 0.3)).toBe(0);
    expect(binomial.cdf(3.5, 10, 0.5)).toBe(binomial.cdf(3, 10, 0.5)); // pbinom floors k
    expect(binomial.pmf(3.5, 10, 0.5)).toBe(0);
    expect(binomial.pmf(11, 10, 0.5)).toBe(0);
    expect(binomial.pmf(0, 10, 0)).toBe(1);
    expect(binomial.pmf(10, 10, 1)).toBe(1);
    expect(binomial.cdf(0, 10, 0)).toBe(1);
    expect(binomial.cdf(9, 10, 1)).toBe(0);
    expect(binomial.pmf(0, 0, 0.4)).toBe(1);
    expect(binomial.quantile(0, 10, 0.3)).toBe(0);
    expect(binomial.quantile(1, 10, 0.3)).toBe(10);
  });

  it('finds the quantile as R qbinom does: the smallest k with P(X <= k) >= q', () => {
    expect(binomial.quantile(0.5, 10, 0.5)).toBe(5);
    expect(binomial.quantile(binomial.cdf(4, 10, 0.5), 10, 0.5)).toBe(4);
    expect(binomial.quantile(0.975, 1e7, 0.5)).toBe(5_003_099); // R qbinom(0.975, 1e7, 0.5)
  });

  it('rejects a non-integer n, a probability outside [0, 1] and NaN', () => {
    expect(() => binomial.cdf(1, 2.5, 0.5)).toThrow(
      new RangeError('binomial.cdf: `n` must be a non-negative integer, got 2.5'),
    );
    expect(() => binomial.pmf(1, 10, 1.2)).toThrow(new RangeError('binomial.pmf: `p` must be in [0, 1], got 1.2'));
    expect(() => binomial.sf(Number.NaN, 10, 0.5)).toThrow(new RangeError('binomial.sf: `k` must not be NaN'));
  });

  const n = fc.constantFrom(1, 10, 100, 1000, 1e5, 1e7);
  const p = fc.constantFrom(1e-6, 0.01, 0.3, 0.5, 0.9);
  test.prop([fc.double({ min: -0.1, max: 1.1, noNaN: true }), n, p], { seed: 20260501 })(
    'its two tails add to 1 and the log forms agree with them',
    (fraction, size, prob) => {
      const k = Math.round(fraction * size);
      const lower = binomial.cdf(k, size, prob);
      const upper = binomial.sf(k, size, prob);
      expect(Math.abs(lower + upper - 1)).toBeLessThanOrEqual(4 * Number.EPSILON);
      if (lower > 1e-300) expectClose(Math.log(lower), binomial.logCdf(k, size, prob), { rel: 1e-14, abs: 1e-15 });
    },
  );

  test.prop([fc.double({ min: 0, max: 1, noNaN: true }), n, p], { seed: 20260502 })(
    'cdf(k) - cdf(k - 1) = pmf(k)',
    (fraction, size, prob) => {
      const k = Math.round(fraction * size);
      const difference = binomial.cdf(k, size, prob) - binomial.cdf(k - 1, size, prob);
      expect(Math.abs(difference - binomial.pmf(k, size, prob))).toBeLessThanOrEqual(4 * Number.EPSILON);
    },
  );

  test.prop([fc.double({ min: 1e-9, max: 1 - 1e-9, noNaN: true }), n, p], { seed: 20260503 })(
    'quantile(q) is the smallest k whose cdf reaches q',
    (q, size, prob) => {
      const k = binomial.quantile(q, size, prob);
      expect(binomial.cdf(k, size, prob)).toBeGreaterThanOrEqual(q * (1 - 64 * Number.EPSILON));
      if (k > 0) expect(binomial.cdf(k - 1, size, prob)).toBeLessThan(q);
    },
  );
});
