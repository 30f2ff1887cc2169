/**
 * A columnar results file (Arrow IPC, Parquet) read column by column into typed columns (issue 14): per batch of rows
 * (a row group, a record batch) only the columns compare needs are decoded, and each row's cells go into the columns
 * without an object per row, each cell checked as the record schema would check it (fast-parse-record.ts). A row
 * with any cell it cannot prove valid (a null item, a status out of the enum, an `ok` row without an outcome, a tag
 * that is not text, a map of tags) takes today's path: the row as `columnarRow` makes it, then `validateRecord`
 * (fastParseRecord, else zod), so its problem names file, `row N`, field and value exactly as before.
 * Measured at 10^6 items x 2 variants: BENCHMARKS.md, "Parquet and Arrow column by column".
 */
import {
  batchRow,
  type ColumnBatch,
  type ColumnCells,
  columnarRow,
  columnsHolding,
  plainValue,
  TAG_PREFIX,
} from '../formats/columnar-records';
import type { InputProblems } from '../formats/input-problems';
import { emptyScannedRecord, KEYS as RECORD_COLUMNS, type ScannedRecord } from '../formats/scan-record-line';
import { validateRecord } from '../formats/validate-rows';
import { isExactItemNumber } from '../schema/exact-item-number';
import { PROTOTYPE_KEY } from '../schema/prototype-key';
import type { ResultsColumnsBuilder } from './columns-builder';
import { OK, STATUS_NAMES } from './results-columns';

const STATUS_CODES: ReadonlyMap<unknown, number> = new Map(STATUS_NAMES.map((name, code) => [name, code]));

/** The columns a load reads of a file with `columns`, to keep `kept` fields: the record's (tags too), the kept heads. */
export function columnsToRead(columns: readonly string[], kept: readonly string[]): Set<string> {
  return columnsHolding(columns, new Set([...RECORD_COLUMNS, ...kept.map((field) => field.split('.')[0] ?? field)]));
}

/** What {@link columnarBatchAdder} adds rows with. */
export interface ColumnarAddOptions {
  readonly path: string;
  readonly builder: ResultsColumnsBuilder;
  /** The file's code in the builder (`rowFileCode`). */
  readonly file: number;
  readonly problems: InputProblems;
  /** Told the variant of each row added. */
  readonly onRow: (variant: string) => void;
}

/** Adds each batch of a columnar file's rows to the builder, in file order (the problems of bad rows to `problems`). */
export function columnarBatchAdder({
  path,
  builder,
  file,
  problems,
  onRow,
}: ColumnarAddOptions): (batch: ColumnBatch) => void {
  const kept = builder.keptFields;
  const row = emptyScannedRecord(kept.length);
  return (batch) => {
    const cells = batchCells(batch, kept);
    for (let i = 0; i < batch.rows; i++) {
      const index = batch.firstRow + i;
      if (cells.read(i, row)) {
        builder.addValues(row, file, index + 1, index);
        onRow(row.variant);
        continue;
      }
      const { record: value, place } = columnarRow(batchRow(batch, i), path, index + 1);
      const record = validateRecord(value, place, problems);
      if (record === undefined) continue;
      builder.addRecord(record, file, index + 1, { byteOffset: index, byteLength: 0 });
      onRow(record.variant);
    }
  };
}

