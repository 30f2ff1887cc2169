import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { fisherExact } from '../../stats/index';
import { expectClose } from '../helpers/expect-close';

const pTol = { rel: 1e-9, abs: 1e-12 };
// R solves the odds ratio with uniroot(tol = 2^-13): its upper limit for 9/10 vs 3/10 is 0.8 % off. The odds
// ratios below are the roots of R's own equations solved with mpmath at 40 digits (exact binomial coefficients);
// verdict solves them to about 1e-12 on the log scale.
const orTol = { rel: 1e-9 };

describe('fisherExact: reference values', () => {
  it('matches R fisher.test(matrix(c(9, 1, 3, 7), 2, byrow = TRUE)) with the candidate in the first row', () => {
    const r = fisherExact({ x1: 3, n1: 10, x2: 9, n2: 10 });
    expectClose(r.pValue, 0.01976661109788042, pTol); // R 4.2.2
    expect(r.oddsRatio).toMatchObject({ confidence: 0.95, method: 'conditional-mle' });
    // R prints 17.27587 [1.387127, 1039.291]: its uniroot stops early; mpmath roots of the same equations:
    expectClose(r.oddsRatio.estimate, 17.269033937971685, orTol);
    expectClose(r.oddsRatio.lower, 1.387113537943417, orTol);
    expectClose(r.oddsRatio.upper, 1047.839981703821, orTol);
  });

  it('the estimate is the conditional MLE: E[x2; OR] = x2, not the sample odds ratio', () => {
    const r = fisherExact({ x1: 48, n1: 80, x2: 56, n2: 70 });
    expectClose(r.pValue, 0.012521129749209155, pTol);
    expectClose(r.oddsRatio.estimate, 2.6491872957236944, orTol); // R: 2.64919 (uniroot)
    expectClose(r.oddsRatio.lower, 1.2091154789241259, orTol);
    expectClose(r.oddsRatio.upper, 6.039873013133443, orTol);
    expect(r.oddsRatio.estimate).not.toBeCloseTo((56 * 32) / (14 * 48), 3);
  });

  it('gives p = 1, estimate 0 and [0, Infinity] when only the observed table is possible, as R does', () => {
    expect(fisherExact({ x1: 0, n1: 10, x2: 0, n2: 20 })).toEqual({
      pValue: 1,
      oddsRatio: {
        estimate: 0,
        lower: 0,
        upper: Number.POSITIVE_INFINITY,
        confidence: 0.95,
        method: 'conditional-mle',
      },
    });
  });

  it('puts the estimate and a limit at 0 or Infinity at the ends of the support', () => {
    const all = fisherExact({ x1: 0, n1: 10, x2: 10, n2: 10 });
    expect(all.oddsRatio.estimate).toBe(Number.POSITIVE_INFINITY);
    expect(all.oddsRatio.upper).toBe(Number.POSITIVE_INFINITY);
    expectClose(all.oddsRatio.lower, 11.135840592560433, orTol); // R: 11.13591 (uniroot)
    expectClose(all.pValue, 1.0825088224469028e-5, pTol);
    const none = fisherExact({ x1: 10, n1: 10, x2: 0, n2: 10 });
    expect(none.oddsRatio.estimate).toBe(0);
    expect(none.oddsRatio.lower).toBe(0);
    expectClose(none.oddsRatio.upper, 0.08980013602817502, orTol);
  });

  it('handles a million per arm', () => {
    const r = fisherExact({ x1: 123000, n1: 1_000_000, x2: 123456, n2: 1_000_000 });
    expectClose(r.pValue, 0.327673911810018, pTol);
    expectClose(r.oddsRatio.estimate, 1.0042296366336894, { rel: 1e-6 }); // R 4.2.2 (uniroot)
  });
});

describe('fisherExact: properties', () => {
  const group = fc.integer({ min: 1, max: 60 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));

  test.prop([group, group], { seed: 20261121 })(
    'swapping the groups keeps the p-value and inverts the odds ratio; p in (0, 1]',
    ([x1, n1], [x2, n2]) => {
      const r = fisherExact({ x1, n1, x2, n2 });
      const swapped = fisherExact({ x1: x2, n1: n2, x2: x1, n2: n1 });
      expect(swapped.pValue).toBeCloseTo(r.pValue, 12);
      expect(r.pValue).toBeGreaterThan(0);
      expect(r.pValue).toBeLessThanOrEqual(1);
      const { estimate, lower, upper } = r.oddsRatio;
      if (estimate > 0 && Number.isFinite(estimate))
        expectClose(swapped.oddsRatio.estimate, 1 / estimate, { rel: 1e-9 });
      if (lower > 0) expectClose(swapped.oddsRatio.upper, 1 / lower, { rel: 1e-9 });
      if (Number.isFinite(upper)) expectClose(swapped.oddsRatio.lower, 1 / upper, { rel: 1e-9 });
    },
  );

  test.prop([group, group, fc.double({ min: 0.5, max: 0.99, noNaN: true })], { seed: 20261122 })(
    'the interval contains the estimate',
    ([x1, n1], [x2, n2], confidence) => {
      const { estimate, lower, upper } = fisherExact({ x1, n1, x2, n2 }, { confidence }).oddsRatio;
      expect(lower).toBeLessThanOrEqual(estimate * (1 + 1e-9));
      expect(upper).toBeGreaterThanOrEqual(estimate * (1 - 1e-9));
    },
  );
});

describe('fisherExact: argument checks', () => {
  it('throws a RangeError naming the argument and value', () => {
    expect(() => fisherExact({ x1: 1, n1: 10, x2: 1.5, n2: 10 })).toThrow(
      new RangeError('fisherExact: `x2` must be a non-negative integer, got 1.5'),
    );
    expect(() => fisherExact({ x1: 1, n1: 10, x2: 1, n2: 10 }, { confidence: Number.NaN })).toThrow(
      new RangeError('fisherExact: `confidence` must be a finite number, got NaN'),
    );
  });
});
