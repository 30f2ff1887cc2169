import { InputError } from '../schema/input-error';
import { latestCells } from './latest-cells';
import { type PairOptions, pairByItem, pairedOnly } from './pair-by-item';
import { type FullPairedTable, pairedTable } from './paired-table';
import type { LoadedResults } from './results-table';

/**
 * The paired 2x2 table a pilot run observed (ok cells, last row of each cell, items both variants have):
 * the planning values of a power calculation, p10 = n10/n and p01 = n01/n.
 *
 * @throws {InputError} for an unknown variant, no paired items, or several samples per item
 * @example observedPairedTable(await loadResults(['pilot.jsonl']), { baseline: 'A', candidate: 'B' }) // { n11: 40, n10: 2, n01: 9, n00: 49 }
 */
export function observedPairedTable(results: LoadedResults, { baseline, candidate }: PairOptions): FullPairedTable {
  const { cells } = latestCells(results.columns);
  const known = cells.variantNames;
  for (const variant of [baseline, candidate]) {
    if (!known.includes(variant)) {
      const list = known.map((v) => JSON.stringify(v)).join(', ');
      throw new InputError(`unknown variant ${JSON.stringify(variant)}; the results have ${list}`);
    }
  }
  const pairs = pairedOnly(pairByItem(cells, { baseline, candidate }));
  if (pairs.ids.length === 0) {
    throw new InputError(`no item has ok outcomes in both \`${baseline}\` and \`${candidate}\``);
  }
  if (pairs.ids.some((id) => pairs.a.trials[id] !== 1 || pairs.b.trials[id] !== 1)) {
    throw new InputError('the McNemar power needs one sample per item and variant; these results have several');
  }
  return pairedTable(pairs);
}
