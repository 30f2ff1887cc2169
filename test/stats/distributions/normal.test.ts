import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { normal } from '../../../stats/index';
import { expectClose } from '../../helpers/expect-close';

// Reference values: mpmath 1.3 ncdf/npdf at 40 digits, rounded to double.
describe('normal', () => {
  it('keeps full relative accuracy far into both tails (not 1 - cdf)', () => {
    expectClose(normal.sf(20), 2.7536241186062337e-89, { rel: 1e-14 }, { x: 20 });
    expectClose(normal.sf(37.5), 4.605353009581955e-308, { rel: 1e-14 }, { x: 37.5 });
    expectClose(normal.cdf(-20), 2.7536241186062337e-89, { rel: 1e-14 }, { x: -20 });
    expectClose(normal.pdf(30), 1.4736461348785476e-196, { rel: 1e-14 }, { x: 30 });
  });

  it('returns the subnormal lower tail at x = -38, where R returns 0 (the oracle accepts either)', () => {
    expectClose(normal.cdf(-38), 2.88542835e-316, { rel: 1e-6 }, { x: -38 }); // 8 significant bits left
  });

  it('inverts the cdf with AS 241 down to p = 1e-300', () => {
    expectClose(normal.quantile(1e-300), -37.0470962993612, { rel: 1e-14 }, { p: 1e-300 }); // R 4.4 qnorm(1e-300)
    expectClose(normal.quantile(0.975), 1.959963984540054, { rel: 1e-15 }, { p: 0.975 });
  });

  it('is exact at the boundaries', () => {
    expect(normal.cdf(0)).toBe(0.5);
    expect(normal.sf(0)).toBe(0.5);
    expect(normal.cdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(normal.cdf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(normal.sf(Number.POSITIVE_INFINITY)).toBe(0);
    expect(normal.pdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(normal.quantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normal.quantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normal.quantile(0.5)).toBe(0);
  });

  it('rejects NaN and probabilities outside [0, 1], naming the function, argument and value', () => {
    expect(() => normal.cdf(Number.NaN)).toThrow(new RangeError('normal.cdf: `x` must not be NaN'));
    expect(() => normal.quantile(1.5)).toThrow(new RangeError('normal.quantile: `p` must be in [0, 1], got 1.5'));
    expect(() => normal.sf('1' as unknown as number)).toThrow(
      new TypeError('normal.sf: `x` must be a number, got "1" (string)'),
    );
  });

  test.prop([fc.double({ min: -37, max: 37, noNaN: true })], { seed: 20260101 })(
    'is symmetric and its two tails add to 1',
    (x) => {
      expect(normal.cdf(-x)).toBe(normal.sf(x));
      expect(Math.abs(normal.cdf(x) + normal.sf(x) - 1)).toBeLessThanOrEqual(2 * Number.EPSILON);
    },
  );

  test.prop([fc.double({ min: -37, max: 8, noNaN: true }), fc.double({ min: 1e-9, max: 1, noNaN: true })], {
    seed: 20260102,
  })('is increasing', (x, h) => {
    expect(normal.cdf(x + h)).toBeGreaterThanOrEqual(normal.cdf(x));
  });

  test.prop([fc.double({ min: -37, max: 8, noNaN: true })], { seed: 20260103 })('quantile(cdf(x)) returns x', (x) => {
    const back = normal.quantile(normal.cdf(x));
    // cdf rounds to a double; near the centre that rounding, not the quantile, bounds the error.
    expect(Math.abs(back - x)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(x)) + 1e-15 / normal.pdf(x));
  });
});
