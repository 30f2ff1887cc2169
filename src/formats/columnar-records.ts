/**
 * verdict's record schema (docs/record-schema.md) held in a columnar file, Arrow IPC or Parquet: one row per
 * outcome, one column per field. What the two readers (arrow-records.ts, parquet-records.ts) share: the
 * check of the columns before any row is read, and the turning of one row into a record, which then goes
 * through the same validation as a JSON Lines row (src/formats/validate-rows.ts, via read-format-input.ts).
 */
import { InputError } from '../schema/input-error';
import { PROTOTYPE_KEY, PROTOTYPE_KEY_PROBLEM } from '../schema/prototype-key';
import type { FormatRow } from './format-reader';

/** One column's cells of a run of rows, as its decoder gives them (a null cell null or undefined). */
export interface ColumnCells {
  readonly length: number;
  at(index: number): unknown;
}

/** A run of rows of a columnar file (a Parquet row group, an Arrow record batch), column by column. */
export interface ColumnBatch {
  /** The 0-based index of its first row in the file. */
  readonly firstRow: number;
  readonly rows: number;
  /** The columns read, by top-level name. */
  readonly columns: ReadonlyMap<string, ColumnCells>;
  /**
   * The fields of a struct column `tags` of scalars, read field by field in place of the struct (no object per row):
   * a null field's cell null, every field's undefined where the struct is null (no tags at all).
   */
  readonly tagFields?: ReadonlyMap<string, ColumnCells>;
}

/**
 * A columnar results file opened to be read column by column (issue 14): its columns, its rows a batch at a time
 * (only the columns asked for), and any rows again whole, synchronously, by 0-based index (a record a report shows).
 */
export interface ColumnarFile {
  /** The top-level column names, in file order. */
  readonly columns: readonly string[];
  /** The names of the fields of a struct column `tags` (none when there is none). */
  readonly tagFields: readonly string[];
  /** Its rows. */
  readonly rows: number;
  /** The rows in order, a batch at a time, with the columns `wanted` that the file has. */
  batches(wanted: ReadonlySet<string>, signal?: AbortSignal): AsyncIterable<ColumnBatch>;
  /**
   * Rows re-read by 0-based index, each as {@link columnarRow} makes it (before the record schema): with every
   * column, or with only the columns holding the record fields `fields` ({@link columnsHolding}).
   */
  readRows(rows: readonly number[], fields?: ReadonlySet<string>): unknown[];
  /**
   * Rows that a later `readRows(rows, fields)` (the same `fields`) will ask for: a file decoded a batch at a time
   * (Parquet's row groups) keeps their values when it decodes their batch for other rows, and hands each out once,
   * so a batch is decoded once for both (a report's two lists of flips, read one after the other).
   */
  readAhead?(rows: readonly number[], fields: ReadonlySet<string>): void;
}

/** The columns of a file with `columns` that hold the record fields `fields`: `tags` is the struct and `tags.<name>`. */
export function columnsHolding(columns: readonly string[], fields: ReadonlySet<string>): Set<string> {
  const tags = fields.has('tags');
  return new Set(columns.filter((name) => fields.has(name) || (tags && name.startsWith(TAG_PREFIX))));
}

/** Row `index` of a batch as the object {@link columnarRow} takes: its columns by name. */
export function batchRow(batch: ColumnBatch, index: number): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, cells] of batch.columns) values[name] = cells.at(index);
  if (batch.tagFields !== undefined) {
    const tags: Record<string, unknown> = {};
    let struct = false;
    for (const [name, cells] of batch.tagFields) {
      const value = cells.at(index);
      if (value !== undefined) struct = true;
      tags[name] = value;
    }
    if (struct) values.tags = tags;
  }
  return values;
}

/** Columns every records file needs: the item and the variant, by which outcomes pair. */
const REQUIRED_COLUMNS = ['item', 'variant'] as const;
/** Columns that hold an outcome (an `ok` row needs one of them: `pass`, `score`, or `n` with `c`). */
const OUTCOME_COLUMNS = ['pass', 'score', 'n'] as const;
/** A flattened tag column: `tags.category` (as CSV writes them, and as pandas' json_normalize names them). */
export const TAG_PREFIX = 'tags.';

/**
 * Refuse a file whose columns cannot hold records, before its rows are read: without `item` or `variant`
 * every row would fail alike, so one message names the column and lists those the file has. A column or a
 * field of the `tags` struct named `__proto__` is refused here, by name: the Arrow and Parquet decoders build
 * rows by assignment, which drops that name without a word.
 * @throws {InputError} naming the file and the missing column
 * @example checkRecordColumns(['item', 'variant', 'pass'], [], 'results.parquet') // passes
 */
