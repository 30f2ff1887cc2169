import type { ColumnTable } from 'arquero';
import { columnValues, itemCount, takeRows } from './table-columns';

/** Cells (variants x samples x items) up to which the last-row index is a dense array (64 MB). */
const DENSE_CELL_LIMIT = 2 ** 24;

/** The cells left once each (item, variant, sample) keeps only its last row, and what was replaced. */
export interface LatestCells {
  /** One row per cell, in input order of the rows kept; every status. */
  readonly cells: ColumnTable;
  /** Per variant, rows replaced by a later row of the same cell. */
  readonly duplicates: Readonly<Record<string, number>>;
}

/**
 * Keep the last row of each cell (item, variant, sample), as a resumed run means it: a cell retried
 * after an error is written again, and the later row is the answer. The earlier rows are counted
 * (`duplicates`), never silently dropped. Items pair by `key` (String(item)).
 *
 * @example latestCells(results.table).duplicates // { 'model-b': 3 }
 */
export function latestCells(results: ColumnTable): LatestCells {
  const itemIds = columnValues<number>(results, 'itemId');
  const variants = columnValues<string>(results, 'variant');
  const samples = columnValues<number>(results, 'sample');
  const nItems = itemCount(results);
  let maxSample = 0;
  for (let row = 0; row < samples.length; row++) if (samples[row]! > maxSample) maxSample = samples[row]!;
  const variantIndex = new Map<string, number>();
  for (let row = 0; row < variants.length; row++) {
    if (!variantIndex.has(variants[row]!)) variantIndex.set(variants[row]!, variantIndex.size);
  }
  // A cell's number: (variant, sample, item) in mixed radix, so no composite string keys. The last row
  // of each cell goes in a dense array when it is small enough, else in a number-keyed map.
  const cellCount = variantIndex.size * (maxSample + 1) * nItems;
  const dense = cellCount <= DENSE_CELL_LIMIT ? new Int32Array(cellCount).fill(-1) : null;
  const sparse = dense === null ? new Map<number, number>() : null;
  const replaced = new Uint8Array(results.numRows());
  // Keyed by variant names, which may be any string (`constructor`, `toString`): no prototype to meet.
  const duplicates: Record<string, number> = Object.create(null);
  let nReplaced = 0;
  for (let row = 0; row < replaced.length; row++) {
    const cell = (variantIndex.get(variants[row]!)! * (maxSample + 1) + samples[row]!) * nItems + itemIds[row]!;
    const previous = dense ? dense[cell]! : (sparse!.get(cell) ?? -1);
    if (previous !== -1) {
      replaced[previous] = 1;
      duplicates[variants[row]!] = (duplicates[variants[row]!] ?? 0) + 1;
      nReplaced++;
    }
    if (dense) dense[cell] = row;
    else sparse!.set(cell, row);
  }
  if (nReplaced === 0) return { cells: results, duplicates };
  const rows = new Int32Array(replaced.length - nReplaced);
  let next = 0;
  for (let row = 0; row < replaced.length; row++) if (replaced[row] === 0) rows[next++] = row;
  return { cells: takeRows(results, rows), duplicates };
}
