import type { ColumnTable } from 'arquero';
import type { PairedTable } from '../../stats/index';
import { columnValues } from './table-columns';

/** A paired 2x2 table with every cell present. */
export type FullPairedTable = Required<PairedTable>;

/**
 * The paired 2x2 table of items with one sample on each side (`pairByItem` then `pairedOnly`): `n11`
 * both pass, `n10` the baseline passes and the candidate fails, `n01` the reverse, `n00` both fail.
 *
 * @example pairedTable(pairedOnly(pairByItem(cells, { baseline: 'A', candidate: 'B' }))) // { n11: 40, n10: 2, n01: 9, n00: 49 }
 */
export function pairedTable(pairs: ColumnTable): FullPairedTable {
  const aPasses = columnValues<number>(pairs, 'aPasses');
  const bPasses = columnValues<number>(pairs, 'bPasses');
  const aTrials = columnValues<number>(pairs, 'aTrials');
  const bTrials = columnValues<number>(pairs, 'bTrials');
  const cells = [0, 0, 0, 0]; // index: 2 * (baseline passes) + (candidate passes)
  for (let i = 0; i < aPasses.length; i++) {
    if (aTrials[i] !== 1 || bTrials[i] !== 1) {
      throw new RangeError(`pairedTable: item row ${i} has ${aTrials[i]} and ${bTrials[i]} samples; expected 1 and 1`);
    }
    cells[2 * aPasses[i]! + bPasses[i]!]!++;
  }
  return { n11: cells[3]!, n10: cells[2]!, n01: cells[1]!, n00: cells[0]! };
}
