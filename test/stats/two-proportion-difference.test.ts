import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { type TwoProportionDifferenceMethod, twoProportionDifference, twoProportionTest } from '../../stats/index';
import { expectClose } from '../helpers/expect-close';

const tol = { rel: 1e-9, abs: 1e-12 };

describe('twoProportionDifference: reference values', () => {
  // Newcombe (1998c) Table II examples; values from epiR::epi.conf(ctype = "prop.unpaired") (oracle, R 4.2.2),
  // negated because epiR reports group 1 minus group 2 and verdict the candidate (group 2) minus the baseline.
  it.each([
    [56, 70, 48, 80, 0.0524314724023649, 0.3338726540369059],
    [9, 10, 3, 10, 0.17052272393450302, 0.809017973535488],
    [5, 56, 0, 29, -0.03813714790353685, 0.19256001385511157],
    [10, 10, 0, 10, 0.6075093504305243, 1],
    [0, 10, 0, 20, -0.16112515805281932, 0.27753279986288915],
  ])('newcombe: %i/%i vs %i/%i', (xa, na, xb, nb, lower, upper) => {
    const r = twoProportionDifference({ x1: xb, n1: nb, x2: xa, n2: na });
    expect(r).toMatchObject({ confidence: 0.95, method: 'newcombe' });
    expectClose(r.estimate, xa / na - xb / nb, tol);
    expectClose(r.lower, lower, tol);
    expectClose(r.upper, upper, tol);
  });

  it('wald equals the prop.test(correct = FALSE) interval', () => {
    const counts = { x1: 5, n1: 200, x2: 12, n2: 180 };
    const wald = twoProportionDifference(counts, { method: 'wald', confidence: 0.9 });
    const propTest = twoProportionTest(counts, { continuityCorrection: false, confidence: 0.9 }).difference;
    expectClose(wald.lower, propTest.lower, tol);
    expectClose(wald.upper, propTest.upper, tol);
  });
});

describe('twoProportionDifference: properties', () => {
  const group = fc.integer({ min: 1, max: 500 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
  const method = fc.constantFrom<TwoProportionDifferenceMethod>('newcombe', 'wald');
  const level = fc.double({ min: 0.5, max: 0.999, noNaN: true });

  test.prop([group, group, method, level], { seed: 20261121 })(
    'contains the estimate, stays in [-1, 1] and negates when the groups swap',
    ([x1, n1], [x2, n2], m, confidence) => {
      const r = twoProportionDifference({ x1, n1, x2, n2 }, { method: m, confidence });
      expect(r.lower).toBeLessThanOrEqual(r.estimate + 1e-12);
      expect(r.upper).toBeGreaterThanOrEqual(r.estimate - 1e-12);
      expect(r.lower).toBeGreaterThanOrEqual(-1);
      expect(r.upper).toBeLessThanOrEqual(1);
      const swapped = twoProportionDifference({ x1: x2, n1: n2, x2: x1, n2: n1 }, { method: m, confidence });
      expect(swapped.lower).toBeCloseTo(-r.upper, 14);
      expect(swapped.upper).toBeCloseTo(-r.lower, 14);
    },
  );

  test.prop([group, group, method, level, level], { seed: 20261122 })(
    'never narrows as the confidence rises',
    ([x1, n1], [x2, n2], m, a, b) => {
      const narrow = twoProportionDifference({ x1, n1, x2, n2 }, { method: m, confidence: Math.min(a, b) });
      const wide = twoProportionDifference({ x1, n1, x2, n2 }, { method: m, confidence: Math.max(a, b) });
      expect(wide.lower).toBeLessThanOrEqual(narrow.lower + 1e-12);
      expect(wide.upper).toBeGreaterThanOrEqual(narrow.upper - 1e-12);
    },
  );
});

describe('twoProportionDifference: argument checks', () => {
  it('throws a RangeError naming the argument and value', () => {
    expect(() => twoProportionDifference({ x1: -1, n1: 10, x2: 1, n2: 10 })).toThrow(
      new RangeError('twoProportionDifference: `x1` must be a non-negative integer, got -1'),
    );
    expect(() =>
      twoProportionDifference({ x1: 1, n1: 10, x2: 1, n2: 10 }, { method: 'score' as TwoProportionDifferenceMethod }),
    ).toThrow(new RangeError("twoProportionDifference: `method` must be one of 'newcombe', 'wald', got \"score\""));
  });

  it('throws a TypeError when options is not an object', () => {
    expect(() => twoProportionDifference({ x1: 1, n1: 10, x2: 1, n2: 10 }, 0.95 as never)).toThrow(
      new TypeError('twoProportionDifference: `options` must be an object, got 0.95'),
    );
  });
});
