import { describe, expect, it } from 'vitest';
import { incompleteBeta } from '../../../stats/special/incomplete-beta';
import { incompleteGamma } from '../../../stats/special/incomplete-gamma';
import { expectClose } from '../../helpers/expect-close';

describe('incompleteBeta', () => {
  it('returns both tails, the smaller one computed directly', () => {
    const tails = incompleteBeta(0.5, 0.5, 3, 8);
    expect(tails.lower).toBe(0.9453125); // pbeta(0.5, 3, 8) = 121/128
    expectClose(tails.upper, 7 / 128, { rel: 1e-14 });
    expectClose(tails.logUpper, Math.log(7 / 128), { rel: 1e-14 });
  });

  // The t distribution's I_x(5e5, 0.5) with x = n / (n + t^2) near 1: the textbook continued fraction by
  // Lentz's method lost 2.6e-11 here. Reference: mpmath 1.3 quadrature of the t density, 40 digits
  // (pt(2.5, 1e6, lower = FALSE) = 0.006209744751081623).
  it('stays exact for a large a and a small b with x near 1', () => {
    const n = 1e6;
    const tails = incompleteBeta(n / (n + 6.25), 6.25 / (n + 6.25), n / 2, 0.5);
    expectClose(tails.lower / 2, 0.006209744751081623, { rel: 1e-13 });
  });

  it('keeps the logarithm of a tail that underflows', () => {
    const tails = incompleteBeta(0.9, 0.1, 1, 5000); // I_x(1, b) = 1 - (1 - x)^b
    expect(tails.upper).toBe(0);
    expectClose(tails.logUpper, 5000 * Math.log(0.1), { rel: 1e-14 });
  });

  it('is exact at x = 0 and x = 1', () => {
    const atZero = incompleteBeta(0, 1, 2, 3);
    expect([atZero.lower, atZero.upper, atZero.logLower]).toEqual([0, 1, Number.NEGATIVE_INFINITY]);
    expect(atZero.logUpper === 0).toBe(true);
    expect(incompleteBeta(1, 0, 2, 3).lower).toBe(1);
  });
});

describe('incompleteGamma', () => {
  // mpmath 1.3 (40 digits): the series P(a, x) at a = 3958664.94..., x = a - 9848.3, where scipy 1.17's
  // gammainc returns 3.6275e-7 (0.35% off) and this returns 3.640102910647195e-7.
  it('sums the series accurately at shapes of 4e6', () => {
    expectClose(incompleteGamma(3958664.942360227, 3948816.639819936).lower, 3.640102910647195e-7, { rel: 1e-12 });
  });

  it('matches the exponential distribution at a = 1 in both tails', () => {
    expectClose(incompleteGamma(1, 2).upper, Math.exp(-2), { rel: 1e-15 });
    expectClose(incompleteGamma(1, 1e-10).lower, -Math.expm1(-1e-10), { rel: 1e-14 });
    expectClose(incompleteGamma(1, 800).logUpper, -800, { rel: 1e-15 });
  });

  it('is exact at x = 0 and x = Infinity', () => {
    expect(incompleteGamma(2, 0).lower).toBe(0);
    expect(incompleteGamma(2, Number.POSITIVE_INFINITY).upper).toBe(0);
  });
});
