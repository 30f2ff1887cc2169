import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { normal, studentT } from '../../../stats/index';
import { expectClose } from '../../helpers/expect-close';

// Reference values: mpmath 1.3 (40 digits) through the regularized incomplete beta function, rounded to double.
describe('studentT', () => {
  it('matches the closed forms at df = 1 (Cauchy) and df = 2', () => {
    // Tails beyond |x|: atan(1/|x|) / pi and 1 / (s (s + |x|)), s = sqrt(2 + x^2), written without cancellation.
    for (const x of [1e-3, 0.3, 2.5, 30, 1e6]) {
      const s = Math.sqrt(2 + x * x);
      expectClose(studentT.cdf(-x, 1), Math.atan(1 / x) / Math.PI, { rel: 1e-13 }, { x: -x, df: 1 });
      expectClose(studentT.sf(x, 1), Math.atan(1 / x) / Math.PI, { rel: 1e-13 }, { x, df: 1 });
      expectClose(studentT.cdf(-x, 2), 1 / (s * (s + x)), { rel: 1e-13 }, { x: -x, df: 2 });
      expectClose(studentT.cdf(x, 2), 1 - 1 / (s * (s + x)), { rel: 1e-14 }, { x, df: 2 });
    }
  });

  it('keeps full relative accuracy far into the tails', () => {
    expectClose(studentT.sf(1e200, 1), 3.1830988618379067e-201, { rel: 1e-13 }, { x: 1e200, df: 1 });
    expectClose(studentT.sf(1e10, 3), 1.102657790843584e-30, { rel: 1e-13 }, { x: 1e10, df: 3 });
    expectClose(studentT.sf(12, 1000), 2.1620286933872513e-31, { rel: 1e-12 }, { x: 12, df: 1000 }); // R pt
    expectClose(studentT.cdf(1e-10, 5), 0.5000000000379606, { rel: 1e-15 }, { x: 1e-10, df: 5 });
  });

  it('tends to the normal distribution as df grows', () => {
    expectClose(studentT.quantile(0.975, 1e6), 1.9599663568141066, { rel: 1e-12 }, { p: 0.975, df: 1e6 }); // R qt
    expect(Math.abs(studentT.cdf(1.5, 1e12) - normal.cdf(1.5))).toBeLessThan(1e-12);
  });

  it('is exact at the boundaries', () => {
    expect(studentT.cdf(0, 3)).toBe(0.5);
    expect(studentT.sf(Number.POSITIVE_INFINITY, 3)).toBe(0);
    expect(studentT.cdf(Number.NEGATIVE_INFINITY, 3)).toBe(0);
    expect(studentT.quantile(0, 3)).toBe(Number.NEGATIVE_INFINITY);
    expect(studentT.quantile(1, 3)).toBe(Number.POSITIVE_INFINITY);
    expect(studentT.quantile(0.5, 3)).toBe(0);
    expectClose(studentT.pdf(0, 1), 1 / Math.PI, { rel: 1e-15 });
  });

  it('rejects a non-positive df and NaN', () => {
    expect(() => studentT.cdf(1, 0)).toThrow(new RangeError('studentT.cdf: `df` must be greater than 0, got 0'));
    expect(() => studentT.quantile(Number.NaN, 3)).toThrow(
      new RangeError('studentT.quantile: `p` must be a finite number, got NaN'),
    );
    expect(() => studentT.sf(1, Number.POSITIVE_INFINITY)).toThrow(
      new RangeError('studentT.sf: `df` must be a finite number, got Infinity'),
    );
  });

  const df = fc.constantFrom(1, 2, 3, 4.5, 10, 30, 1000, 1e6);
  test.prop([fc.double({ min: -50, max: 50, noNaN: true }), df], { seed: 20260201 })(
    'is symmetric and its two tails add to 1',
    (x, n) => {
      expect(studentT.cdf(-x, n)).toBe(studentT.sf(x, n));
      expect(Math.abs(studentT.cdf(x, n) + studentT.sf(x, n) - 1)).toBeLessThanOrEqual(4 * Number.EPSILON);
    },
  );

  test.prop([fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), df], { seed: 20260202 })(
    'cdf(quantile(p)) returns p, and quantile(1 - p) = -quantile(p) where 1 - p is exact',
    (p, n) => {
      const t = studentT.quantile(p, n);
      const tail = p < 0.5 ? studentT.cdf(t, n) : studentT.sf(t, n);
      const rounding = 8 * Number.EPSILON * Math.abs(t) * studentT.pdf(t, n); // t is a double solved to a few ulps
      expect(Math.abs(tail - Math.min(p, 1 - p))).toBeLessThanOrEqual(1e-13 * Math.min(p, 1 - p) + rounding);
      if (p >= 0.5) expect(studentT.quantile(1 - p, n)).toBe(-t);
    },
  );

  test.prop([fc.double({ min: -40, max: 40, noNaN: true }), fc.double({ min: 1e-6, max: 1, noNaN: true }), df], {
    seed: 20260203,
  })('is increasing', (x, h, n) => {
    expect(studentT.cdf(x + h, n)).toBeGreaterThanOrEqual(studentT.cdf(x, n));
  });
});
