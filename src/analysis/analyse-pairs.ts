import { pairedStandardError, pairedTablesByCluster, seededRandom } from '../../stats/index';
import { InputError } from '../schema/input-error';
import type { PairedComparison, Policy } from '../schema/verdict-document';
import { binaryComparison, clusteredBinaryComparison } from './binary-comparison';
import { meansComparison } from './means-comparison';
import { type PairedItems, type PairSide, pairedItem } from './pair-by-item';
import type { PairedAnalysis } from './paired-analysis';
import { pairedTable } from './paired-table';
import { MISSING_VALUE } from './record-field';
import { itemFieldValues } from './slice-by';

/**
 * The paired comparison of the items in `pairs` (paired items of `pairByItem`) by `design`: the 2x2
 * analysis for `binary`, per-item means for `binary-samples` and `score` (see `binaryComparison`,
 * `meansComparison`). Every call draws its bootstrap from a fresh `seededRandom(policy.seed)`, so a
 * slice or a candidate gets the same numbers whatever else is compared beside it.
 *
 * With `policy.cluster`, the test, the interval and the standard error come from a clustered analysis: for
 * `binary`, `clusteredBinaryComparison` (Yang et al.'s clustered McNemar test beside the unclustered one); for
 * the per-item means, `meansComparison` with clusters (the z test on the clustered standard error, Miller 2024
 * sec. 2.2). `clustering` records the clusters and the design effect: the clustered variance of the mean
 * difference over its variance treating items as independent.
 *
 */
export function analysePairs(
  pairs: PairedItems,
  design: PairedComparison['design'],
  policy: Policy,
  maxDifference = 1,
): PairedAnalysis {
  const field = policy.cluster;
  const clusters = field === null ? null : itemFieldValues(pairs, field);
  if (field === null || clusters === null) {
    if (design === 'binary') return binaryComparison(pairedTable(pairs), policy);
    const { baseline, candidate } = perItemValues(pairs, design);
    return meansComparison(baseline, candidate, {
      design,
      policy,
      random: seededRandom(policy.seed),
      clusters: null,
      maxDifference,
    });
  }
  checkClusterField(clusters, pairs, field);
  const { baseline, candidate } = perItemValues(pairs, design);
  if (design === 'binary') {
    const tables = pairedTablesByCluster(
      baseline.map((x) => (x === 1 ? 1 : 0)),
      candidate.map((x) => (x === 1 ? 1 : 0)),
      clusters,
    );
    return clusteredBinaryComparison(tables, field, policy);
  }
  const analysis = meansComparison(baseline, candidate, {
    design,
    policy,
    random: seededRandom(policy.seed),
    clusters,
    maxDifference,
  });
  const independent = baseline.length < 2 ? null : pairedStandardError(baseline, candidate).se;
  const clustered = analysis.paired.standardError;
  const paired: PairedComparison = {
    ...analysis.paired,
    clustering: {
      field,
      clusters: new Set(clusters).size,
      designEffect:
        independent !== null && independent > 0 && clustered !== null ? (clustered / independent) ** 2 : null,
      method: analysis.paired.test.method,
    },
  };
  return { paired, intervalAt: analysis.intervalAt };
}

/** Per-item baseline and candidate values (pass rates, or mean scores for `score`) and their differences. */
export function perItemValues(
  { ids, a, b }: PairedItems,
  design: PairedComparison['design'],
): { baseline: number[]; candidate: number[]; differences: number[] } {
  const value =
    design === 'score'
      ? (side: PairSide, id: number) => side.score[id] ?? Number.NaN
      : (side: PairSide, id: number) => (side.passes[id] ?? 0) / (side.trials[id] ?? 0);
  const baseline = Array.from(ids, (id) => value(a, id));
  const candidate = Array.from(ids, (id) => value(b, id));
  const differences = candidate.map((x, i) => x - (baseline[i] ?? 0));
  return { baseline, candidate, differences };
}

/**
 * Refuse a cluster field some paired items lack: those items would form one pseudo-cluster of everything
 * unlabelled, which is no cluster at all, and would change the answer silently.
 *
 * @throws {InputError} naming the field, how many items lack it and one of them
 */
function checkClusterField(clusters: readonly string[], pairs: PairedItems, field: string): void {
  let missing = 0;
  let first: string | number | undefined;
  for (let i = 0; i < clusters.length; i++) {
    if (clusters[i] !== MISSING_VALUE) continue;
    missing++;
    first ??= pairedItem(pairs, i);
  }
  if (missing === 0) return;
  throw new InputError(
    `${missing} of ${clusters.length} paired items have no ${field} (item ${JSON.stringify(first)} is one): give every item a cluster, or compare without --cluster`,
    { field: '--cluster' },
  );
}
