import type { ColumnTable } from 'arquero';
import type { PairedComparison, Policy } from '../../reports/verdict-document';
import { seededRandom } from '../../stats/index';
import { binaryComparison } from './binary-comparison';
import { meansComparison } from './means-comparison';
import { pairedTable } from './paired-table';
import { itemFieldValues } from './slice-by';
import { columnValues } from './table-columns';

/**
 * The paired comparison of the items in `pairs` (paired items of `pairByItem`) by `design`: the 2x2
 * analysis for `binary`, per-item means for `binary-samples` and `score` (see `binaryComparison`,
 * `meansComparison`). Every call draws its bootstrap from a fresh `seededRandom(policy.seed)`, so a
 * slice or a candidate gets the same numbers whatever else is compared beside it.
 *
 * @param cells the cells `pairs` points into (for the cluster field)
 */
export function analysePairs(
  pairs: ColumnTable,
  cells: ColumnTable,
  design: PairedComparison['design'],
  policy: Policy,
): PairedComparison {
  const clusters = policy.cluster === null ? null : itemFieldValues(pairs, cells, policy.cluster);
  if (design === 'binary') {
    const clustering = clusters === null ? null : { clusters, differences: perItemValues(pairs, design).differences };
    return binaryComparison(pairedTable(pairs), policy, clustering);
  }
  const { baseline, candidate } = perItemValues(pairs, design);
  return meansComparison(baseline, candidate, { design, policy, random: seededRandom(policy.seed), clusters });
}

/** Per-item baseline and candidate values (pass rates, or mean scores for `score`) and their differences. */
export function perItemValues(
  pairs: ColumnTable,
  design: PairedComparison['design'],
): { baseline: number[]; candidate: number[]; differences: number[] } {
  const count = pairs.numRows();
  const baseline: number[] = new Array(count);
  const candidate: number[] = new Array(count);
  const differences: number[] = new Array(count);
  if (design === 'score') {
    const a = columnValues<number>(pairs, 'aScore');
    const b = columnValues<number>(pairs, 'bScore');
    for (let i = 0; i < count; i++) {
      baseline[i] = a[i]!;
      candidate[i] = b[i]!;
      differences[i] = b[i]! - a[i]!;
    }
  } else {
    const aPasses = columnValues<number>(pairs, 'aPasses');
    const bPasses = columnValues<number>(pairs, 'bPasses');
    const aTrials = columnValues<number>(pairs, 'aTrials');
    const bTrials = columnValues<number>(pairs, 'bTrials');
    for (let i = 0; i < count; i++) {
      baseline[i] = aPasses[i]! / aTrials[i]!;
      candidate[i] = bPasses[i]! / bTrials[i]!;
      differences[i] = candidate[i]! - baseline[i]!;
    }
  }
  return { baseline, candidate, differences };
}
