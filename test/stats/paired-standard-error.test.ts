import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { pairedStandardError } from '../../stats/index';

const variance = (x: number[]) => {
  const m = x.reduce((s, v) => s + v, 0) / x.length;
  return x.reduce((s, v) => s + (v - m) ** 2, 0) / (x.length - 1);
};
const covariance = (x: number[], y: number[]) => {
  const mx = x.reduce((s, v) => s + v, 0) / x.length;
  const my = y.reduce((s, v) => s + v, 0) / y.length;
  return x.reduce((s, v, i) => s + (v - mx) * (y[i]! - my), 0) / (x.length - 1);
};

describe('pairedStandardError', () => {
  it('is sd(candidate - baseline) / sqrt(n)', () => {
    expect(pairedStandardError([1, 0, 1, 0], [1, 1, 1, 0])).toEqual({ meanDifference: 0.25, se: 0.25 });
  });

  test.prop(
    [
      fc.array(fc.tuple(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 })), {
        minLength: 2,
        maxLength: 50,
      }),
    ],
    {
      seed: 31,
    },
  )("equals Miller's sqrt((var A + var B - 2 cov) / n), and swapping negates the mean only", (pairs) => {
    const a = pairs.map(([x]) => x / 10);
    const b = pairs.map(([, y]) => y / 10);
    const r = pairedStandardError(a, b);
    const miller = Math.sqrt(Math.max(0, (variance(a) + variance(b) - 2 * covariance(a, b)) / a.length));
    expect(r.se).toBeCloseTo(miller, 10);
    const swapped = pairedStandardError(b, a);
    expect(swapped.meanDifference).toBeCloseTo(-r.meanDifference, 14);
    expect(swapped.se).toBeCloseTo(r.se, 14);
  });

  it('rejects unpaired vectors', () => {
    expect(() => pairedStandardError([1, 0, 1], [1, 0])).toThrow(
      new RangeError(
        'pairedStandardError: `baseline` and `candidate` must have the same length (paired data), got 3 and 2',
      ),
    );
  });
});
