import { describe, expect, it } from 'vitest';
import { logBeta, logGamma } from '../../../stats/index';
import { expectClose } from '../../helpers/expect-close';

// Reference values: mpmath 1.3 loggamma / log(beta) at 40 digits, rounded to double.
describe('logGamma', () => {
  it('matches mpmath from 1e-5 to 1e7', () => {
    expectClose(logGamma(1e-5), 11.512919692895826, { rel: 1e-15 });
    expectClose(logGamma(0.5), 0.5723649429247001, { rel: 1e-15 }); // log sqrt(pi)
    expectClose(logGamma(12.5), 18.734347511936445, { rel: 1e-15 });
    expectClose(logGamma(1e7), 151180949.3694739, { rel: 1e-15 });
  });

  it('is log((n - 1)!) at integers, exactly 0 at 1 and 2 up to rounding', () => {
    expectClose(logGamma(5), Math.log(24), { rel: 1e-15 });
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-15);
    expect(Math.abs(logGamma(2))).toBeLessThan(1e-15);
  });
});

describe('logBeta', () => {
  it('does not lose digits to cancelling log-gamma values at large shapes', () => {
    expectClose(logBeta(5e5, 5e5), -693152.4762292606, { rel: 1e-15 });
    expectClose(logBeta(1e6, 0.5), -6.335390211057437, { rel: 1e-14 }); // the naive difference is off by 1e-10
    expectClose(logBeta(0.5, 0.5), Math.log(Math.PI), { rel: 1e-15 });
    expectClose(logBeta(2, 3), Math.log(1 / 12), { rel: 1e-15 });
  });

  it('is symmetric', () => {
    expect(logBeta(3.5, 1e4)).toBe(logBeta(1e4, 3.5));
  });
});
