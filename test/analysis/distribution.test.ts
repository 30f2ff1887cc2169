import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { distributionOf } from '../../src/analysis/distribution';

/** The summary as it was computed before the tally: every finite value sorted, quantiles type 7, summed ascending. */
function bySort(values: readonly number[]) {
  const sorted = Float64Array.from(values.filter(Number.isFinite)).sort();
  if (sorted.length === 0) return null;
  const q = (p: number) => {
    const h = (sorted.length - 1) * p;
    const low = Math.floor(h);
    const below = sorted[low] as number;
    return below + (h - low) * ((sorted[Math.min(sorted.length - 1, low + 1)] as number) - below);
  };
  let total = 0;
  for (const value of sorted) total += value;
  return {
    n: sorted.length,
    mean: total / sorted.length,
    min: sorted[0],
    q1: q(0.25),
    median: q(0.5),
    q3: q(0.75),
    p90: q(0.9),
    max: sorted[sorted.length - 1],
    total,
  };
}

const special = fc.constantFrom(
  0,
  -0,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  0.0004,
  0.1,
  0.2,
);
// Few distinct values (the tally's case: whole milliseconds, a price per call) and many (the sort's).
const fewDistinct = fc.array(fc.oneof(fc.integer({ min: -3, max: 40 }), special), { maxLength: 3000 });
const manyDistinct = fc.array(fc.oneof(fc.double(), special), { minLength: 300, maxLength: 3000 });

describe('distributionOf', () => {
  test.prop([fc.oneof(fewDistinct, manyDistinct)], { numRuns: 400, seed: 21 })(
    'gives the bits of sorting every value (order statistics, and the total summed ascending)',
    (values) => {
      const summary = distributionOf(Float64Array.from(values));
      const expected = bySort(values);
      expect(summary).toEqual(expected);
      if (summary !== null && expected !== null)
        for (const key of Object.keys(expected) as (keyof typeof expected)[])
          expect(Object.is(summary[key], expected[key])).toBe(true); // -0 apart from 0
    },
  );

  it('type-7 quantiles of 5 values (Hyndman & Fan 1996; R quantile(type = 7)), worked by hand', () => {
    // Sorted: 0.5 337 924 933 952; h = (n - 1) p = 4p: q1 = x[1] = 337, median x[2] = 924, q3 x[3] = 933,
    // p90: h = 3.6, x[3] + 0.6 (x[4] - x[3]) = 933 + 0.6 * 19 = 944.4.
    const summary = distributionOf([933, 337, 952, 924, 0.5, Number.NaN]);
    expect(summary).toMatchObject({ n: 5, min: 0.5, q1: 337, median: 924, q3: 933, max: 952, total: 3146.5 });
    expect(summary?.p90).toBeCloseTo(944.4, 12);
  });

  it('sums a price per call as sorting did: 10^5 calls of 0.0004 and a few others', () => {
    const values = Array.from({ length: 100_000 }, (_, i) => (i % 997 === 0 ? 0.0011 : 0.0004));
    expect(distributionOf(values)).toEqual(bySort(values));
  });
});
