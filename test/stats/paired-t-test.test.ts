import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { pairedTTest } from '../../stats/index';

// R's sleep data: extra hours of sleep with drug 1 and drug 2 on the same 10 patients.
const drug1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const drug2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

describe('pairedTTest', () => {
  it('matches R t.test(drug1, drug2, paired = TRUE) on the sleep data', () => {
    // R 4.2: t = -4.0621, df = 9, p-value = 0.002833, 95 % CI -2.4598858 -0.7001142, mean difference -1.58
    const r = pairedTTest(drug2, drug1);
    expect(r.estimate).toBeCloseTo(-1.58, 12);
    expect(r.statistic).toBeCloseTo(-4.0621, 4);
    expect(r.df).toBe(9);
    expect(r.pValue).toBeCloseTo(0.002833, 6);
    expect(r.lower).toBeCloseTo(-2.4598858, 7);
    expect(r.upper).toBeCloseTo(-0.7001142, 7);
    expect(r.confidence).toBe(0.95);
  });

  it('gives the value of its documentation example', () => {
    const r = pairedTTest([1, 2, 3, 4], [2, 4, 3, 6]);
    expect(r.statistic).toBeCloseTo(2.6111648393354674, 12);
    expect(r.pValue).toBeCloseTo(0.0796049808179, 12);
  });

  it('gives pValue 1 and a zero-width interval when the variants scored identically', () => {
    expect(pairedTTest([1, 2, 3], [1, 2, 3])).toEqual({
      statistic: 0,
      df: 2,
      pValue: 1,
      estimate: 0,
      lower: 0,
      upper: 0,
      confidence: 0.95,
    });
  });

  it('throws when the differences are constant but not zero (R: "data are essentially constant")', () => {
    expect(() => pairedTTest([1, 2, 3], [1.5, 2.5, 3.5])).toThrow(
      new RangeError(
        'pairedTTest: the differences (candidate - baseline) are all equal to 0.5, so t is undefined (standard deviation 0)',
      ),
    );
  });

  test.prop(
    [
      fc.array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 })), {
        minLength: 3,
        maxLength: 40,
      }),
    ],
    {
      seed: 5,
    },
  )('swapping baseline and candidate negates the difference and keeps the p-value in [0, 1]', (pairs) => {
    const a = pairs.map(([x]) => x / 10);
    const b = pairs.map(([, y]) => y / 10);
    const d = a.map((x, i) => b[i]! - x);
    if (new Set(d).size === 1) return; // constant differences: covered above
    const forward = pairedTTest(a, b);
    const backward = pairedTTest(b, a);
    expect(backward.estimate).toBeCloseTo(-forward.estimate, 12);
    expect(backward.statistic).toBeCloseTo(-forward.statistic, 10);
    expect(backward.pValue).toBeCloseTo(forward.pValue, 12);
    expect(forward.pValue).toBeGreaterThanOrEqual(0);
    expect(forward.pValue).toBeLessThanOrEqual(1);
    expect(forward.lower).toBeLessThanOrEqual(forward.estimate);
    expect(forward.upper).toBeGreaterThanOrEqual(forward.estimate);
  });

  it('rejects unpaired or too short input', () => {
    expect(() => pairedTTest([1, 2, 3], [1, 2])).toThrow(
      new RangeError('pairedTTest: `baseline` and `candidate` must have the same length (paired data), got 3 and 2'),
    );
    expect(() => pairedTTest([1], [2])).toThrow(
      new RangeError('pairedTTest: `baseline` must hold at least 2 value(s), got 1'),
    );
    expect(() => pairedTTest([1, 2], [2, 3], { confidence: 95 })).toThrow(
      new RangeError('pairedTTest: `confidence` must be strictly between 0 and 1, got 95'),
    );
  });
});
