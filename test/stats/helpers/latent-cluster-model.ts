import type { ClusterTable, RandomSource } from '../../../stats/index';
import { normal } from '../../../stats/index';

/**
 * A latent-normal model of clustered paired binary outcomes, for calibration tests. Item i of cluster k passes
 * under variant v when mu_v + u_k + w_ki + a_kv + e_kiv > 0, with independent normal effects:
 * u_k (variance 0.12) the cluster's difficulty and w_ki (0.28) the item's, both shared by the two variants;
 * a_kv (0.18) a cluster-by-variant effect (one variant better on some passages, the other on others), and
 * e_kiv (0.42) noise. The variances sum to 1, so each variant's pass rate is Phi(mu_v); the latent intra-cluster
 * correlation of one variant's outcomes is (0.12 + 0.18) / 1 = 0.3, and that of the per-item latent differences
 * (a_kc - a_kb + e_kic - e_kib) is 0.18 / (0.18 + 0.42) = 0.3. Identical variants have mu_c = mu_b.
 */
export interface LatentClusterModel {
  readonly nClusters: number;
  readonly clusterSize: number;
  /** mu_b; the baseline passes with probability Phi(mu_b). */
  readonly baselineLatent: number;
  /** mu_c - mu_b. */
  readonly shift: number;
}

const VARIANCE = { cluster: 0.12, item: 0.28, clusterVariant: 0.18, noise: 0.42 } as const;

/** A standard normal deviate by the Box-Muller transform (one of the pair; the other is discarded). */
function gaussian(random: RandomSource): number {
  let u = random();
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** One simulated eval: a paired table per cluster. */
export function simulateClusters(model: LatentClusterModel, random: RandomSource): ClusterTable[] {
  const sd = {
    cluster: Math.sqrt(VARIANCE.cluster),
    item: Math.sqrt(VARIANCE.item),
    clusterVariant: Math.sqrt(VARIANCE.clusterVariant),
    noise: Math.sqrt(VARIANCE.noise),
  };
  const candidateLatent = model.baselineLatent + model.shift;
  const clusters: ClusterTable[] = [];
  for (let k = 0; k < model.nClusters; k++) {
    const shared = gaussian(random) * sd.cluster;
    const baselineEffect = shared + gaussian(random) * sd.clusterVariant;
    const candidateEffect = shared + gaussian(random) * sd.clusterVariant;
    let n11 = 0;
    let n10 = 0;
    let n01 = 0;
    let n00 = 0;
    for (let i = 0; i < model.clusterSize; i++) {
      const item = gaussian(random) * sd.item;
      const baseline = model.baselineLatent + baselineEffect + item + gaussian(random) * sd.noise > 0;
      const candidate = candidateLatent + candidateEffect + item + gaussian(random) * sd.noise > 0;
      if (baseline && candidate) n11++;
      else if (baseline) n10++;
      else if (candidate) n01++;
      else n00++;
    }
    clusters.push({ n11, n10, n01, n00 });
  }
  return clusters;
}

/** The model's difference in pass rates, candidate minus baseline: Phi(mu_c) - Phi(mu_b). */
export function trueDifference(model: LatentClusterModel): number {
  return normal.cdf(model.baselineLatent + model.shift) - normal.cdf(model.baselineLatent);
}
