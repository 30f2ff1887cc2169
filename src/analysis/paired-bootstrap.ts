import type { Interval } from '../../reports/verdict-document';
import type { RandomSource } from '../../stats/index';
import { quantileSorted } from './quantile-sorted';

export interface BootstrapOptions {
  /** Resamples drawn. */
  readonly resamples: number;
  /** Two-sided level of the percentile interval. */
  readonly confidence: number;
  /** A seeded uniform source (`seededRandom(policy.seed)`). */
  readonly random: RandomSource;
  /** Per-value cluster index 0..k-1: resample whole clusters instead of values. @default null */
  readonly clusters?: Int32Array | null;
}

/**
 * Percentile bootstrap interval of a mean (Efron & Tibshirani 1993, ch. 13): resample the values (the
 * per-item paired differences, so the pairing is kept) with replacement `resamples` times and take the
 * (1 - confidence)/2 and (1 + confidence)/2 quantiles (type 7) of the resampled means. With `clusters`,
 * whole clusters are resampled and each resample's mean is its sum over its size (the cluster bootstrap
 * of Cameron, Gelbach & Miller 2008), which keeps correlated items together.
 *
 * @example bootstrapMeanInterval(differences, { resamples: 2000, confidence: 0.95, random: seededRandom(0) })
 */
export function bootstrapMeanInterval(
  values: ArrayLike<number>,
  { resamples, confidence, random, clusters = null }: BootstrapOptions,
): Interval {
  const n = values.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += values[i]!;
  const estimate = total / n;
  const means = new Float64Array(resamples);
  if (clusters === null) {
    for (let r = 0; r < resamples; r++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += values[Math.floor(random() * n)]!;
      means[r] = sum / n;
    }
  } else {
    const { sums, sizes } = clusterTotals(values, clusters);
    const k = sums.length;
    for (let r = 0; r < resamples; r++) {
      let sum = 0;
      let size = 0;
      for (let j = 0; j < k; j++) {
        const pick = Math.floor(random() * k);
        sum += sums[pick]!;
        size += sizes[pick]!;
      }
      means[r] = sum / size;
    }
  }
  means.sort();
  const tail = (1 - confidence) / 2;
  return {
    estimate,
    lower: quantileSorted(means, tail),
    upper: quantileSorted(means, 1 - tail),
    confidence,
    method: clusters === null ? 'bootstrap-percentile' : 'cluster-bootstrap-percentile',
  };
}

function clusterTotals(values: ArrayLike<number>, clusters: Int32Array): { sums: Float64Array; sizes: Float64Array } {
  let k = 0;
  for (let i = 0; i < clusters.length; i++) k = Math.max(k, clusters[i]! + 1);
  const sums = new Float64Array(k);
  const sizes = new Float64Array(k);
  for (let i = 0; i < values.length; i++) {
    sums[clusters[i]!]! += values[i]!;
    sizes[clusters[i]!]!++;
  }
  return { sums, sizes };
}
