/**
 * Timing of the power and pass@k statistics at scale (results: bench/results/stats-power.md).
 * Run: npx vitest bench --run bench/stats-power.bench.ts
 */
import { bench, describe } from 'vitest';
import { mcnemarPower, mcnemarSampleSize, meanPassAtK, seededRandom } from '../stats/index';

describe('mcnemarPower exact (full summation over m)', () => {
  for (const n of [1e3, 1e4, 1e5]) {
    bench(`n = ${n}, p10 = 0.10, p01 = 0.12`, () => void mcnemarPower({ n, p10: 0.1, p01: 0.12, method: 'exact' }));
  }
  bench('n = 1e4, connor', () => void mcnemarPower({ n: 1e4, p10: 0.1, p01: 0.12 }));
});

describe('mcnemarSampleSize exact (smallest n reaching the power)', () => {
  bench('p10 = 0.1, p01 = 0.2, power 0.9 (n = 325)', () => {
    void mcnemarSampleSize({ p10: 0.1, p01: 0.2, power: 0.9, method: 'exact' });
  });
  bench('p10 = 0.01, p01 = 0.012, power 0.8 (n = 44069)', () => {
    void mcnemarSampleSize({ p10: 0.01, p01: 0.012, method: 'exact' });
  });
});

describe('meanPassAtK over 1e4 problems', () => {
  const random = seededRandom(1);
  const problems = Array.from({ length: 1e4 }, () => ({ n: 200, c: Math.floor(random() * 201) }));
  for (const k of [1, 10, 100]) bench(`n = 200 samples each, k = ${k}`, () => void meanPassAtK(problems, k));
});
