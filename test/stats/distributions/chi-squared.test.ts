import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { chiSquared, normal } from '../../../stats/index';
import { expectClose } from '../../helpers/expect-close';

// Reference values: mpmath 1.3 gammainc (40 digits), rounded to double, unless a closed form is given.
describe('chiSquared', () => {
  it('matches the closed forms at df = 2 (exponential) and df = 1 (squared normal)', () => {
    for (const x of [1e-8, 0.3, 2, 17, 300]) {
      expectClose(chiSquared.sf(x, 2), Math.exp(-x / 2), { rel: 1e-14 }, { x, df: 2 });
      expectClose(chiSquared.sf(x, 1), 2 * normal.sf(Math.sqrt(x)), { rel: 1e-13 }, { x, df: 1 });
    }
    expectClose(chiSquared.sf(1400, 2), 9.85967654375977e-305, { rel: 1e-14 }, { x: 1400, df: 2 });
    expectClose(chiSquared.cdf(1e-300, 2), 5e-301, { rel: 1e-13 }, { x: 1e-300, df: 2 });
  });

  it('keeps full relative accuracy in both tails at df = 10^6', () => {
    expectClose(chiSquared.sf(1.01e6, 1e6), 9.068528823262077e-13, { rel: 1e-13 }, { x: 1.01e6, df: 1e6 });
    expectClose(chiSquared.cdf(0.99e6, 1e6), 6.500171180085838e-13, { rel: 1e-13 }, { x: 0.99e6, df: 1e6 });
  });

  it('returns the familiar critical values', () => {
    expectClose(chiSquared.quantile(0.95, 1), 3.841458820694124, { rel: 1e-14 }, { p: 0.95, df: 1 }); // R qchisq
    expectClose(chiSquared.quantile(0.99, 2), 9.210340371976182, { rel: 1e-14 }, { p: 0.99, df: 2 }); // R qchisq
  });

  it('is exact at the boundaries', () => {
    expect(chiSquared.cdf(0, 3)).toBe(0);
    expect(chiSquared.cdf(-1, 3)).toBe(0);
    expect(chiSquared.sf(0, 3)).toBe(1);
    expect(chiSquared.sf(Number.POSITIVE_INFINITY, 3)).toBe(0);
    expect(chiSquared.quantile(0, 3)).toBe(0);
    expect(chiSquared.quantile(1, 3)).toBe(Number.POSITIVE_INFINITY);
    expect(chiSquared.quantile(1e-300, 1)).toBe(0); // the exact quantile, 0, is below the smallest double
    expectClose(chiSquared.pdf(2, 2), Math.exp(-1) / 2, { rel: 1e-15 });
  });

  it('rejects a non-positive df and probabilities outside [0, 1]', () => {
    expect(() => chiSquared.sf(1, -2)).toThrow(new RangeError('chiSquared.sf: `df` must be greater than 0, got -2'));
    expect(() => chiSquared.quantile(-0.1, 2)).toThrow(
      new RangeError('chiSquared.quantile: `p` must be in [0, 1], got -0.1'),
    );
  });

  const df = fc.constantFrom(1, 2, 3, 7.5, 30, 1000, 1e6);
  test.prop([fc.double({ min: 0, max: 4, noNaN: true }), df], { seed: 20260301 })(
    'its two tails add to 1',
    (scale, n) => {
      const x = scale * n;
      expect(Math.abs(chiSquared.cdf(x, n) + chiSquared.sf(x, n) - 1)).toBeLessThanOrEqual(4 * Number.EPSILON);
    },
  );

  test.prop([fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), df], { seed: 20260302 })(
    'cdf(quantile(p)) returns p',
    (p, n) => {
      const x = chiSquared.quantile(p, n);
      const tail = p <= 0.5 ? chiSquared.cdf(x, n) : chiSquared.sf(x, n);
      // x is a double solved to a few ulps: at df = 10^6 a relative change of 1e-16 in x moves the tail by
      // 5e-13 relative, so the allowance includes x f(x) times a few ulps.
      const rounding = 8 * Number.EPSILON * x * chiSquared.pdf(x, n);
      expect(Math.abs(tail - Math.min(p, 1 - p))).toBeLessThanOrEqual(1e-13 * Math.min(p, 1 - p) + rounding);
    },
  );

  test.prop([fc.double({ min: 0, max: 3, noNaN: true }), fc.double({ min: 1e-6, max: 0.1, noNaN: true }), df], {
    seed: 20260303,
  })('is increasing', (scale, h, n) => {
    expect(chiSquared.cdf((scale + h) * n, n)).toBeGreaterThanOrEqual(chiSquared.cdf(scale * n, n));
  });
});
