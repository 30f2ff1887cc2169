import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { twoProportionTest } from '../../stats/index';
import { expectClose } from '../helpers/expect-close';

const tol = { rel: 1e-9, abs: 1e-12 };

describe('twoProportionTest: reference values (R prop.test, group 2 the candidate)', () => {
  it('with Yates correction (default): prop.test(c(56, 48), c(70, 80)) read as 48/80 baseline, 56/70 candidate', () => {
    const r = twoProportionTest({ x1: 48, n1: 80, x2: 56, n2: 70 });
    expect(r).toMatchObject({ df: 1, continuityCorrection: true });
    expectClose(r.statistic, 6.114270410296227, tol);
    expectClose(r.pValue, 0.013409475178668924, tol);
    expect(r.difference).toMatchObject({ confidence: 0.95, method: 'wald-cc' });
    expectClose(r.difference.estimate, 0.2, tol);
    expectClose(r.difference.lower, 0.04411204200618002, tol);
    expectClose(r.difference.upper, 0.3558879579938201, tol);
  });

  it('without correction: prop.test(c(15, 25), c(50, 50), correct = FALSE)', () => {
    const r = twoProportionTest({ x1: 25, n1: 50, x2: 15, n2: 50 }, { continuityCorrection: false });
    expectClose(r.statistic, 4.166666666666667, tol);
    expectClose(r.pValue, 0.04122683333716357, tol);
    expect(r.difference.method).toBe('wald');
    expectClose(r.difference.estimate, -0.2, tol);
    expectClose(r.difference.lower, -0.3879931412322959, tol);
    expectClose(r.difference.upper, -0.01200685876770416, tol);
  });

  it("shrinks Yates' correction to |p2 - p1| / (1/n1 + 1/n2) as R does: equal rates give statistic 0", () => {
    const r = twoProportionTest({ x1: 7, n1: 12, x2: 7, n2: 12 });
    expect(r.statistic).toBe(0);
    expect(r.pValue).toBe(1);
  });

  it.each([
    [0, 10, 0, 20],
    [10, 10, 10, 10],
  ])('x1 = %i of %i, x2 = %i of %i (no information): statistic 0, pValue 1, R interval', (x1, n1, x2, n2) => {
    const r = twoProportionTest({ x1, n1, x2, n2 });
    expect(r.statistic).toBe(0);
    expect(r.pValue).toBe(1);
    expect(r.difference).toMatchObject({ estimate: 0, lower: 0, upper: 0 });
  });
});

describe('twoProportionTest: properties', () => {
  const group = fc.integer({ min: 1, max: 500 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));

  test.prop([group, group, fc.boolean()], { seed: 20261121 })(
    'swapping the groups keeps the p-value and negates the difference; p in [0, 1]',
    ([x1, n1], [x2, n2], continuityCorrection) => {
      const r = twoProportionTest({ x1, n1, x2, n2 }, { continuityCorrection });
      const swapped = twoProportionTest({ x1: x2, n1: n2, x2: x1, n2: n1 }, { continuityCorrection });
      expect(swapped.pValue).toBeCloseTo(r.pValue, 14);
      expect(swapped.difference.estimate).toBeCloseTo(-r.difference.estimate, 14);
      expect(swapped.difference.lower).toBeCloseTo(-r.difference.upper, 14);
      expect(r.pValue).toBeGreaterThanOrEqual(0);
      expect(r.pValue).toBeLessThanOrEqual(1);
      expect(r.difference.lower).toBeLessThanOrEqual(r.difference.estimate);
      expect(r.difference.upper).toBeGreaterThanOrEqual(r.difference.estimate);
    },
  );

  test.prop([group, group], { seed: 20261122 })('the correction never lowers the p-value', ([x1, n1], [x2, n2]) => {
    const corrected = twoProportionTest({ x1, n1, x2, n2 }).pValue;
    const plain = twoProportionTest({ x1, n1, x2, n2 }, { continuityCorrection: false }).pValue;
    expect(corrected).toBeGreaterThanOrEqual(plain - 1e-15);
  });
});

describe('twoProportionTest: argument checks', () => {
  it.each([
    [
      () => twoProportionTest({ x1: 11, n1: 10, x2: 3, n2: 10 }),
      'twoProportionTest: `x1` (11) must not exceed `n1` (10)',
    ],
    [
      () => twoProportionTest({ x1: 1, n1: 10, x2: 3, n2: 0 }),
      'twoProportionTest: `n2` must be a positive integer, got 0',
    ],
    [
      () => twoProportionTest({ x1: 1, n1: 10, x2: 3, n2: 10 }, { confidence: -0.5 }),
      'twoProportionTest: `confidence` must be strictly between 0 and 1, got -0.5',
    ],
  ])('%#: throws a RangeError naming the argument and value', (call, message) => {
    expect(call).toThrow(new RangeError(message));
  });

  it('throws a TypeError for counts that are not an object', () => {
    expect(() => twoProportionTest([1, 10, 3, 10] as never)).toThrow(
      new TypeError('twoProportionTest: `counts` must be an object { x1, n1, x2, n2 }, got an array of length 4'),
    );
  });
});