/** A batch's columns as readers of one row's values (false: a cell it cannot prove valid, the row takes the record path). */
function batchCells(batch: ColumnBatch, kept: readonly string[]): { read(i: number, row: ScannedRecord): boolean } {
  const { columns } = batch;
  const column = (name: string): ColumnCells | undefined => columns.get(name);
  const item = column('item');
  const variant = column('variant');
  const sample = column('sample');
  const status = column('status');
  const pass = column('pass');
  const score = column('score');
  const n = column('n');
  const c = column('c');
  const latency = [column('latencyMs'), column('latency_ms')] as const;
  const cost = [column('costUsd'), column('cost_usd')] as const;
  const tagStruct = column('tags');
  const structFields = batch.tagFields;
  const flatTags = new Map<string, ColumnCells>();
  for (const [name, cells] of columns)
    if (name.startsWith(TAG_PREFIX)) flatTags.set(name.slice(TAG_PREFIX.length), cells);
  const flatTagCells = [...flatTags.values()];
  /** A tag's value as the record holds it (flattened column first, then the struct's field), undefined when absent. */
  const tagAt = (i: number, key: string): unknown => {
    const flat = flatTags.get(key)?.at(i);
    if (flat !== null && flat !== undefined) return flat;
    if (structFields !== undefined) return structFields.get(key)?.at(i) ?? undefined;
    const struct = tagStruct?.at(i) as Record<string, unknown> | null | undefined;
    if (struct === null || struct === undefined || !Object.hasOwn(struct, key)) return undefined;
    return struct[key] ?? undefined;
  };
  // Per row, the values of the record fields (as fastParseRecord leaves them), for a kept field that names one.
  let values: Record<string, unknown> = {};
  const keptAt = kept.map((field) => keptReader(field, columns, tagAt, () => values));
  const wantsFields = kept.some((field) => (RECORD_FIELDS as readonly string[]).includes(field.split('.')[0] ?? ''));
  return {
    read(i, row) {
      const itemCell = item?.at(i);
      if (typeof itemCell === 'string') {
        row.item = itemCell;
        row.itemIsNumber = false;
      } else if (typeof itemCell === 'number' && isExactItemNumber(itemCell)) {
        row.item = String(itemCell);
        row.itemIsNumber = true;
      } else if (typeof itemCell === 'bigint') {
        // As columnarRow reads it: a number when exact, else its decimal text (an id keeps its identity).
        const exact = Number.isSafeInteger(Number(itemCell));
        row.item = exact ? String(Number(itemCell)) : String(itemCell);
        row.itemIsNumber = exact;
      } else return false;
      const variantCell = variant?.at(i);
      if (typeof variantCell !== 'string' || variantCell === '' || variantCell === PROTOTYPE_KEY) return false;
      row.variant = variantCell;
      const sampleValue = countOf(sample?.at(i), 0);
      if (sampleValue === undefined) return false;
      row.sample = sampleValue;
      const statusCell = status?.at(i);
      const statusCode = statusCell === null || statusCell === undefined ? OK : STATUS_CODES.get(statusCell);
      if (statusCode === undefined) return false;
      row.status = statusCode;
      const passCell = plain(pass?.at(i));
      if (passCell !== undefined && passCell !== true && passCell !== false && passCell !== 0 && passCell !== 1)
        return false;
      const scoreCell = plain(score?.at(i));
      if (scoreCell !== undefined && !(typeof scoreCell === 'number' && Number.isFinite(scoreCell))) return false;
      const nCell = plain(n?.at(i));
      const cCell = plain(c?.at(i));
      if (nCell !== undefined || cCell !== undefined) {
        if (!(isCount(nCell) && nCell >= 1 && isCount(cCell) && cCell <= nCell)) return false;
        row.trials = nCell;
        row.passes = cCell;
      } else {
        row.trials = passCell === undefined ? 0 : 1;
        row.passes = passCell === true || passCell === 1 ? 1 : 0;
      }
      if (statusCode === OK && passCell === undefined && scoreCell === undefined && nCell === undefined) return false;
      row.score = scoreCell === undefined ? Number.NaN : (scoreCell as number);
      for (const cells of flatTagCells) {
        const tag = cells.at(i);
        if (tag !== null && tag !== undefined && typeof tag !== 'string') return false;
      }
      if (tagStruct !== undefined && !isTextStruct(tagStruct.at(i))) return false;
      if (structFields !== undefined)
        for (const cells of structFields.values()) {
          const tag = cells.at(i);
          if (tag !== null && tag !== undefined && typeof tag !== 'string') return false;
        }
      row.latencyMs = finiteOf(latency, i);
      row.costUsd = finiteOf(cost, i);
      if (wantsFields) {
        values = {
          item: row.itemIsNumber ? Number(row.item) : row.item,
          variant: row.variant,
          sample: row.sample,
          status: STATUS_NAMES[statusCode],
          pass: passCell === undefined ? undefined : passCell === true || passCell === 1,
          score: scoreCell,
          n: nCell,
          c: cCell,
        };
      }
      for (let k = 0; k < keptAt.length; k++) {
        const value = keptAt[k]?.(i);
        if (value === NOT_PLAIN) return false;
        row.kept[k] = value;
      }
      return true;
    },
  };
}

