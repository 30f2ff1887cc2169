import { describe, expect, it } from 'vitest';
import { drawBinomial } from '../../src/analysis/binomial-draw';
import { bootstrapMeanInterval } from '../../src/analysis/paired-bootstrap';
import { binomial, normal, seededRandom } from '../../stats/index';

describe('drawBinomial', () => {
  it.each([
    [10, 0.3],
    [60, 0.93],
    [1000, 0.02],
    [10_000, 0.5],
  ])('draws Binomial(%i, %f): frequencies within sampling error of the pmf, mean and variance too', (m, q) => {
    const random = seededRandom(m);
    const draws = 100_000;
    const frequency = new Map<number, number>();
    let sum = 0;
    let squares = 0;
    let outside = 0;
    for (let i = 0; i < draws; i++) {
      const k = drawBinomial(m, q, random);
      if (!Number.isInteger(k) || k < 0 || k > m) outside++;
      frequency.set(k, (frequency.get(k) ?? 0) + 1);
      sum += k;
      squares += k * k;
    }
    expect(outside).toBe(0);
    // Pearson's chi-squared over the cells with an expected count of 5 or more (the rest pooled).
    let chiSquared = 0;
    let cells = 0;
    let pooledObserved = draws;
    let pooledExpected = draws;
    for (let k = 0; k <= m; k++) {
      const expected = draws * binomial.pmf(k, m, q);
      if (expected < 5) continue;
      const observed = frequency.get(k) ?? 0;
      chiSquared += (observed - expected) ** 2 / expected;
      pooledObserved -= observed;
      pooledExpected -= expected;
      cells++;
    }
    if (pooledExpected >= 5) {
      chiSquared += (pooledObserved - pooledExpected) ** 2 / pooledExpected;
      cells++;
    }
    // Far inside the 0.9999 quantile of chi-squared with cells - 1 degrees of freedom (Wilson-Hilferty).
    const df = cells - 1;
    const bound = df * (1 - 2 / (9 * df) + normal.quantile(0.9999) * Math.sqrt(2 / (9 * df))) ** 3;
    expect(chiSquared).toBeLessThan(bound);
    const mean = sum / draws;
    const variance = squares / draws - mean * mean;
    const sd = Math.sqrt(m * q * (1 - q));
    expect(Math.abs(mean - m * q)).toBeLessThan((5 * sd) / Math.sqrt(draws));
    expect(Math.abs(variance / (sd * sd) - 1)).toBeLessThan(0.05);
  });

  it('gives 0 for q = 0 or m = 0 and m for q = 1, using no randomness then', () => {
    const random = () => {
      throw new Error('no draw expected');
    };
    expect([drawBinomial(7, 0, random), drawBinomial(0, 0.4, random), drawBinomial(7, 1, random)]).toEqual([0, 0, 7]);
  });
});

describe('bootstrapMeanInterval', () => {
  // Paired pass/fail differences: 40 items -1, 100 items 0, 60 items +1 (three levels).
  const differences = [...Array(40).fill(-1), ...Array(100).fill(0), ...Array(60).fill(1)] as number[];

  it('resamples few-level values by their counts, matching the normal interval of the mean', () => {
    const interval = bootstrapMeanInterval(differences, {
      resamples: 20_000,
      confidence: 0.95,
      random: seededRandom(3),
    });
    const n = differences.length;
    const mean = 20 / n;
    const sd = Math.sqrt((100 / n - mean * mean) / n);
    expect(interval.estimate).toBeCloseTo(mean, 15);
    expect(interval.method).toBe('bootstrap-percentile');
    expect(interval.lower).toBeCloseTo(mean - 1.96 * sd, 2);
    expect(interval.upper).toBeCloseTo(mean + 1.96 * sd, 2);
    // Every resampled mean is a multiple of 1/n, so the ends are too (type-7 quantiles of such values).
    expect(Math.abs(interval.lower * n - Math.round(interval.lower * n))).toBeLessThan(1e-9);
  });

  it('agrees in distribution with the index-by-index bootstrap used for many-level values', () => {
    // The same spread of values, nudged apart so that they take more than 8 levels.
    const many = differences.map((value, i) => value + (i % 10) * 1e-9);
    const options = { resamples: 20_000, confidence: 0.9 };
    const byCounts = bootstrapMeanInterval(differences, { ...options, random: seededRandom(5) });
    const byIndex = bootstrapMeanInterval(many, { ...options, random: seededRandom(5) });
    expect(byCounts.lower).toBeCloseTo(byIndex.lower, 2);
    expect(byCounts.upper).toBeCloseTo(byIndex.upper, 2);
  });

  it('is seeded: the same seed gives the same interval', () => {
    const run = (seed: number) =>
      bootstrapMeanInterval(differences, { resamples: 500, confidence: 0.95, random: seededRandom(seed) });
    expect(run(11)).toEqual(run(11));
  });
});
