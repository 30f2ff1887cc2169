import { describe, expect, it } from 'vitest';
import { binaryPowerModel, meansPowerModel, verdictPower } from '../../src/analysis/power-summary';
import { PASS_TESTS, type PassTest } from '../../src/schema/policy-choices';
import { seededRandom } from '../../stats/index';

// A slice's verdict reads `verdictPower()` where the whole comparison reads the summary: the two must agree to the
// bit, or a slice and the same data as a whole comparison could get different verdicts.
describe('PowerModel: the verdict power alone equals the verdict power of the summary', () => {
  const random = seededRandom(14);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const policies = (test: PassTest | 'paired-t') =>
    [0, 0.05].flatMap((margin) =>
      [null, 0.05, 0.3].map((detectableEffect) => ({
        alpha: pick([0.05, 0.01, 0.05 / 8]),
        targetPower: pick([0.8, 0.9]),
        margin,
        detectableEffect,
        test,
      })),
    );

  it('binary: exact and Connor sizes, clustered, no discordant pair, nothing detectable', () => {
    const tables = [
      { n: 2, n10: 2, n01: 0, designEffect: 1 },
      { n: 60, n10: 0, n01: 0, designEffect: 1 },
      { n: 3000, n10: 200, n01: 230, designEffect: 1 },
      { n: 120, n10: 10, n01: 14, designEffect: 1.7, clusters: 12 },
      { n: 40, n10: 3, n01: 5, designEffect: 1.2, clusters: 2 },
      ...Array.from({ length: 12 }, () => {
        const n = 1 + Math.floor(random() * 600);
        const n10 = Math.floor(random() * n * 0.3);
        return { n, n10, n01: Math.floor(random() * (n - n10) * 0.3), designEffect: 1 };
      }),
    ];
    let checked = 0;
    for (const table of tables) {
      for (const policy of policies(pick(PASS_TESTS))) {
        const model = binaryPowerModel(table, policy);
        expect(model.verdictPower(), JSON.stringify({ table, policy })).toBe(verdictPower(model.summary()));
        checked++;
      }
    }
    expect(checked).toBe(tables.length * 6);
  });

  it('means: a spread, no spread (bounded), the signed-rank test below its smallest n, clusters', () => {
    const cases = [
      { n: 50, standardError: 0.04, test: 'paired-t' },
      { n: 50, standardError: 0, test: 'paired-t' },
      { n: 4, standardError: 0.1, test: 'wilcoxon' },
      { n: 1, standardError: null, test: 'paired-t' },
      { n: 90, standardError: 0.05, test: 'paired-t', units: 9 },
    ];
    for (const summaryInput of cases) {
      for (const policy of policies('paired-t')) {
        const model = meansPowerModel(summaryInput, policy, pick([1, 10]));
        expect(model.verdictPower(), JSON.stringify({ summaryInput, policy })).toBe(verdictPower(model.summary()));
      }
    }
    // Among them both readings of "nothing detectable": 0 with no effect, and null when something is.
    const values = cases.map((c) =>
      meansPowerModel(c, { ...policies('paired-t')[0]!, margin: 0, detectableEffect: null }, 1),
    );
    expect(values.map((m) => m.verdictPower())).toEqual([null, null, 0, 0, null]);
  });
});
