import { describe, expect, it } from 'vitest';
import {
  type ClusterTable,
  clusteredMcNemarTest,
  clusteredPairedDifference,
  mcnemarTest,
  normal,
  pairedDifference,
  seededRandom,
} from '../../stats/index';
import { type LatentClusterModel, simulateClusters, trueDifference } from './helpers/latent-cluster-model';

// Seeded calibration of the default clustered analysis (Yang's test and its inverted interval) against the
// unclustered one (exact McNemar and Newcombe's interval on the pooled table) under the latent-normal model of
// test/stats/helpers/latent-cluster-model.ts: 20 clusters of 5 items, intra-cluster correlation 0.3 of each variant's
// latent outcomes and of the latent per-item differences, baseline pass rate 0.7. Modest size (2,000 evals per
// design); bench/ is the place for larger runs.
const RUNS = 2000;
const ALPHA = 0.05;
/** 2.58 binomial standard errors of a rate of 0.05 over RUNS runs: the Monte Carlo allowance (one-sided 0.5 %). */
const MONTE_CARLO = 2.58 * Math.sqrt((ALPHA * (1 - ALPHA)) / RUNS);
const design = { nClusters: 20, clusterSize: 5, baselineLatent: normal.quantile(0.7) } as const;

function pooled(clusters: readonly ClusterTable[]) {
  const table = { n11: 0, n10: 0, n01: 0, n00: 0 };
  for (const t of clusters) {
    table.n11 += t.n11;
    table.n10 += t.n10;
    table.n01 += t.n01;
    table.n00 += t.n00;
  }
  return table;
}

function calibrate(model: LatentClusterModel, seed: number) {
  const random = seededRandom(seed);
  const truth = trueDifference(model);
  const counts = { clusteredAlarms: 0, naiveAlarms: 0, clusteredCovers: 0, naiveCovers: 0 };
  const covers = ({ lower, upper }: { lower: number; upper: number }) => lower <= truth && truth <= upper;
  for (let run = 0; run < RUNS; run++) {
    const clusters = simulateClusters(model, random);
    const table = pooled(clusters);
    if (clusteredMcNemarTest(clusters).pValue <= ALPHA) counts.clusteredAlarms++;
    if (mcnemarTest(table).pValue <= ALPHA) counts.naiveAlarms++;
    if (covers(clusteredPairedDifference(clusters, { confidence: 1 - ALPHA }))) counts.clusteredCovers++;
    if (covers(pairedDifference(table, { confidence: 1 - ALPHA }))) counts.naiveCovers++;
  }
  return {
    clusteredFalseAlarm: counts.clusteredAlarms / RUNS,
    naiveFalseAlarm: counts.naiveAlarms / RUNS,
    clusteredCoverage: counts.clusteredCovers / RUNS,
    naiveCoverage: counts.naiveCovers / RUNS,
  };
}

describe('clustered paired analysis: seeded calibration (20 clusters of 5, ICC 0.3)', () => {
  it('identical variants: Yang holds alpha and its interval covers 0; the unclustered pair does not', () => {
    const r = calibrate({ ...design, shift: 0 }, 20261201);
    // Measured: clustered false alarm 0.0575 and coverage 0.9425; naive 0.0875 and 0.880 (bound 0.0626).
    expect(r.clusteredFalseAlarm).toBeLessThanOrEqual(ALPHA + MONTE_CARLO);
    expect(r.clusteredCoverage).toBeGreaterThanOrEqual(0.93);
    expect(r.clusteredCoverage).toBeLessThanOrEqual(0.97);
    expect(r.naiveFalseAlarm).toBeGreaterThan(ALPHA + MONTE_CARLO);
    expect(r.naiveFalseAlarm).toBeGreaterThan(r.clusteredFalseAlarm);
    expect(r.naiveCoverage).toBeLessThan(0.93);
  });

  it('a real difference (+0.3 latent, +9.5 points): the interval still covers it; Newcombe does not', () => {
    const model = { ...design, shift: 0.3 };
    expect(trueDifference(model)).toBeCloseTo(0.0951, 4);
    const r = calibrate(model, 20261202);
    // Measured: clustered coverage 0.9485, Newcombe's 0.901.
    expect(r.clusteredCoverage).toBeGreaterThanOrEqual(0.93);
    expect(r.clusteredCoverage).toBeLessThanOrEqual(0.97);
    expect(r.naiveCoverage).toBeLessThan(0.93);
  });
});
