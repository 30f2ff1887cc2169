import { clusterSums, designEffectOf } from './cluster-sums';
import type { ClusterTable } from './types';

/**
 * Design effect of the paired difference D = (n01 - n10) / N under clustering: the variance of D with the
 * clusters as the independent units over its variance with every pair independent (Kish 1965, Survey Sampling,
 * Wiley). With e_k = n01_k - n10_k, r_k = e_k - n_k D and e_i each pair's difference (+1, -1 or 0):
 *
 *   deff = sum_k r_k^2 / sum_i (e_i - D)^2 = sum_k r_k^2 / ((n10 + n01) - E^2 / N),
 *
 * the ratio of the cluster-robust (CR0) sandwich variance of a mean to its heteroskedasticity-robust (HC0)
 * variance: R `vcovCL(lm(d ~ 1), cluster = ~k, type = "HC0", cadjust = FALSE) / vcovHC(lm(d ~ 1), type = "HC0")`
 * (sandwich). 1 for clusters of one pair; about 1 + (m - 1) rho for clusters of m pairs whose differences have
 * intra-cluster correlation rho (Donner & Klar 2000, Design and
 * Analysis of Cluster Randomization Trials in Health Research, ch. 5). It can fall below 1 (negatively correlated
 * differences). What inflates it is the correlation of the per-pair differences within a cluster (the candidate
 * better on some passages and worse on others), not that of the outcomes: a cluster effect shared by both
 * variants cancels in the difference. With no variance at all (every pair has the same difference) it is 1.
 * `clusteredMcNemarPower`, `clusteredMcNemarSampleSize` and `clusteredMcNemarDetectableDifference` take it.
 *
 * @param clusters one paired table `{ n11, n10, n01, n00 }` per cluster (at least 2, none empty)
 * @throws {TypeError} if `clusters` is not an array of objects or a cell is not a number
 * @throws {RangeError} if there are fewer than 2 clusters, a cell is not a non-negative integer or a cluster is empty
 * @example clusteredDesignEffect([{ n11: 0, n10: 0, n01: 3, n00: 0 }, { n11: 0, n10: 3, n01: 0, n00: 0 }]) // 3
 */
export function clusteredDesignEffect(clusters: readonly ClusterTable[]): number {
  return designEffectOf(clusterSums('clusteredDesignEffect', clusters));
}