/** The record fields whose value a kept field reads as the schema leaves it (a default filled, `pass` a boolean). */
const RECORD_FIELDS = ['item', 'variant', 'sample', 'status', 'pass', 'score', 'n', 'c'] as const;

/** A kept field this reader cannot read without the whole record (the row takes the record path). */
const NOT_PLAIN = Symbol('not plain');

/**
 * A kept field's value at a row, by `fieldValue`'s rules (record-field.ts) on the record the row would be: a dotted
 * path from its top-level column, a plain name the record lacks looked up in the tags.
 */
function keptReader(
  field: string,
  columns: ReadonlyMap<string, ColumnCells>,
  tagAt: (i: number, key: string) => unknown,
  values: () => Record<string, unknown>,
): (i: number) => unknown {
  const [head = field, ...rest] = field.split('.');
  const orTag =
    rest.length === 0 ? (i: number, value: unknown) => value ?? tagAt(i, head) : (_: number, v: unknown) => v;
  if (head === 'tags') {
    // The whole tags object is read from the record; one tag by its name.
    if (rest.length !== 1) return () => NOT_PLAIN;
    const key = rest[0] ?? '';
    return (i) => tagAt(i, key);
  }
  if ((RECORD_FIELDS as readonly string[]).includes(head))
    return (i) => orTag(i, rest.length === 0 ? values()[head] : undefined);
  const cells = columns.get(head);
  if (cells === undefined) return (i) => orTag(i, undefined);
  return (i) => {
    let value = plainValue(cells.at(i));
    for (const key of rest) {
      if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
      value = (value as Record<string, unknown>)[key];
    }
    return orTag(i, value);
  };
}

/** A cell's value as columnarRow leaves it for a scalar field: null absent, a BigInt a number when exact, else text. */
function plain(cell: unknown): unknown {
  if (cell === null || cell === undefined) return undefined;
  if (typeof cell === 'bigint') return Number.isSafeInteger(Number(cell)) ? Number(cell) : String(cell);
  return cell;
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** A count cell: `absent` when null, the count, or undefined when it is not one. */
function countOf(cell: unknown, absent: number): number | undefined {
  const value = plain(cell);
  if (value === undefined) return absent;
  return isCount(value) ? value : undefined;
}

/** `latencyMs` else `latency_ms` (the first present), finite, else NaN, as the builder reads a record's. */
function finiteOf(columns: readonly (ColumnCells | undefined)[], i: number): number {
  for (const cells of columns) {
    const value = plain(cells?.at(i));
    if (value === undefined) continue;
    return typeof value === 'number' && Number.isFinite(value) ? value : Number.NaN;
  }
  return Number.NaN;
}

/** A `tags` struct cell whose every field is text or null (or no struct at all), as the fast path reads it. */
function isTextStruct(cell: unknown): boolean {
  if (cell === null || cell === undefined) return true;
  if (typeof cell !== 'object' || Object.getPrototypeOf(cell) !== Object.prototype) return false;
  for (const key of Object.keys(cell)) {
    const value = (cell as Record<string, unknown>)[key];
    if (value !== null && value !== undefined && typeof value !== 'string') return false;
  }
  return true;
}
