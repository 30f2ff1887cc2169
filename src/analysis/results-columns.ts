import { RecordStatus, type ResultRecord } from '../schema/result-record';

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
  readonly variant: Int32Array;
  readonly sample: Float64Array;
  /** Per row, the index of its status in `STATUS_NAMES`. */
  readonly status: Uint8Array;
  /** 1 and 0/1 for a `pass` row; `n` and `c` for an aggregated row; 0 and 0 for a score-only row. */
  readonly trials: Float64Array;
  readonly passes: Float64Array;
  /** NaN where absent (also for latency and cost; snake_case `latency_ms` / `cost_usd` are read too). */
  readonly score: Float64Array;
  readonly latencyMs: Float64Array;
  readonly costUsd: Float64Array;
  /** File names (or the name given for records in memory); a row's `file` indexes them. */
  readonly fileNames: readonly string[];
  readonly file: Int32Array;
  /** Per row, the line it starts on in its file (NaN where the input has no lines). */
  readonly line: Float64Array;
  /** Per row, the parsed record (tags, outputs, any slicing field). */
  readonly records: readonly ResultRecord[];
}

/** A source of validated records: the records and, for each, its file and line. */
export interface RecordSource {
  readonly records: readonly ResultRecord[];
  readonly files: readonly string[];
  readonly lines: readonly number[];
}

/** Interns strings in order of first appearance: each distinct string gets the next code. */
class Interner {
  readonly names: string[] = [];
  readonly #codes = new Map<string, number>();

  code(name: string): number {
    let code = this.#codes.get(name);
    if (code === undefined) {
      code = this.names.length;
      this.names.push(name);
      this.#codes.set(name, code);
    }
    return code;
  }
}

/** Typed columns from records that already passed the schema (validate first, then build). */
export function buildResultsColumns({ records, files, lines }: RecordSource): ResultsColumns {
  const length = records.length;
  const items = new Interner();
  const variants = new Interner();
  const fileNames = new Interner();
  const columns = {
    itemId: new Int32Array(length),
    itemIsNumber: new Uint8Array(length),
    variant: new Int32Array(length),
    sample: new Float64Array(length),
    status: new Uint8Array(length),
    trials: new Float64Array(length),
    passes: new Float64Array(length),
    score: new Float64Array(length),
    latencyMs: new Float64Array(length),
    costUsd: new Float64Array(length),
    file: new Int32Array(length),
    line: Float64Array.from(lines),
  };
  records.forEach((record, i) => {
    columns.itemId[i] = items.code(String(record.item));
    columns.itemIsNumber[i] = typeof record.item === 'number' ? 1 : 0;
    columns.variant[i] = variants.code(record.variant);
    columns.sample[i] = record.sample;
    columns.status[i] = STATUS_NAMES.indexOf(record.status);
    if (record.n !== undefined) {
      columns.trials[i] = record.n;
      columns.passes[i] = record.c ?? 0;
    } else if (record.pass !== undefined) {
      columns.trials[i] = 1;
      columns.passes[i] = record.pass ? 1 : 0;
    }
    columns.score[i] = record.score ?? Number.NaN;
    columns.latencyMs[i] = numberField(record, 'latencyMs', 'latency_ms');
    columns.costUsd[i] = numberField(record, 'costUsd', 'cost_usd');
    columns.file[i] = fileNames.code(files[i] ?? '');
  });
  return {
    length,
    itemKeys: items.names,
    variantNames: variants.names,
    fileNames: fileNames.names,
    records,
    ...columns,
  };
}

function numberField(record: ResultRecord, camel: string, snake: string): number {
  const value = record[camel] ?? record[snake];
  return typeof value === 'number' && Number.isFinite(value) ? value : Number.NaN;
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
  const take = <T extends Int32Array | Uint8Array | Float64Array>(values: T): T => {
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
    records: Array.from(rows, (row) => columns.records[row] as ResultRecord),
  };
}

/** Add to one entry of a typed array of totals (`totals[index] += amount`, which the index type refuses). */
export function addAt(totals: Float64Array, index: number, amount: number): void {
  totals[index] = (totals[index] ?? 0) + amount;
}
