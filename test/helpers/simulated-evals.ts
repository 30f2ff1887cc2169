import { compare, type PolicyOptions } from '../../src/index';
import { normal, type RandomSource, seededRandom } from '../../stats/index';

/**
 * Simulated paired evals for calibration (test/analysis/calibration.test.ts, modest; bench/calibration.ts, large),
 * from a latent-normal model: a sample of item i (in cluster k) passes under variant v when
 *   mu_v + u_k + w_i + a_kv + b_iv + e > 0,
 * with independent normal effects: u_k the cluster's difficulty and w_i the item's, shared by both variants;
 * a_kv a cluster-by-variant effect and b_iv an item-by-variant effect (a variant better on some clusters or items,
 * the other on others, equal on average), and e per sample. The variances sum to 1, so each variant's pass rate is
 * Phi(mu_v) and identical variants (mu_c = mu_b) have a true difference of exactly 0.
 */
export interface EvalDesign {
  readonly name: string;
  readonly clusters: number;
  readonly clusterSize: number;
  readonly samples: number;
  /** Variances of u, w, a, b and e; they must sum to 1. */
  readonly variance: { cluster: number; item: number; clusterVariant: number; itemVariant: number; noise: number };
  /** Share of cells stored as `error` (missing at random), per variant. @default 0 */
  readonly missing?: { readonly baseline: number; readonly candidate: number };
  /** On this share of items every candidate cell is an `error` (extra errors the baseline does not have). @default 0 */
  readonly extraErrors?: number;
}

/** One sample per item, items independent: the usual eval. */
export const ONE_SAMPLE: EvalDesign = {
  name: 'one sample per item',
  clusters: 300,
  clusterSize: 1,
  samples: 1,
  variance: { cluster: 0, item: 0.5, clusterVariant: 0, itemVariant: 0.1, noise: 0.4 },
};

/** Four samples per item; the item-by-variant effect makes an item's samples move together. */
export const FOUR_SAMPLES: EvalDesign = {
  name: '4 samples per item',
  clusters: 200,
  clusterSize: 1,
  samples: 4,
  variance: { cluster: 0, item: 0.4, clusterVariant: 0, itemVariant: 0.2, noise: 0.4 },
};

/**
 * Clusters of 5 items (questions about one passage) with latent intra-cluster correlation 0.3 of each variant's
 * outcomes ((0.12 + 0.18) / 1) and of the per-item differences (0.18 / (0.18 + 0.42)).
 */
export const CLUSTERED: EvalDesign = {
  name: 'clusters of 5, ICC 0.3',
  clusters: 60,
  clusterSize: 5,
  samples: 1,
  variance: { cluster: 0.12, item: 0.28, clusterVariant: 0.18, itemVariant: 0, noise: 0.42 },
};

/**
 * Three samples per item, 10 clusters of 10 items: a clustered analysis with few clusters, where cluster-robust
 * errors are least reliable.
 */
export const FEW_CLUSTERS: EvalDesign = {
  name: '3 samples per item, 10 clusters of 10',
  clusters: 10,
  clusterSize: 10,
  samples: 3,
  variance: { cluster: 0.12, item: 0.28, clusterVariant: 0.18, itemVariant: 0, noise: 0.42 },
};

/** Two samples for each of 5 items: the smallest evals, where a test has almost nothing to go on. */
export const TINY: EvalDesign = {
  name: '2 samples per item, 5 items',
  clusters: 5,
  clusterSize: 1,
  samples: 2,
  variance: { cluster: 0, item: 0.4, clusterVariant: 0, itemVariant: 0.2, noise: 0.4 },
};

/** One sample per item with 10% of each variant's cells missing at random (stored as errors). */
export const MISSING_AT_RANDOM: EvalDesign = {
  ...ONE_SAMPLE,
  name: '10% cells missing at random',
  missing: { baseline: 0.1, candidate: 0.1 },
};