export function checkRecordColumns(columns: readonly string[], tagFields: readonly string[], file: string): void {
  if (columns.includes(PROTOTYPE_KEY)) throw new InputError(PROTOTYPE_KEY_PROBLEM, { file, field: PROTOTYPE_KEY });
  if (tagFields.includes(PROTOTYPE_KEY) || columns.includes(`${TAG_PREFIX}${PROTOTYPE_KEY}`))
    throw new InputError(PROTOTYPE_KEY_PROBLEM, { file, field: `${TAG_PREFIX}${PROTOTYPE_KEY}` });
  const have = `the file has ${columns.length === 0 ? 'no columns' : columns.map((c) => `\`${c}\``).join(', ')}`;
  for (const column of REQUIRED_COLUMNS) {
    if (!columns.includes(column)) {
      throw new InputError(`missing the column \`${column}\` of the record schema (${have})`, { file, field: column });
    }
  }
  if (!OUTCOME_COLUMNS.some((column) => columns.includes(column))) {
    throw new InputError(`no outcome column: a records file needs \`pass\`, \`score\` or \`n\` and \`c\` (${have})`, {
      file,
      field: 'pass',
    });
  }
}

/**
 * One row of a columnar file as a record of the record schema, at `row` (1-based) of `file`:
 * - a null cell is an absent field, as an empty CSV cell is (a null `pass` on an `ok` row is then refused by
 *   the schema as a row without an outcome, naming the row and the field);
 * - a 64-bit integer (BigInt) becomes a number when it is exact as one, else its decimal text (an item id
 *   keeps its identity, which is its text; a count that large is refused by the schema);
 * - tags come as a struct column `tags`, an Arrow or Parquet map `tags` (key/value pairs), or flattened
 *   columns `tags.<name>`; the other columns are kept as they are, as JSON Lines keeps unknown fields.
 * @example columnarRow({ item: 7n, variant: 'B', pass: null, 'tags.category': 'math' }, 'r.arrow', 3)
 *   // { record: { item: 7, variant: 'B', tags: { category: 'math' } }, place: { file: 'r.arrow', entry: 'row 3' } }
 */
export function columnarRow(row: Readonly<Record<string, unknown>>, file: string, row1Based: number): FormatRow {
  const record: Record<string, unknown> = {};
  let tags: Record<string, unknown> | undefined;
  /** A `tags` cell that is no object of tags (a string, a list): kept as it is, for the schema to refuse. */
  let notTags: unknown;
  for (const name of Object.keys(row)) {
    const value = plainValue(row[name]);
    if (value === undefined) continue;
    if (name.startsWith(TAG_PREFIX)) {
      tags ??= {};
      setOwn(tags, name.slice(TAG_PREFIX.length), value);
    } else if (name === 'tags') {
      // Spread, a string or a list became tags by position ("s6" as {"0": "s", "1": "6"}), which --by sliced on.
      const entries = tagEntries(value);
      if (typeof entries === 'object' && entries !== null && !Array.isArray(entries))
        tags = { ...(entries as Record<string, unknown>), ...tags };
      else notTags = value;
    } else {
      setOwn(record, name, value);
    }
  }
  if (notTags !== undefined) record.tags = notTags;
  else if (tags !== undefined) record.tags = tags;
  return { record, place: { file, entry: `row ${row1Based}` } };
}

/** A cell's value with nulls dropped (undefined), BigInts made numbers or text, structs and lists walked. */
export function plainValue(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
  if (Array.isArray(value)) return value.map((element) => plainValue(element) ?? null);
  if (value instanceof Map) return plainValue(Object.fromEntries(value));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const object: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const inner = plainValue((value as Record<string, unknown>)[key]);
      if (inner !== undefined) setOwn(object, key, inner);
    }
    return object;
  }
  return value; // strings, numbers, booleans, dates, bytes: the schema judges them
}

/** A `tags` cell: a struct (an object), or a map as key/value pairs (flechette's default for Arrow maps). */
function tagEntries(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  const isPairs = value.every((entry) => Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string');
  if (!isPairs) return value; // not an object: the schema says so
  const tags: Record<string, unknown> = {};
  for (const [key, inner] of value as [string, unknown][]) if (inner !== null) setOwn(tags, key, inner);
  return tags;
}

/** Set a field as the object's own, `__proto__` too (a struct nested in a kept field), so validation sees that name. */
function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === PROTOTYPE_KEY) Object.defineProperty(object, key, { value, enumerable: true, writable: true });
  else object[key] = value;
}
