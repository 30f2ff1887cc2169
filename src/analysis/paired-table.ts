import type { PairedTable } from '../../stats/index';
import type { PairedItems } from './pair-by-item';

/** A paired 2x2 table with every cell present. */
export type FullPairedTable = Required<PairedTable>;

/**
 * The paired 2x2 table of items with one sample on each side (`pairByItem` then `pairedOnly`): `n11`
 * both pass, `n10` the baseline passes and the candidate fails, `n01` the reverse, `n00` both fail.
 *
 * @example pairedTable(pairedOnly(pairByItem(cells, { baseline: 'A', candidate: 'B' }))) // { n11: 40, n10: 2, n01: 9, n00: 49 }
 */
export function pairedTable({ ids, a, b }: PairedItems): FullPairedTable {
  const table = { n11: 0, n10: 0, n01: 0, n00: 0 };
  ids.forEach((id, i) => {
    const [aTrials, bTrials] = [a.trials[id], b.trials[id]];
    if (aTrials !== 1 || bTrials !== 1) {
      throw new RangeError(`pairedTable: item row ${i} has ${aTrials} and ${bTrials} samples; expected 1 and 1`);
    }
    const [aPass, bPass] = [a.passes[id] === 1, b.passes[id] === 1];
    if (aPass && bPass) table.n11++;
    else if (aPass) table.n10++;
    else if (bPass) table.n01++;
    else table.n00++;
  });
  return table;
}
