import type { ClusterTable } from './types';
import { assertCount, describeValue } from './validate';

/**
 * The sums that every clustered paired statistic is built from (internal helper, not exported from
 * stats/index.ts). For cluster k with n_k pairs, e_k = n01_k - n10_k (candidate wins minus losses),
 * D = sum e_k / N the difference in pass rates (candidate minus baseline) and r_k = e_k - n_k D its residual.
 */
export interface ClusterSums {
  /** Number of clusters K. */
  readonly nClusters: number;
  /** Number of pairs N = sum n_k. */
  readonly n: number;
  readonly n10: number;
  readonly n01: number;
  /** Per cluster: n_k and e_k. */
  readonly sizes: readonly number[];
  readonly differences: readonly number[];
  /** E = sum e_k = n01 - n10. */
  readonly totalDifference: number;
  /** D = E / N. */
  readonly estimate: number;
  /** sum n_k^2. */
  readonly sumSquaredSizes: number;
  /** sum e_k^2. */
  readonly sumSquaredDifferences: number;
  /** sum r_k^2, r_k = e_k - n_k D (the cluster totals of the item residuals). */
  readonly sumSquaredResiduals: number;
  /** sum n_k r_k. */
  readonly sumSizeResiduals: number;
}

/**
 * Check `clusters` (an array of at least two tables of counts, none empty) and return its sums. Two clusters
 * at least: with one, no between-cluster variance can be estimated (Obuchowski's and Yang's factor (K - 1) / K
 * is 0 there).
 */
export function clusterSums(fn: string, clusters: unknown): ClusterSums {
  if (!Array.isArray(clusters)) {
    throw new TypeError(
      `${fn}: \`clusters\` must be an array of tables { n11, n10, n01, n00 }, got ${describeValue(clusters)}`,
    );
  }
  if (clusters.length < 2) {
    throw new RangeError(`${fn}: \`clusters\` must hold at least 2 clusters, got ${clusters.length}`);
  }
  const sizes: number[] = [];
  const differences: number[] = [];
  let n = 0;
  let n10 = 0;
  let n01 = 0;
  // An index loop, not forEach, so that a hole in a sparse array is caught, not skipped.
  for (let k = 0; k < clusters.length; k++) {
    const table: unknown = clusters[k];
    if (typeof table !== 'object' || table === null || Array.isArray(table)) {
      throw new TypeError(
        `${fn}: \`clusters[${k}]\` must be an object { n11, n10, n01, n00 }, got ${describeValue(table)}`,
      );
    }
    const cells = table as Record<string, unknown>;
    for (const cell of ['n11', 'n10', 'n01', 'n00'] as const) assertCount(fn, `clusters[${k}].${cell}`, cells[cell]);
    const { n11, n10: b, n01: c, n00 } = cells as unknown as ClusterTable;
    const size = n11 + b + c + n00;
    if (size === 0) throw new RangeError(`${fn}: \`clusters[${k}]\` must hold at least one pair, got 0`);
    sizes.push(size);
    differences.push(c - b);
    n += size;
    n10 += b;
    n01 += c;
  }
  const totalDifference = n01 - n10;
  const estimate = totalDifference / n;
  let sumSquaredSizes = 0;
  let sumSquaredDifferences = 0;
  let sumSquaredResiduals = 0;
  let sumSizeResiduals = 0;
  for (let k = 0; k < sizes.length; k++) {
    const size = sizes[k]!;
    const difference = differences[k]!;
    const residual = difference - size * estimate;
    sumSquaredSizes += size * size;
    sumSquaredDifferences += difference * difference;
    sumSquaredResiduals += residual * residual;
    sumSizeResiduals += size * residual;
  }
  return {
    nClusters: sizes.length,
    n,
    n10,
    n01,
    sizes,
    differences,
    totalDifference,
    estimate,
    sumSquaredSizes,
    sumSquaredDifferences,
    sumSquaredResiduals,
    sumSizeResiduals,
  };
}

/**
 * Design effect of D: sum r_k^2 / sum_i (e_i - D)^2, the cluster-robust (CR0) variance of D over its variance
 * with the items independent, where sum_i (e_i - D)^2 = (n10 + n01) - E^2 / N (each discordant item has
 * e_i^2 = 1). 1 when there is no variance at all (every item has the same difference, so every residual is 0).
 */
export function designEffectOf(sums: ClusterSums): number {
  // N (n10 + n01) - E^2 is an integer, exact below N = 9e7, so "every item alike" is recognised exactly.
  const scaledIndependent = sums.n * (sums.n10 + sums.n01) - sums.totalDifference * sums.totalDifference;
  if (scaledIndependent <= 0) return 1;
  return (sums.sumSquaredResiduals * sums.n) / scaledIndependent;
}
