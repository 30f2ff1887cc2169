import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  type ClusteredPairedDifferenceMethod,
  type ClusterTable,
  clusteredMcNemarTest,
  clusteredPairedDifference,
  normal,
} from '../../stats/index';
import { documentedPassages, loadClustBinPairCases } from './helpers/clust-bin-pair-reference';

const METHODS: readonly ClusteredPairedDifferenceMethod[] = ['yang', 'obuchowski'];
const passages = documentedPassages;

/** The statistic at null value d, written out from its definition (not from the quadratic the code solves). */
function statisticAt(clusters: readonly ClusterTable[], method: ClusteredPairedDifferenceMethod, d: number): number {
  const sizes = clusters.map((t) => t.n11 + t.n10 + t.n01 + t.n00);
  const e = clusters.map((t) => t.n01 - t.n10);
  const n = sizes.reduce((a, b) => a + b, 0);
  const total = e.reduce((a, b) => a + b, 0);
  const k = clusters.length;
  const q = (x: number) => e.reduce((sum, ek, i) => sum + (ek - sizes[i]! * x) ** 2, 0);
  const variance = method === 'yang' ? (q(total / n) + q(d)) / 2 : q(d);
  return (((k - 1) / k) * (total - n * d) ** 2) / variance;
}

/** Every table of `size` pairs. */
function tablesOfSize(size: number): ClusterTable[] {
  const out: ClusterTable[] = [];
  for (let n11 = 0; n11 <= size; n11++)
    for (let n10 = 0; n10 <= size - n11; n10++)
      for (let n01 = 0; n01 <= size - n11 - n10; n01++) out.push({ n11, n10, n01, n00: size - n11 - n10 - n01 });
  return out;
}

/** 0 outside the interval exactly when the test rejects at alpha = 1 - confidence. */
function dualityFailure(
  clusters: readonly ClusterTable[],
  method: ClusteredPairedDifferenceMethod,
  confidence: number,
) {
  const { pValue } = clusteredMcNemarTest(clusters, { method });
  const { lower, upper } = clusteredPairedDifference(clusters, { method, confidence });
  const rejects = pValue < 1 - confidence;
  const excludes = lower > 0 || upper < 0;
  return rejects === excludes ? undefined : { clusters, method, confidence, pValue, lower, upper };
}

const clusterArbitrary = fc
  .array(fc.tuple(fc.nat(5), fc.nat(5), fc.nat(5), fc.nat(5)), { minLength: 2, maxLength: 30 })
  .map((cells) => cells.map(([n11, n10, n01, n00]) => ({ n11, n10, n01, n00: n00 + 1 })));

