import { RecordStatus } from '../schema/result-record';
import type { CodeColumn, CountColumn, MeasureColumn } from './narrow-column';
import type { RowRecords } from './row-records';

/** The statuses in code order: a row's `status` code indexes this list (src/schema's vocabulary). */
export const STATUS_NAMES: readonly RecordStatus[] = RecordStatus.options;
/** The code of an `ok` row. */
export const OK = STATUS_NAMES.indexOf('ok');

/**
 * Validated records as typed columns, one entry per row in input order (files in the order given). Strings
 * that repeat (items, variants, files) are interned: a row holds a code, the names are listed once, so the
 * verbs compare integers and index typed arrays instead of hashing strings again.
 */
export interface ResultsColumns {
  /** Rows. */
  readonly length: number;
  /** Per item code (`itemId`), its pairing key: String(item), so 7 and "7" pair across a JSONL and a CSV file. */
  readonly itemKeys: readonly string[];
  /** Per row, its item's code (order of first appearance). */
  readonly itemId: Int32Array;
  /** Per row, 1 when the item was written as a number (the item as written is `itemValue`). */
  readonly itemIsNumber: Uint8Array;
  /** Variant names, in order of first appearance; a row's `variant` indexes them. */
  readonly variantNames: readonly string[];
  readonly variant: CodeColumn;
  /** Non-negative integers (CountColumn: as narrow as the values allow, each value exact). */
  readonly sample: CountColumn;
  /** Per row, the index of its status in `STATUS_NAMES`. */
  readonly status: Uint8Array;
  /** 1 and 0/1 for a `pass` row; `n` and `c` for an aggregated row; 0 and 0 for a score-only row. */
  readonly trials: CountColumn;
  readonly passes: CountColumn;
  /** NaN where absent (also for latency and cost; snake_case `latency_ms` / `cost_usd` are read too). */
  readonly score: MeasureColumn;
  readonly latencyMs: MeasureColumn;
  readonly costUsd: MeasureColumn;
  /** File names (or the name given for records in memory); a row's `file` indexes them. */
  readonly fileNames: readonly string[];
  readonly file: CodeColumn;
  /**
   * Per file code, true where that file is columnar (Arrow IPC, Parquet): its rows' `line` is their row number, which
   * messages write `row N`. Absent when no file is.
   */
  readonly rowNumbered?: readonly boolean[];
  /** Per row, the line it starts on in its file (NaN where the input has no lines: then 8-byte doubles). */
  readonly line: CountColumn;
  /**
   * Per row, its record beyond the columns (tags, outputs, any slicing field): held in memory, or re-read from its
   * file by offset, with the fields a command slices by kept per row (row-records.ts).
   */
  readonly records: RowRecords;
}

/** The item of a row as written (a number stays a number: String and Number round-trip every finite number). */
export function itemValue(columns: ResultsColumns, row: number): string | number {
  const key = columns.itemKeys[columns.itemId[row] ?? -1] ?? '';
  return columns.itemIsNumber[row] === 1 ? Number(key) : key;
}

/** A variant's code in `columns.variantNames`, -1 when no row has it. */
export const variantCode = (columns: ResultsColumns, name: string): number => columns.variantNames.indexOf(name);

/** The variant name of a row. */
export const variantOf = (columns: ResultsColumns, row: number): string =>
  columns.variantNames[columns.variant[row] ?? -1] ?? '';

/**
 * The given rows, in the given order (a gather of every column). The names keep their codes, so item and
 * variant codes mean the same in the result as in `columns`.
 */
