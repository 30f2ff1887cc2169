import { describe, expect, it } from 'vitest';
import { binomial } from '../../stats/distributions/binomial';
import {
  discordantPairWeights,
  exactMcNemarPowerModel,
  mcnemarCriticalCounts,
} from '../../stats/exact-mcnemar-power-model';
import { MCNEMAR_TEST_METHODS, seededRandom } from '../../stats/index';

// The power summary shares the weights Bin(m; n, d) between the exact powers at many differences with one
// discordance (the minimum detectable difference's root finding): every power must be the one computed alone, to
// the bit, whatever the order the weights were first asked in.
describe('exactMcNemarPowerModel with shared discordant-pair weights', () => {
  it('gives every power to the bit as without them, over seeded tables, tests and differences', () => {
    const random = seededRandom(1403);
    let compared = 0;
    for (let c = 0; c < 40; c++) {
      const n = 1 + Math.floor(random() * 700);
      const discordance = 0.02 + random() * 0.6;
      const alpha = [0.05, 0.01, 0.05 / 8][c % 3]!;
      const test = MCNEMAR_TEST_METHODS[c % MCNEMAR_TEST_METHODS.length]!;
      const critical = mcnemarCriticalCounts(alpha, test);
      const weights = discordantPairWeights();
      for (let j = 0; j < 6; j++) {
        const delta = j === 0 ? 0 : random() * discordance;
        const p10 = Math.max(0, (discordance - delta) / 2);
        const p01 = Math.min(1, (discordance + delta) / 2);
        // Also a smaller n with the same weights object, as the power curve asks.
        for (const pairs of [n, Math.max(1, Math.floor(n / 3))]) {
          const shared = exactMcNemarPowerModel(p10, p01, alpha, test, critical, weights).power(pairs);
          const alone = exactMcNemarPowerModel(p10, p01, alpha, test).power(pairs);
          expect(shared, JSON.stringify({ n: pairs, p10, p01, alpha, test })).toBe(alone);
          compared++;
        }
      }
    }
    expect(compared).toBe(40 * 6 * 2);
  });

  it('keeps each weight: the binomial pmf of the same arguments', () => {
    const of = discordantPairWeights().of(487, 0.3429158110882957);
    for (const m of [0, 120, 167, 300, 487]) expect(of(m)).toBe(binomial.pmf(m, 487, 0.3429158110882957));
    expect(discordantPairWeights().of(10, 0.5)(3)).toBe(0.1171875000000002);
  });

  it('finds the same critical count k_m whatever order the counts are asked in (so models may share them)', () => {
    const random = seededRandom(1404);
    for (const test of MCNEMAR_TEST_METHODS) {
      for (const alpha of [0.05, 0.01, 0.05 / 8]) {
        const ascending = mcnemarCriticalCounts(alpha, test);
        const expected = Array.from({ length: 701 }, (_, m) => ascending.at(m));
        const shuffled = mcnemarCriticalCounts(alpha, test);
        const order = expected.map((_, m) => m).sort(() => random() - 0.5);
        for (const m of order) expect(shuffled.at(m), `${test} ${alpha} m = ${m}`).toBe(expected[m]);
      }
    }
  });
});
