import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  CLUSTERED_MCNEMAR_TEST_METHODS,
  type ClusterTable,
  clusteredMcNemarTest,
  mcnemarTest,
} from '../../stats/index';
import { expectClose } from '../helpers/expect-close';
import { documentedPassages, loadClustBinPairCases } from './helpers/clust-bin-pair-reference';

const cases = loadClustBinPairCases();
const passages = documentedPassages;

/** Random clustered data: 2 to 12 clusters of 1 to 8 pairs. */
const clusterArbitrary = fc
  .array(fc.tuple(fc.nat(4), fc.nat(4), fc.nat(4), fc.nat(4)), { minLength: 2, maxLength: 12 })
  .map((cells) => cells.map(([n11, n10, n01, n00]) => ({ n11: n11 + 1, n10, n01, n00 })));

describe('clusteredMcNemarTest', () => {
  // R 4.2.2, clust.bin.pair 0.1.2: clust.bin.pair(ak = n11, bk = n10, ck = n01, dk = n00, method), datasets and
  // call in test/fixtures/clustered-pairs/clust-bin-pair-reference.json. Tolerance rel 1e-12: R sums in another
  // order, and its p = 1 - pchisq(x, 1) loses up to about 1e-13 relative below p = 0.01.
  describe.each(CLUSTERED_MCNEMAR_TEST_METHODS)('%s matches R clust.bin.pair', (method) => {
    it.each(cases)('$name', ({ name, clusters, expect: want }) => {
      const got = clusteredMcNemarTest(clusters, { method });
      expectClose(got.statistic, want[method].statistic, { rel: 1e-12 }, { name, method, field: 'statistic' });
      expectClose(got.pValue, want[method].pValue, { rel: 1e-12 }, { name, method, field: 'pValue' });
      expect(got.method).toBe(method);
      expect(got.df).toBe(1);
    });
  });

  it.each(cases)("$name: its totals give clust.bin.pair's mcnemar (R mcnemar.test(correct = FALSE))", (c) => {
    const got = clusteredMcNemarTest(c.clusters);
    const pooled = mcnemarTest({ n10: got.n10, n01: got.n01 }, { method: 'asymptotic', continuityCorrection: false });
    expectClose(pooled.statistic!, c.expect.mcnemar.statistic, { rel: 1e-12 }, c.name);
    expectClose(pooled.pValue, c.expect.mcnemar.pValue, { rel: 1e-12 }, c.name);
    expectClose(got.estimate, c.expect.estimate, { rel: 1e-12 }, c.name); // R coef(lm(d ~ 1))
    expectClose(got.designEffect, c.expect.designEffect, { rel: 1e-12 }, c.name); // R sandwich, see the fixture
  });

  it('is the documented example', () => {
    const got = clusteredMcNemarTest(passages);
    expect(got).toEqual({
      method: 'yang',
      statistic: 4.7438596491228076,
      pValue: 0.029403034845887528,
      df: 1,
      estimate: 0.3076923076923077,
      designEffect: 1.1709401709401708,
      nClusters: 6,
      n: 26,
      n10: 0,
      n01: 8,
    });
  });

  it('with clusters of one pair: Durkalski is McNemar, Obuchowski (N - 1)/N of it, and the design effect 1', () => {
    // 7 improvements, 2 regressions, 11 ties, each item its own cluster.
    const singles: ClusterTable[] = [
      ...Array.from({ length: 7 }, () => ({ n11: 0, n10: 0, n01: 1, n00: 0 })),
      ...Array.from({ length: 2 }, () => ({ n11: 0, n10: 1, n01: 0, n00: 0 })),
      ...Array.from({ length: 11 }, (_, i) => ({ n11: i % 2, n10: 0, n01: 0, n00: 1 - (i % 2) })),
    ];
    const mcnemar = mcnemarTest({ n10: 2, n01: 7 }, { method: 'asymptotic', continuityCorrection: false });
    expect(clusteredMcNemarTest(singles, { method: 'durkalski' }).statistic).toBeCloseTo(mcnemar.statistic!, 14);
    expect(clusteredMcNemarTest(singles, { method: 'obuchowski' }).statistic).toBeCloseTo(
      (19 / 20) * mcnemar.statistic!,
      14,
    );
    expect(clusteredMcNemarTest(singles, { method: 'eliasziw' }).statistic).toBeCloseTo(mcnemar.statistic!, 14);
    expect(clusteredMcNemarTest(singles).designEffect).toBeCloseTo(1, 14);
  });

  it('gives statistic 0 and p = 1 when every cluster balances (clust.bin.pair: NaN)', () => {
    const balanced = [
      { n11: 3, n10: 0, n01: 0, n00: 1 },
      { n11: 1, n10: 1, n01: 1, n00: 0 },
      { n11: 0, n10: 2, n01: 2, n00: 2 },
    ];
    for (const method of CLUSTERED_MCNEMAR_TEST_METHODS) {
      const got = clusteredMcNemarTest(balanced, { method });
      expect([got.statistic, got.pValue]).toEqual([0, 1]);
    }
  });

  it('eliasziw truncates a negative intra-cluster correlation at 0, leaving McNemar', () => {
    // Every cluster alike: no between-cluster variance, so the ANOVA estimate is -1 / (n0 - 1) < 0.
    const alike = Array.from({ length: 5 }, () => ({ n11: 1, n10: 1, n01: 2, n00: 1 }));
    const mcnemar = mcnemarTest({ n10: 5, n01: 10 }, { method: 'asymptotic', continuityCorrection: false });
    expect(clusteredMcNemarTest(alike, { method: 'eliasziw' }).statistic).toBeCloseTo(mcnemar.statistic!, 14);
  });

  test.prop([clusterArbitrary], { seed: 1004 })(
    'keeps every p-value when baseline and candidate swap or the clusters are reordered',
    (clusters) => {
      const swapped = clusters.map(({ n11, n10, n01, n00 }) => ({ n11, n10: n01, n01: n10, n00 }));
      const reversed = [...clusters].reverse();
      for (const method of CLUSTERED_MCNEMAR_TEST_METHODS) {
        const p = clusteredMcNemarTest(clusters, { method }).pValue;
        expect(p).toBeGreaterThan(0);
        expect(p).toBeLessThanOrEqual(1);
        expect(clusteredMcNemarTest(swapped, { method }).pValue).toBeCloseTo(p, 12);
        expect(clusteredMcNemarTest(reversed, { method }).pValue).toBeCloseTo(p, 12);
      }
    },
  );

  it('rejects bad input, naming the argument and the value', () => {
    const one = [{ n11: 1, n10: 0, n01: 1, n00: 0 }];
    expect(() => clusteredMcNemarTest(one)).toThrow(
      new RangeError('clusteredMcNemarTest: `clusters` must hold at least 2 clusters, got 1'),
    );
    expect(() => clusteredMcNemarTest({ n11: 1 } as unknown as ClusterTable[])).toThrow(
      new TypeError(
        'clusteredMcNemarTest: `clusters` must be an array of tables { n11, n10, n01, n00 }, got {"n11":1}',
      ),
    );
    expect(() => clusteredMcNemarTest([...one, { n11: 1, n10: -1, n01: 0, n00: 0 }])).toThrow(
      new RangeError('clusteredMcNemarTest: `clusters[1].n10` must be a non-negative integer, got -1'),
    );
    expect(() => clusteredMcNemarTest([...one, { n11: 1, n10: 0, n01: 0 } as ClusterTable])).toThrow(
      new TypeError('clusteredMcNemarTest: `clusters[1].n00` must be a number, got undefined (undefined)'),
    );
    expect(() => clusteredMcNemarTest([...one, { n11: 0, n10: 0, n01: 0, n00: 0 }])).toThrow(
      new RangeError('clusteredMcNemarTest: `clusters[1]` must hold at least one pair, got 0'),
    );
    expect(() => clusteredMcNemarTest([...one, null as unknown as ClusterTable])).toThrow(
      new TypeError('clusteredMcNemarTest: `clusters[1]` must be an object { n11, n10, n01, n00 }, got null'),
    );
    expect(() => clusteredMcNemarTest(passages, { method: 'rao-scott' as 'yang' })).toThrow(
      new RangeError(
        "clusteredMcNemarTest: `method` must be one of 'yang', 'obuchowski', 'durkalski', 'eliasziw', got \"rao-scott\"",
      ),
    );
  });
});
