import type { ClusterSums } from './cluster-sums';
import type { ClusterTable } from './types';

/**
 * Eliasziw & Donner's (1991, Stat Med 10:1981) clustered McNemar statistic, as R clust.bin.pair 0.1.2's
 * `method = "eliasziw"` computes it (internal helper of `clusteredMcNemarTest`): McNemar's chi-square
 * (n10 - n01)^2 / (n10 + n01), without continuity correction, divided by the variance inflation factor
 * C = 1 + (n_c - 1) rho, where
 *
 * - rho* is the one-way ANOVA estimate of the intra-cluster correlation of the four-category outcome
 *   (n11, n10, n01, n00): with P_j the pooled share of cell j, n-bar = N / K and
 *   n_0 = n-bar - sum (n_k - n-bar)^2 / (K (K - 1) n-bar),
 *   BMS = (1/K) sum_k sum_j (x_kj - n_k P_j)^2 / n_k, WMS = sum_k sum_j x_kj (n_k - x_kj) / n_k / (K (n-bar - 1)),
 *   rho* = (BMS - WMS) / (BMS + (n_0 - 1) WMS);
 * - rho = 1 / (1 + (P_10 + P_01) (1 - rho*) / rho*), its value for the discordant pairs;
 * - n_c = S_0 + K_d (S-bar - S_0), an adjusted mean number of discordant pairs per cluster: S_k = n10_k + n01_k,
 *   K_d the clusters with S_k >= 1, S-bar their mean S_k and S_0 = S-bar - sum_{S_k >= 1} (S_k - S-bar)^2 /
 *   (K_d (K_d - 1) S-bar).
 *
 * Where the package divides by zero or uses a negative estimate, verdict defines the value (the package returns
 * NaN or a statistic of either sign): a negative rho* is truncated at 0 (as ANOVA estimates of an intra-class
 * correlation usually are), so C = 1 and the statistic is McNemar's; clusters of one pair each (n-bar = 1) also
 * give rho = 0; rho* = 0/0 (every cluster wholly in one and the same cell) gives rho = 1, the conservative end;
 * and one discordant cluster (K_d = 1) gives S_0 = S-bar.
 */
export function eliasziwDonnerStatistic(clusters: readonly ClusterTable[], sums: ClusterSums): number {
  const { n, n10, n01, nClusters: k, sizes } = sums;
  const discordant = n10 + n01;
  if (discordant === 0) return 0;
  const mcnemar = (n10 - n01) ** 2 / discordant;
  const nBar = n / k;
  let spread = 0;
  for (const size of sizes) spread += (size - nBar) ** 2;
  const n0 = nBar - spread / (k * (k - 1) * nBar);
  const totals = [0, 0, 0, 0];
  const cellsOf = (t: ClusterTable) => [t.n11, t.n10, t.n01, t.n00];
  for (const table of clusters) {
    cellsOf(table).forEach((x, j) => {
      totals[j]! += x;
    });
  }
  const shares = totals.map((total) => total / n);
  let between = 0;
  let within = 0;
  clusters.forEach((table, index) => {
    const size = sizes[index]!;
    cellsOf(table).forEach((x, j) => {
      between += (x - size * shares[j]!) ** 2 / size;
      within += (x * (size - x)) / size;
    });
  });
  const bms = between / k;
  let rho: number;
  if (nBar === 1) rho = 0;
  else {
    const wms = within / (k * (nBar - 1));
    const denominator = bms + (n0 - 1) * wms;
    const rhoStar = denominator === 0 ? 1 : (bms - wms) / denominator;
    rho = rhoStar <= 0 ? 0 : 1 / (1 + ((shares[1]! + shares[2]!) * (1 - rhoStar)) / rhoStar);
  }
  const perCluster = clusters.map((t) => t.n10 + t.n01).filter((s) => s >= 1);
  const kd = perCluster.length;
  const sBar = discordant / kd;
  let sSpread = 0;
  for (const s of perCluster) sSpread += (s - sBar) ** 2;
  const s0 = kd === 1 ? sBar : sBar - sSpread / (kd * (kd - 1) * sBar);
  const nc = s0 + kd * (sBar - s0);
  return mcnemar / (1 + (nc - 1) * rho);
}
