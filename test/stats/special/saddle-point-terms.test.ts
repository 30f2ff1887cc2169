import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { logBinomialTerm } from '../../../stats/special/binomial-term';
import { devianceTerm } from '../../../stats/special/deviance-term';
import { logPoissonTerm } from '../../../stats/special/poisson-term';
import { stirlingError } from '../../../stats/special/stirling-error';
import { expectClose } from '../../helpers/expect-close';

// Loader (2000): stirlerr(n) = log(n!) - log(sqrt(2 pi n) (n/e)^n); bd0(x, np) = x log(x/np) + np - x.
describe('stirlingError', () => {
  it('matches mpmath (40 digits) at small, half-integer and large n', () => {
    expectClose(stirlingError(0.5), 0.15342640972002736, { rel: 1e-14 });
    expectClose(stirlingError(1), 1 - 0.5 * Math.log(2 * Math.PI), { rel: 1e-14 });
    expectClose(stirlingError(5e5), 1.6666666666664444e-7, { rel: 1e-14 });
  });
});

describe('devianceTerm', () => {
  it('is 0 at x = np and agrees with the direct formula away from it', () => {
    expect(devianceTerm(7, 7)).toBe(0);
    expectClose(devianceTerm(3, 10), 3 * Math.log(0.3) + 7, { rel: 1e-14 });
  });

  // mpmath 1.3 (40 digits): bd0(1e6 + 1, 1e6) = 4.99999833333416666...e-7, where the direct formula's two
  // terms of size 1 cancel to 5e-7 and keep only 10 digits.
  it('keeps relative accuracy near x = np where the direct formula cancels', () => {
    expectClose(devianceTerm(10.5, 10), 10.5 * Math.log(1.05) - 0.5, { rel: 1e-13 });
    expectClose(devianceTerm(1e6 + 1, 1e6), 4.999998333334167e-7, { rel: 1e-14 });
  });
});

describe('logBinomialTerm and logPoissonTerm', () => {
  it('equal the textbook densities at small arguments', () => {
    expectClose(Math.exp(logBinomialTerm(3, 10, 0.5, 0.5)), 120 / 1024, { rel: 1e-14 });
    expectClose(Math.exp(logPoissonTerm(2, 2)), 2 * Math.exp(-2), { rel: 1e-14 });
    expect(logBinomialTerm(0, 0, 0.3, 0.7)).toBe(0);
    expect(logBinomialTerm(2, 5, 0, 1)).toBe(Number.NEGATIVE_INFINITY);
  });

  test.prop([fc.integer({ min: 1, max: 60 }), fc.double({ min: 0.01, max: 0.99, noNaN: true })], { seed: 20260601 })(
    'the binomial terms over k = 0..n sum to 1',
    (n, p) => {
      let sum = 0;
      for (let k = 0; k <= n; k++) sum += Math.exp(logBinomialTerm(k, n, p, 1 - p));
      expect(Math.abs(sum - 1)).toBeLessThan(1e-13);
    },
  );
});
