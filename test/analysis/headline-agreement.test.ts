import { describe, expect, it } from 'vitest';
import { binaryComparison } from '../../src/analysis/binary-comparison';
import { decideVerdict } from '../../src/analysis/decide-verdict';
import { compare, PASS_TESTS, resolvePolicy } from '../../src/index';
import { seededRandom } from '../../stats/index';

/**
 * "One inference behind the headline" (issue 10): for every paired 2x2 table with n <= 60, the verdict, the
 * p-value and the interval shown first never contradict each other. The test and the interval depend on the
 * table only through n10, n01 and n, so every (n10, n01, n) with n10 + n01 <= n <= 60 is every table's case.
 * Intervals are closed, except one `cut` at 0 (the test rejects there), which is open at 0. No contradiction
 * means: significant (p <= alpha) exactly when the interval does not hold 0; a
 * regression only with a significant negative difference whose interval lies at or below 0; an improvement only
 * with one at or above 0; "no significant difference" and "underpowered" only with 0 in the interval.
 */
function contradiction(
  {
    estimate,
    lower,
    upper,
    adjustedToTest,
  }: { estimate: number; lower: number; upper: number; adjustedToTest?: string },
  pValue: number,
  verdict: string,
  alpha: number,
): string | null {
  const significant = pValue <= alpha;
  const excludesZero = lower > 0 || upper < 0 || adjustedToTest === 'cut';
  if (!(lower <= estimate && estimate <= upper)) return 'the estimate is outside its interval';
  if (significant !== excludesZero) return `p = ${pValue} but the interval is [${lower}, ${upper}]`;
  if (verdict === 'regressed' && !(significant && estimate < 0 && upper <= 0)) return 'regressed without a drop';
  if (verdict === 'improved' && !(significant && estimate > 0 && lower >= 0)) return 'improved without a gain';
  if ((verdict === 'no-significant-difference' || verdict === 'underpowered') && significant)
    return `${verdict} with p <= alpha`;
  return null;
}

describe('every 2x2 table with n <= 60: the headline verdict, p-value and interval agree', () => {
  it.each(PASS_TESTS.flatMap((test) => [0.05, 0.01, 0.1].map((alpha) => ({ test, alpha }))))(
    'test $test, alpha $alpha',
    ({ test, alpha }) => {
      const policy = resolvePolicy({ test, alpha });
      const failures: string[] = [];
      let tables = 0;
      for (let n = 1; n <= 60; n++) {
        for (let n10 = 0; n10 <= n; n10++) {
          for (let n01 = 0; n10 + n01 <= n; n01++) {
            tables++;
            const { paired } = binaryComparison({ n11: n - n10 - n01, n10, n01, n00: 0 }, policy);
            const { verdict } = decideVerdict(
              { ...paired.difference, pValue: paired.test.pValue, powerAtEffect: null },
              policy,
            );
            const problem = contradiction(paired.difference, paired.test.pValue, verdict, alpha);
            if (problem !== null && failures.length < 10)
              failures.push(`n = ${n}, n10 = ${n10}, n01 = ${n01}: ${problem}`);
          }
        }
      }
      expect(tables).toBe(39_710);
      expect(failures).toEqual([]);
    },
    60_000,
  );

  it('compare puts that same pair in its headline (200 seeded tables, the default policy)', () => {
    const random = seededRandom(60);
    for (let run = 0; run < 200; run++) {
      const n = 1 + Math.floor(random() * 60);
      const cells = [0, 0, 0, 0];
      for (let i = 0; i < n; i++) cells[Math.floor(random() * 4)]!++;
      const [n11, n10, n01, n00] = cells as [number, number, number, number];
      const records = [n11, n10, n01, n00]
        .flatMap((count, cell) => Array.from({ length: count }, () => cell))
        .flatMap((cell, item) => [
          { item, variant: 'A', pass: cell < 2 },
          { item, variant: 'B', pass: cell === 0 || cell === 2 },
        ]);
      const doc = compare(records, {}, { baseline: 'A', candidates: ['B'] });
      const core = binaryComparison({ n11, n10, n01, n00 }, resolvePolicy({})).paired;
      expect(doc.paired.difference).toEqual(core.difference);
      expect(doc.paired.test).toEqual(core.test);
      expect(contradiction(doc.paired.difference, doc.paired.test.pValue, doc.verdict, 0.05)).toBeNull();
    }
  });
});