export function takeRows(columns: ResultsColumns, rows: Int32Array): ResultsColumns {
  const take = <T extends Int32Array | Uint8Array | Uint16Array | Uint32Array | Float32Array | Float64Array>(
    values: T,
  ): T => {
    const out = new (values.constructor as new (length: number) => T)(rows.length);
    rows.forEach((row, i) => {
      out[i] = values[row] ?? 0;
    });
    return out;
  };
  return {
    length: rows.length,
    itemKeys: columns.itemKeys,
    variantNames: columns.variantNames,
    fileNames: columns.fileNames,
    ...(columns.rowNumbered === undefined ? {} : { rowNumbered: columns.rowNumbered }),
    itemId: take(columns.itemId),
    itemIsNumber: take(columns.itemIsNumber),
    variant: take(columns.variant),
    sample: take(columns.sample),
    status: take(columns.status),
    trials: take(columns.trials),
    passes: take(columns.passes),
    score: take(columns.score),
    latencyMs: take(columns.latencyMs),
    costUsd: take(columns.costUsd),
    file: take(columns.file),
    line: take(columns.line),
    records: columns.records.take(rows),
  };
}

/** Add to one entry of a typed array of totals (`totals[index] += amount`, which the index type refuses). */
export function addAt(totals: ItemCounts, index: number, amount: number): void {
  totals[index] = (totals[index] ?? 0) + amount;
}

/** Per item, a count: exact whole numbers, in the narrowest of 1, 2, 4 or 8 bytes that every count the cells can make fits. */
export type ItemCounts = Uint8Array | Uint16Array | Uint32Array | Float64Array;

/**
 * How per-item counts of `cells` are held: the narrowest unsigned array no count can overflow, else 8-byte doubles.
 * A count sums one item's rows (its trials, at least 1 a row), plus up to `extra` (the most cells a plan gives an
 * item): so the bound is the most rows of one item x the most trials of a row + `extra`. Issue 14: at 10^6 items of
 * one sample a variant that is 1 byte an item, where the rows of the whole file (2e6 x 1) asked for 4, and the two
 * pairings and `missingData` of a comparison hold 10 such arrays (38 MB of compare's peak in 4 bytes, 9.5 in 1).
 */
export function itemCounts(cells: ResultsColumns, extra = 0): (n: number) => ItemCounts {
  const bound = mostRowsOfAnItem(cells) * Math.max(1, mostTrials(cells)) + extra;
  if (bound < 2 ** 8) return (n) => new Uint8Array(n);
  if (bound < 2 ** 16) return (n) => new Uint16Array(n);
  return bound < 2 ** 32 ? (n) => new Uint32Array(n) : (n) => new Float64Array(n);
}

/** The largest of some non-negative counts (0 for none): `extra` of {@link itemCounts} from per-item planned cells. */
export function largestCount(values: ArrayLike<number>): number {
  let most = 0;
  for (let i = 0; i < values.length; i++) most = Math.max(most, values[i] ?? 0);
  return most;
}

/**
 * The most rows any one item has in `cells` (every variant and status), found once per columns: tallied in a byte
 * an item, which saturates; an item with 255 rows or more answers every row of the cells (a bound, not the count).
 */
function mostRowsOfAnItem(cells: ResultsColumns): number {
  let most = MOST_ROWS.get(cells);
  if (most === undefined) {
    const tally = new Uint8Array(cells.itemKeys.length);
    const { itemId } = cells;
    most = 0;
    for (let row = 0; row < cells.length; row++) {
      const id = itemId[row] ?? 0;
      const rows = tally[id] ?? 0;
      if (rows === 0xff) {
        most = cells.length;
        break;
      }
      tally[id] = rows + 1;
      if (rows + 1 > most) most = rows + 1;
    }
    MOST_ROWS.set(cells, most);
  }
  return most;
}

const MOST_ROWS = new WeakMap<object, number>();

/** The most trials of a row of `cells`, found once per columns (a comparison asks three times). */
function mostTrials(cells: ResultsColumns): number {
  let most = MOST_TRIALS.get(cells.trials);
  if (most === undefined) {
    most = 0;
    const { trials } = cells;
    for (let row = 0; row < trials.length; row++) most = Math.max(most, trials[row] ?? 0);
    MOST_TRIALS.set(cells.trials, most);
  }
  return most;
}

const MOST_TRIALS = new WeakMap<object, number>();
