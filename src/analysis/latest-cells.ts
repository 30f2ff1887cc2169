import { addAt, type ResultsColumns, takeRows } from './results-columns';

/**
 * Cells (variants x samples x items) up to which the last-row index is a dense array: 2^24 (64 MB), or 4 per row
 * (16 bytes a row, beside the columns' ~98): 10^7 items x 2 variants is 2e7 cells, dense (80 MB).
 */
const DENSE_CELL_LIMIT = 2 ** 24;
const DENSE_CELLS_PER_ROW = 4;

/** The cells left once each (item, variant, sample) keeps only its last row, and what was replaced. */
export interface LatestCells {
  /** One row per cell, in input order of the rows kept; every status. */
  readonly cells: ResultsColumns;
  /** Per variant, rows replaced by a later row of the same cell. */
  readonly duplicates: Readonly<Record<string, number>>;
}

/**
 * Keep the last row of each cell (item, variant, sample), as a resumed run means it: a cell retried
 * after an error is written again, and the later row is the answer. The earlier rows are counted
 * (`duplicates`), never silently dropped. Items pair by their key (String(item)).
 *
 * @example latestCells(results.columns).duplicates // { 'model-b': 3 }
 */
export function latestCells(results: ResultsColumns): LatestCells {
  const { itemId, variant, sample } = results;
  const nItems = results.itemKeys.length;
  let maxSample = 0;
  for (const s of sample) if (s > maxSample) maxSample = s;
  // A cell's number: (variant, sample, item) in mixed radix, so no composite string keys. The last row
  // of each cell goes in a dense array when it is small enough, else the row before each row in its cell is found
  // by sorting the rows by cell. Not a Map: a Map holds at most 2^24 entries, and 10^7 items x 2 variants died
  // with "Map maximum size exceeded" (issue 14, 2026-12-03).
  const cellCount = results.variantNames.length * (maxSample + 1) * nItems;
  const cellOf = (row: number) =>
    ((variant[row] ?? 0) * (maxSample + 1) + (sample[row] ?? 0)) * nItems + (itemId[row] ?? 0);
  const small = cellCount <= Math.max(DENSE_CELL_LIMIT, DENSE_CELLS_PER_ROW * results.length);
  // Most results hold each cell once: a bit a cell finds that in one pass (0.25 MB at 10^6 items x 2 variants),
  // before any array of rows (the dense index and the replaced flags were 9.5 MB of compare's peak, issue 14).
  if (small && !anyCellTwice(cellOf, cellCount, results.length))
    return { cells: results, duplicates: Object.create(null) };
  const dense = small ? new Int32Array(cellCount).fill(-1) : null;
  const previousInCell = dense === null ? previousRowsInCells(cellOf, results.length) : null;
  const replaced = new Uint8Array(results.length);
  const replacedByVariant = new Float64Array(results.variantNames.length);
  const firstReplaced: number[] = []; // variant codes in order of their first replaced row
  let nReplaced = 0;
  for (let row = 0; row < results.length; row++) {
    const code = variant[row] ?? 0;
    const cell = cellOf(row);
    const previous = dense === null ? (previousInCell?.[row] ?? -1) : (dense[cell] ?? -1);
    if (previous !== -1) {
      replaced[previous] = 1;
      if (replacedByVariant[code] === 0) firstReplaced.push(code);
      addAt(replacedByVariant, code, 1);
      nReplaced++;
    }
    if (dense !== null) dense[cell] = row;
  }
  // Keyed by variant names, which may be any string (`constructor`, `toString`): no prototype to meet.
  const duplicates: Record<string, number> = Object.create(null);
  for (const code of firstReplaced) duplicates[results.variantNames[code] ?? ''] = replacedByVariant[code] ?? 0;
  if (nReplaced === 0) return { cells: results, duplicates };
  const rows = new Int32Array(replaced.length - nReplaced);
  let next = 0;
  for (let row = 0; row < replaced.length; row++) if (replaced[row] === 0) rows[next++] = row;
  return { cells: takeRows(results, rows), duplicates };
}

/** Whether two of the rows are of one cell (`cellOf` numbers them below `cellCount`). */
function anyCellTwice(cellOf: (row: number) => number, cellCount: number, length: number): boolean {
  const seen = new Uint8Array(Math.ceil(cellCount / 8));
  for (let row = 0; row < length; row++) {
    const cell = cellOf(row);
    const bit = 1 << (cell & 7);
    const at = cell >>> 3;
    const byte = seen[at] ?? 0;
    if ((byte & bit) !== 0) return true;
    seen[at] = byte | bit;
  }
  return false;
}

/** For each row, the row before it of the same cell (-1 for the first): the rows sorted by cell, then by row. */
function previousRowsInCells(cellOf: (row: number) => number, length: number): Int32Array {
  const cells = new Float64Array(length);
  const order = new Int32Array(length);
  for (let row = 0; row < length; row++) {
    cells[row] = cellOf(row);
    order[row] = row;
  }
  order.sort((a, b) => (cells[a] as number) - (cells[b] as number) || a - b);
  const previous = new Int32Array(length).fill(-1);
  for (let k = 1; k < length; k++) {
    const row = order[k] as number;
    const before = order[k - 1] as number;
    if (cells[row] === cells[before]) previous[row] = before;
  }
  return previous;
}
