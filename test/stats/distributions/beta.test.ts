import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { beta } from '../../../stats/index';
import { expectClose } from '../../helpers/expect-close';

describe('beta', () => {
  it('matches the closed forms I_x(1, 1) = x and I_x(a, 1) = x^a', () => {
    // The prefactor is exp(log): at x = 1e-300 its exponent near -690 carries half an ulp (6e-14) absolute.
    for (const x of [1e-300, 1e-8, 0.25, 0.5, 0.999]) {
      expectClose(beta.cdf(x, 1, 1), x, { rel: 1e-13 }, { x });
      expectClose(beta.cdf(x ** (1 / 3.5), 3.5, 1), x, { rel: 1e-13 }, { x, a: 3.5 });
    }
  });

  it('keeps full accuracy at shapes of 10^6 (scipy 1.17 betainc, Boost ibeta)', () => {
    // At a = b = 5e5 the beta is nearly normal with sd 5e-4: x = 0.5005 is one sd above the mean.
    expectClose(beta.cdf(0.5005, 5e5, 5e5), 0.8413447460685569, { rel: 1e-12 }, { x: 0.5005, a: 5e5, b: 5e5 });
    // R qbeta(0.95, 0.5, 1000000.5)
    expectClose(beta.quantile(0.95, 0.5, 1000000.5), 0.0000019207270855660607, { rel: 1e-12 });
  });

  it('computes the upper tail directly (mpmath 1.3 betainc, 40 digits)', () => {
    expectClose(beta.sf(0.999, 2, 0.5), 0.04741835351422487, { rel: 1e-14 }, { x: 0.999, a: 2, b: 0.5 });
  });

  it('is exact at the boundaries', () => {
    expect(beta.cdf(0, 2, 3)).toBe(0);
    expect(beta.cdf(1, 2, 3)).toBe(1);
    expect(beta.sf(1, 2, 3)).toBe(0);
    expect(beta.cdf(-0.5, 2, 3)).toBe(0);
    expect(beta.quantile(0, 2, 3)).toBe(0);
    expect(beta.quantile(1, 2, 3)).toBe(1);
    expectClose(beta.pdf(0.5, 2, 2), 1.5, { rel: 1e-15 });
    expect(beta.pdf(0, 0.5, 2)).toBe(Number.POSITIVE_INFINITY);
  });

  it('rejects non-positive shapes', () => {
    expect(() => beta.cdf(0.5, 0, 1)).toThrow(new RangeError('beta.cdf: `a` must be greater than 0, got 0'));
    expect(() => beta.quantile(0.5, 1, -1)).toThrow(
      new RangeError('beta.quantile: `b` must be greater than 0, got -1'),
    );
  });

  const shape = fc.constantFrom(0.5, 1, 2.5, 10, 100.5, 1e4, 1e6);
  // x in [1/2, 1], where 1 - x is exact.
  test.prop([fc.double({ min: 0.5, max: 1, noNaN: true }), shape, shape], { seed: 20260401 })(
    'is symmetric (I_x(a, b) = 1 - I_(1-x)(b, a)) and its two tails add to 1',
    (x, a, b) => {
      expectClose(beta.cdf(1 - x, b, a), beta.sf(x, a, b), { rel: 1e-12, abs: 1e-300 }, { x, a, b });
      expect(Math.abs(beta.cdf(x, a, b) + beta.sf(x, a, b) - 1)).toBeLessThanOrEqual(4 * Number.EPSILON);
    },
  );

  test.prop([fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), shape, shape], { seed: 20260402 })(
    'cdf(quantile(p)) returns p',
    (p, a, b) => {
      const x = beta.quantile(p, a, b);
      const tail = p <= 0.5 ? beta.cdf(x, a, b) : beta.sf(x, a, b);
      // x is a rounded double (and solved to ~1e-14 on the logit scale): where the density is steep, near
      // x = 1 with a large a, that rounding and not the solver bounds how close the tail can get to p.
      const rounding = beta.pdf(x, a, b) * (2 * Number.EPSILON * x + 1e-14 * x * (1 - x));
      expect(Math.abs(tail - Math.min(p, 1 - p))).toBeLessThanOrEqual(1e-11 * Math.min(p, 1 - p) + rounding);
    },
  );
});