describe('clusteredPairedDifference', () => {
  it('is the documented example, and excludes 0 where the test rejects (p = 0.0294)', () => {
    expect(clusteredPairedDifference(passages)).toEqual({
      estimate: 0.3076923076923077,
      lower: 0.05006111896875132,
      upper: 0.5884916303725252,
      confidence: 0.95,
      method: 'yang',
      designEffect: 1.1709401709401708,
      nClusters: 6,
      n: 26,
    });
    // Obuchowski's test does not reject (p = 0.068), so its interval holds 0.
    const obuchowski = clusteredPairedDifference(passages, { method: 'obuchowski' });
    expect(obuchowski.lower).toBeLessThan(0);
    expect(clusteredMcNemarTest(passages, { method: 'obuchowski' }).pValue).toBeGreaterThan(0.05);
  });

  it('is dual to clusteredMcNemarTest on every dataset of 4 clusters of 1 or 2 pairs (exhaustive)', () => {
    const tables = [...tablesOfSize(1), ...tablesOfSize(2)];
    const failures: unknown[] = [];
    let checked = 0;
    for (const a of tables)
      for (const b of tables)
        for (const c of tables)
          for (const d of tables)
            for (const method of METHODS)
              for (const confidence of [0.9, 0.95]) {
                const failure = dualityFailure([a, b, c, d], method, confidence);
                if (failure) failures.push(failure);
                checked++;
              }
    expect(checked).toBe(14 ** 4 * 4);
    expect(failures.slice(0, 3)).toEqual([]);
  });

  it.each(loadClustBinPairCases())('is dual on $name at every confidence from 0.5 to 0.999', ({ clusters }) => {
    for (const method of METHODS)
      for (let confidence = 0.5; confidence < 0.9995; confidence += 0.001)
        expect(dualityFailure(clusters, method, confidence)).toBeUndefined();
  });

  test.prop([clusterArbitrary, fc.constantFrom(...METHODS), fc.double({ min: 0.5, max: 0.995, noNaN: true })], {
    numRuns: 2000,
    seed: 1001,
  })('is dual to the test on random clustered data (2 to 30 clusters)', (clusters, method, confidence) => {
    expect(dualityFailure(clusters, method, confidence)).toBeUndefined();
  });

  test.prop([clusterArbitrary, fc.constantFrom(...METHODS)], { numRuns: 500, seed: 1002 })(
    'is the set where the statistic at d stays below z^2: the statistic equals z^2 at each interior bound',
    (clusters, method) => {
      const r = clusteredPairedDifference(clusters, { method });
      const c = normal.quantile(0.975) ** 2;
      expect(r.lower).toBeLessThanOrEqual(r.estimate);
      expect(r.upper).toBeGreaterThanOrEqual(r.estimate);
      expect(r.lower).toBeGreaterThanOrEqual(-1);
      expect(r.upper).toBeLessThanOrEqual(1);
      for (const bound of [r.lower, r.upper]) {
        if (bound === r.estimate || Math.abs(bound) === 1) continue;
        expect(Math.abs(statisticAt(clusters, method, bound) - c)).toBeLessThan(1e-8);
      }
    },
  );

  test.prop([clusterArbitrary, fc.constantFrom(...METHODS)], { numRuns: 500, seed: 1003 })(
    'never narrows as the confidence rises, and negates when baseline and candidate swap',
    (clusters, method) => {
      const at = (confidence: number) => clusteredPairedDifference(clusters, { method, confidence });
      const [i90, i95, i99] = [at(0.9), at(0.95), at(0.99)];
      expect(i95.lower).toBeLessThanOrEqual(i90.lower);
      expect(i99.lower).toBeLessThanOrEqual(i95.lower);
      expect(i95.upper).toBeGreaterThanOrEqual(i90.upper);
      expect(i99.upper).toBeGreaterThanOrEqual(i95.upper);
      const swapped = clusteredPairedDifference(
        clusters.map(({ n11, n10, n01, n00 }) => ({ n11, n10: n01, n01: n10, n00 })),
        { method },
      );
      expect(swapped.estimate).toBeCloseTo(-i95.estimate, 14);
      expect(swapped.lower).toBeCloseTo(-i95.upper, 12);
      expect(swapped.upper).toBeCloseTo(-i95.lower, 12);
    },
  );

  it('is [-1, 1] with two clusters of equal size when the test cannot reject', () => {
    const two = [
      { n11: 1, n10: 0, n01: 2, n00: 1 },
      { n11: 2, n10: 1, n01: 1, n00: 0 },
    ];
    expect(clusteredMcNemarTest(two).pValue).toBeGreaterThan(0.05);
    const { lower, upper } = clusteredPairedDifference(two);
    expect([lower, upper]).toEqual([-1, 1]);
  });

  it('has width 0 when every cluster balances: the moment variance is 0 (a documented limitation)', () => {
    const balanced = Array.from({ length: 10 }, (_, i) => ({ n11: 3, n10: i % 2, n01: i % 2, n00: 1 }));
    expect(clusteredPairedDifference(balanced)).toMatchObject({ estimate: 0, lower: 0, upper: 0 });
  });

  it('rejects bad options, naming them', () => {
    expect(() => clusteredPairedDifference(passages, { confidence: 95 })).toThrow(
      new RangeError('clusteredPairedDifference: `confidence` must be strictly between 0 and 1, got 95'),
    );
    expect(() => clusteredPairedDifference(passages, { method: 'durkalski' as 'yang' })).toThrow(
      new RangeError("clusteredPairedDifference: `method` must be one of 'yang', 'obuchowski', got \"durkalski\""),
    );
    expect(() => clusteredPairedDifference(passages.slice(0, 1))).toThrow(
      new RangeError('clusteredPairedDifference: `clusters` must hold at least 2 clusters, got 1'),
    );
  });
});