/** A standard normal deviate by the Box-Muller transform. */
function gaussian(random: RandomSource): number {
  let u = random();
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

export interface SimulatedRecord {
  item: number;
  variant: string;
  sample: number;
  pass?: boolean;
  status?: 'error';
  tags: { cluster: string };
}

/**
 * One simulated eval in verdict's record format, variants `A` (baseline) and `B` (candidate).
 * @param shift mu_c - mu_b on the latent scale (0: identical variants)
 */
export function simulateEval(
  design: EvalDesign,
  random: RandomSource,
  baselineLatent = 0.5,
  shift = 0,
): SimulatedRecord[] {
  const sd = {
    cluster: Math.sqrt(design.variance.cluster),
    item: Math.sqrt(design.variance.item),
    clusterVariant: Math.sqrt(design.variance.clusterVariant),
    itemVariant: Math.sqrt(design.variance.itemVariant),
    noise: Math.sqrt(design.variance.noise),
  };
  const records: SimulatedRecord[] = [];
  let item = 0;
  for (let k = 0; k < design.clusters; k++) {
    const cluster = gaussian(random) * sd.cluster;
    const clusterEffect = [gaussian(random) * sd.clusterVariant, gaussian(random) * sd.clusterVariant];
    for (let i = 0; i < design.clusterSize; i++, item++) {
      const shared = cluster + gaussian(random) * sd.item;
      const broken = random() < (design.extraErrors ?? 0);
      for (const [side, variant] of [
        [0, 'A'],
        [1, 'B'],
      ] as const) {
        const latent =
          baselineLatent + (side === 1 ? shift : 0) + shared + clusterEffect[side]! + gaussian(random) * sd.itemVariant;
        const missingRate = side === 0 ? (design.missing?.baseline ?? 0) : (design.missing?.candidate ?? 0);
        for (let sample = 0; sample < design.samples; sample++) {
          const pass = latent + gaussian(random) * sd.noise > 0;
          const tags = { cluster: `c${k}` };
          if (random() < missingRate || (side === 1 && broken)) {
            records.push({ item, variant, sample, status: 'error', tags });
          } else records.push({ item, variant, sample, pass, tags });
        }
      }
    }
  }
  return records;
}

/** The design's true difference in pass rates, candidate minus baseline: Phi(mu_b + shift) - Phi(mu_b). */
export const trueDifference = (baselineLatent = 0.5, shift = 0): number =>
  normal.cdf(baselineLatent + shift) - normal.cdf(baselineLatent);

/** What a batch of simulated evals gave. */
export interface CalibrationResult {
  readonly runs: number;
  /** Share of runs whose test rejected "no difference" in either direction (p <= alpha). */
  readonly significant: number;
  /** Share of runs whose gate failed with a regression (exit 1). */
  readonly regressed: number;
  /** Share of runs whose gate failed for any reason (exit 1, 3 or 4). */
  readonly failed: number;
  /** Share of runs whose headline interval held the true difference. */
  readonly coverage: number;
  /** The same for the naive analysis that treats samples (or clustered items) as independent items. */
  readonly naiveCoverage: number | null;
  /** Share of runs whose naive analysis (as above) regressed. */
  readonly naiveRegressed: number | null;
}

/** The records with every (item, sample) made an item of its own: the naive reading of repeated samples. */
export const samplesAsItems = (records: readonly SimulatedRecord[], samples: number): SimulatedRecord[] =>
  records.map((r) => ({ ...r, item: r.item * samples + r.sample, sample: 0 }));

/**
 * Run `runs` simulated evals of a design through `compare` (the whole core, from records to the gate) and
 * tally the gate and the headline interval's coverage of the true difference, beside the naive analysis
 * (samples as items; clusters ignored) where the design has repeats or clusters.
 */
export function calibrate(
  design: EvalDesign,
  { runs, seed, shift = 0, policy = {} }: { runs: number; seed: number; shift?: number; policy?: PolicyOptions },
): CalibrationResult {
  const random = seededRandom(seed);
  const truth = trueDifference(0.5, shift);
  const clustered = design.clusterSize > 1;
  const naive = clustered || design.samples > 1;
  const options = { baseline: 'A', candidates: ['B'], now: () => new Date(0) } as const;
  const base: PolicyOptions = { bootstrapResamples: 0, ...(clustered ? { cluster: 'tags.cluster' } : {}), ...policy };
  let regressed = 0;
  let significant = 0;
  let failed = 0;
  let covered = 0;
  let naiveCovered = 0;
  let naiveRegressed = 0;
  for (let run = 0; run < runs; run++) {
    const records = simulateEval(design, random, 0.5, shift);
    const doc = compare(records, base, options);
    if (doc.gate.exitCode === 1) regressed++;
    if (doc.paired.test.pValue <= doc.policy.alpha) significant++;
    if (!doc.gate.passed) failed++;
    const { lower, upper } = doc.paired.difference;
    if (lower <= truth && truth <= upper) covered++;
    if (naive) {
      const plain = compare(
        design.samples > 1 ? samplesAsItems(records, design.samples) : records,
        { ...base, cluster: null },
        options,
      );
      const interval = plain.paired.difference;
      if (interval.lower <= truth && truth <= interval.upper) naiveCovered++;
      if (plain.gate.exitCode === 1) naiveRegressed++;
    }
  }
  return {
    runs,
    significant: significant / runs,
    regressed: regressed / runs,
    failed: failed / runs,
    coverage: covered / runs,
    naiveCoverage: naive ? naiveCovered / runs : null,
    naiveRegressed: naive ? naiveRegressed / runs : null,
  };
}
