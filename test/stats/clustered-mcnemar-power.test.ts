import { describe, expect, it } from 'vitest';
import {
  type ClusterTable,
  clusteredDesignEffect,
  clusteredMcNemarDetectableDifference,
  clusteredMcNemarPower,
  clusteredMcNemarSampleSize,
  clusteredMcNemarTest,
  mcnemarDetectableDifference,
  mcnemarPower,
  mcnemarSampleSize,
  normal,
  seededRandom,
} from '../../stats/index';
import { simulateClusters } from './helpers/latent-cluster-model';

describe('clusteredMcNemarPower', () => {
  it('is Connor power at n / designEffect effective pairs (the documented example)', () => {
    expect(clusteredMcNemarPower({ n: 200, p10: 0.1, p01: 0.2, designEffect: 2 })).toBe(
      mcnemarPower({ n: 100, p10: 0.1, p01: 0.2 }),
    );
    // mcnemarPower's own value, checked there against Connor's formula and ../shared/oracle.
    expect(clusteredMcNemarPower({ n: 200, p10: 0.1, p01: 0.2, designEffect: 2 })).toBeCloseTo(0.44576537346893, 13);
    expect(clusteredMcNemarPower({ n: 137, p10: 0.05, p01: 0.15, designEffect: 1 })).toBe(
      mcnemarPower({ n: 137, p10: 0.05, p01: 0.15 }),
    );
  });

  it('falls as the design effect grows', () => {
    const at = (designEffect: number) => clusteredMcNemarPower({ n: 300, p10: 0.1, p01: 0.16, designEffect });
    expect(at(1)).toBeGreaterThan(at(1.5));
    expect(at(1.5)).toBeGreaterThan(at(3));
  });

  it('rejects a design effect that is not above 0, naming it', () => {
    expect(() => clusteredMcNemarPower({ n: 10, p10: 0.1, p01: 0.2, designEffect: 0 })).toThrow(
      new RangeError('clusteredMcNemarPower: `designEffect` must be greater than 0, got 0'),
    );
    expect(() => clusteredMcNemarPower(undefined as never)).toThrow(
      new TypeError('clusteredMcNemarPower: `options` must be an object { n, p10, p01, designEffect }, got undefined'),
    );
  });
});

describe('clusteredMcNemarSampleSize', () => {
  it("is the design effect times Connor's n, rounded up (the documented example)", () => {
    const connor = mcnemarSampleSize({ p10: 0.05, p01: 0.45 }); // Connor's calculator example: 22.01 -> 23
    const r = clusteredMcNemarSampleSize({ p10: 0.05, p01: 0.45, designEffect: 1.8 });
    expect(r.nUnrounded).toBeCloseTo(1.8 * connor.nUnrounded!, 12);
    expect(r).toMatchObject({ n: 40, designEffect: 1.8 });
    expect(r.power).toBe(clusteredMcNemarPower({ n: 40, p10: 0.05, p01: 0.45, designEffect: 1.8 }));
    expect(r.power).toBeGreaterThanOrEqual(0.8);
    expect(clusteredMcNemarSampleSize({ p10: 0.05, p01: 0.45, designEffect: 1 }).n).toBe(23);
  });

  it('names itself, not mcnemarSampleSize, when no n can reach the power', () => {
    expect(() => clusteredMcNemarSampleSize({ p10: 0.2, p01: 0.2, designEffect: 1.5 })).toThrow(
      new RangeError(
        'clusteredMcNemarSampleSize: `p10` and `p01` must differ, got 0.2 and 0.2 (with no difference no sample size reaches the power)',
      ),
    );
  });

  it('plans an n at which the clustered test reaches the power in simulation (latent model, clusters of 5)', () => {
    // A pilot eval of 20,000 clusters measures p10, p01 and the design effect; the plan's n, run 1,000 times,
    // must reach about the planned 80 % with Yang's test. Measured: p10 0.0997, p01 0.1957, design effect
    // 1.563, n = 390 (78 clusters; Connor without it: 250), simulated power 0.788.
    const random = seededRandom(5);
    const model = { clusterSize: 5, baselineLatent: normal.quantile(0.7), shift: 0.3 };
    const pilot = simulateClusters({ ...model, nClusters: 20000 }, random);
    const pairs = pilot.length * model.clusterSize;
    const p10 = pilot.reduce((sum, t) => sum + t.n10, 0) / pairs;
    const p01 = pilot.reduce((sum, t) => sum + t.n01, 0) / pairs;
    const plan = clusteredMcNemarSampleSize({ p10, p01, designEffect: clusteredDesignEffect(pilot) });
    const nClusters = Math.ceil(plan.n / model.clusterSize);
    let rejections = 0;
    const runs = 1000;
    for (let run = 0; run < runs; run++) {
      const clusters: ClusterTable[] = simulateClusters({ ...model, nClusters }, random);
      if (clusteredMcNemarTest(clusters).pValue <= 0.05) rejections++;
    }
    // 0.05 is 4 Monte Carlo standard errors of a power near 0.8 over 1,000 runs.
    expect(Math.abs(rejections / runs - 0.8)).toBeLessThan(0.05);
    // Without the design effect the plan would be far short: Connor's n alone has much less power here.
    expect(mcnemarSampleSize({ p10, p01 }).n).toBeLessThan(0.7 * plan.n);
  });
});

describe('clusteredMcNemarDetectableDifference', () => {
  it('is the unclustered MDE at n / designEffect pairs (the documented example)', () => {
    const got = clusteredMcNemarDetectableDifference({ n: 1000, discordance: 0.15, designEffect: 2 });
    expect(got).toBeCloseTo(mcnemarDetectableDifference({ n: 500, discordance: 0.15 }), 10);
    expect(got).toBeCloseTo(0.048410503741, 10);
  });

  it('grows with the design effect, and detects it with the target power', () => {
    const mde = (designEffect: number) =>
      clusteredMcNemarDetectableDifference({ n: 400, discordance: 0.2, designEffect });
    expect(mde(1.6)).toBeGreaterThan(mde(1));
    const delta = mde(1.6);
    const power = clusteredMcNemarPower({ n: 400, p10: (0.2 - delta) / 2, p01: (0.2 + delta) / 2, designEffect: 1.6 });
    expect(power).toBeCloseTo(0.8, 9);
  });

  it('is Infinity when not even every discordant pair in one direction is detectable', () => {
    expect(clusteredMcNemarDetectableDifference({ n: 10, discordance: 0.05, designEffect: 4 })).toBe(
      Number.POSITIVE_INFINITY,
    );
  });
});
