import { closeSync, openSync, readSync } from 'node:fs';
import type { ColumnarFile } from '../formats/columnar-records';
import { RecordLineSpans } from '../formats/record-line-spans';
import { equalBytes } from '../formats/scan-record-line';
import { fastParseRecord } from '../schema/fast-parse-record';
import { InputError } from '../schema/input-error';
import { ResultRecord } from '../schema/result-record';
import type { CodeColumn, CountColumn } from './narrow-column';
import { fieldValue } from './record-field';

/**
 * How the analysis reaches a row's record beyond its typed columns (issue 14: the columns no longer hold every
 * parsed record). A row's record is held in memory (records handed in, CSV and other formats, or a load that asked
 * for whole records) or re-read from its file by byte offset when a report needs it whole (flips, examples); the
 * fields the command slices or clusters by are kept per row as interned codes, so reading them reads no file.
 */
export interface RowRecords {
  /** The row's record as validated (re-read from its file for a streamed row). */
  recordAt(row: number): ResultRecord;
  /** The records of many rows (each file opened once, read in offset order). */
  recordsAt(rows: readonly number[]): ResultRecord[];
  /**
   * What a flip shows of many rows' records ({@link SHOWN_FIELDS}), as `recordsAt`'s records hold them (a held
   * record is given whole). A line of a JSON Lines file the byte scanner reads is checked as `recordsAt` checks it
   * but only these fields are parsed (the tags of a file's few distinct tag sets once each); any other line is
   * read whole.
   */
  shownAt(rows: readonly number[]): ShownFields[];
  /**
   * Rows that a later `shownAt` will ask for (a report's second list of flips, while it reads the first): a file
   * decoded a batch of rows at a time (Parquet's row groups) then keeps what they show when it decodes their batch
   * for the rows asked now, and decodes each batch once for both. Other rows ignore it.
   */
  readAhead(rows: readonly number[]): void;
  /** Whether {@link readAhead} does anything: some rows are of a file read a batch at a time. */
  readonly readsAhead: boolean;
  /** The value of `field` at `row` by `fieldValue`'s rules (undefined when absent): a kept field reads no file. */
  valueAt(row: number, field: string): unknown;
  /** The same records seen through `rows` (row i of the result is row rows[i] of this). */
  take(rows: Int32Array): RowRecords;
}

/** The fields of a record a flip shows a reviewer (find-flips). */
export const SHOWN_FIELDS = ['tags', 'input', 'expected', 'itemRef', 'output', 'score', 'reason'] as const;
export type ShownFields = Partial<Pick<ResultRecord, (typeof SHOWN_FIELDS)[number]>>;
/**
 * The fields of a columnar file's row re-read for a flip: what it shows, and what tells that it is the row's
 * (isRowOf: item, variant, sample, status and outcome), so the columns of the rest (latency, cost, any other) are
 * not decoded.
 */
const SHOWN_ROW_FIELDS: ReadonlySet<string> = new Set([
  ...SHOWN_FIELDS,
  ...['item', 'variant', 'sample', 'status', 'pass', 'n', 'c'],
]);

/** A kept field: per row a code into `values`. */
export interface KeptField {
  readonly codes: CodeColumn;
  readonly values: readonly unknown[];
}

/**
 * A record's bytes as re-read from its file (`bytes[start, end)`, its byte span) -> the value the schema checks (a CSV
 * row's cells by field).
 */
export type RecordDecoder = (bytes: Buffer, start: number, end: number) => unknown;

/**
 * A columnar file's rows re-read by 0-based index, each as the value the schema checks, whole or only some fields,
 * and told the rows a later read of those fields will ask for (columnar-records.ts).
 */
export type RowReader = Pick<ColumnarFile, 'readRows' | 'readAhead'>;

/** What {@link storedRecords} needs: where each row's record is, and the fields kept per row. */
export interface StoredRecordsParts {
  /** Records held in memory. */
  readonly held: readonly ResultRecord[];
  /** Per row: its line's byte offset in its file (>= 0), or -1 - i for the i-th held record. */
  readonly where: CountColumn | Float64Array;
  /** Per row read from a file: its line's length in bytes (without the newline). */
  readonly byteLength: CountColumn | Int32Array;
  /** Per row, its file's code; `paths` by code (the path to re-read, as it was opened). */
  readonly file: CodeColumn;
  readonly paths: readonly string[];
  /** Per file code, how a record's text re-read from it is read; JSON (a JSON Lines line) where there is none. */
  readonly decoders: readonly (RecordDecoder | undefined)[];
  /** Per file code, the reader of a columnar file's rows by index: its rows' `where` is their 0-based index. */
  readonly rowReaders?: readonly (RowReader | undefined)[];
  /** Per row, its line (for the error when a file changed since it was read). */
  readonly line: CountColumn;
  /**
   * Whether a re-read record is the row's: its item, variant, sample, status and outcome as the columns hold them.
   * A file rewritten in place keeps offsets and often item and variant too (a run re-written, a line edited to the
   * same length); the outcome is what the analysis counted, so a record that disagrees must not be shown for it.
   */
  readonly isRowOf: (row: number, record: ResultRecord) => boolean;
  readonly kept: ReadonlyMap<string, KeptField>;
}

/** Row records from their parts (the columns builder's). */
export function storedRecords(parts: StoredRecordsParts): RowRecords {
  return new StoredRecords(parts, null);
}

class StoredRecords implements RowRecords {
  readonly #parts: StoredRecordsParts;
  /** Row i of this view is row rows[i] of the parts; null for every row in order. */
  readonly #rows: Int32Array | null;

  constructor(parts: StoredRecordsParts, rows: Int32Array | null) {
    this.#parts = parts;
    this.#rows = rows;
  }

  #base(row: number): number {
    return this.#rows === null ? row : (this.#rows[row] ?? -1);
  }

  recordAt(row: number): ResultRecord {
    const at = this.#parts.where[this.#base(row)];
    if (at !== undefined && at < 0) return this.#parts.held[-1 - at] as ResultRecord;
    return this.recordsAt([row])[0] as ResultRecord;
  }

  recordsAt(rows: readonly number[]): ResultRecord[] {
    return this.#fetch(rows, null);
  }

  shownAt(rows: readonly number[]): ShownFields[] {
    return this.#fetch(rows, new ShownReader());
  }

  /** Held rows as they are, the others re-read from their files (whole, or their shown fields by `shown`). */
  #fetch<T extends ShownFields>(rows: readonly number[], shown: ShownReader | null): T[] {
    const { held, where } = this.#parts;
    const out = new Array<T>(rows.length);
    const fromFiles: { index: number; base: number }[] = [];
    for (let index = 0; index < rows.length; index++) {
      const row = rows[index] as number;
      const base = this.#base(row);
      const at = where[base];
      if (at === undefined) throw new RangeError(`recordsAt: no row ${row}`);
      if (at < 0) out[index] = held[-1 - at] as T;
      else fromFiles.push({ index, base });
    }
    // Rows of columnar files are re-read by index, whole (Parquet, Arrow: rowReaders); JSON Lines and CSV by offset.
    const { rowReaders, file } = this.#parts;
    const byRow: typeof fromFiles = [];
    const byOffset: typeof fromFiles = [];
    for (const wanted of fromFiles) (rowReaders?.[file[wanted.base] ?? 0] ? byRow : byOffset).push(wanted);
    if (byRow.length > 0) this.#readRows(byRow, out as ShownFields[], shown === null ? undefined : SHOWN_ROW_FIELDS);
    if (byOffset.length > 0) this.#read(byOffset, out as ShownFields[], shown);
    return out;
  }

  get readsAhead(): boolean {
    return this.#parts.rowReaders?.some((reader) => reader?.readAhead !== undefined) ?? false;
  }

  readAhead(rows: readonly number[]): void {
    const { where, rowReaders, file } = this.#parts;
    const ahead: { index: number; base: number }[] = [];
    for (let index = 0; index < rows.length; index++) {
      const base = this.#base(rows[index] as number);
      if ((where[base] ?? -1) >= 0 && rowReaders?.[file[base] ?? 0]?.readAhead !== undefined)
        ahead.push({ index, base });
    }
    for (const { code, group } of this.#byFile(ahead))
      rowReaders?.[code]?.readAhead?.(
        group.map(({ base }) => where[base] ?? 0),
        SHOWN_ROW_FIELDS,
      );
  }

  /** Rows read from files, in runs of one file's rows in their order there (a JSON Lines file's offset, a row's index). */
  *#byFile(wanted: { index: number; base: number }[]): Generator<{ code: number; group: typeof wanted }> {
    const { where, file } = this.#parts;
    wanted.sort((x, y) => (file[x.base] ?? 0) - (file[y.base] ?? 0) || (where[x.base] ?? 0) - (where[y.base] ?? 0));
    for (let start = 0; start < wanted.length; ) {
      const code = file[wanted[start]?.base ?? 0] ?? 0;
      let end = start;
      while (end < wanted.length && file[wanted[end]?.base ?? 0] === code) end++;
      yield { code, group: wanted.slice(start, end) };
      start = end;
    }
  }

  /**
   * Re-read rows of columnar files by index, each file's in row order (a decoded row group serves its neighbours),
   * whole or only the columns of `fields`.
   */
  #readRows(wanted: { index: number; base: number }[], out: ShownFields[], fields?: ReadonlySet<string>): void {
    const { where, paths, rowReaders, line, isRowOf } = this.#parts;
    for (const { code, group } of this.#byFile(wanted)) {
      const path = paths[code] ?? '';
      const changed = (base: number) =>
        new InputError('the file changed after it was read; run the command again', {
          file: path,
          entry: `row ${line[base]}`,
        });
      let values: unknown[];
      try {
        values =
          rowReaders?.[code]?.readRows(
            group.map(({ base }) => where[base] ?? 0),
            fields,
          ) ?? [];
      } catch {
        throw changed(group[0]?.base ?? 0);
      }
      group.forEach(({ index, base }, k) => {
        const value = values[k];
        const record = reparsed(value);
        if (record === undefined || !isRowOf(base, record)) throw changed(base);
        out[index] = record;
      });
    }
  }

  /** Re-read rows from their files: each file opened once, its lines read in offset order through a window. */
  #read(wanted: { index: number; base: number }[], out: ShownFields[], shown: ShownReader | null): void {
    const { where, byteLength, file, paths, decoders, line, isRowOf } = this.#parts;
    wanted.sort((x, y) => (file[x.base] ?? 0) - (file[y.base] ?? 0) || (where[x.base] ?? 0) - (where[y.base] ?? 0));
    let fd = -1;
    let openFile = -1;
    let window = Buffer.alloc(0);
    let windowStart = 0;
    let windowLength = 0;
    let base = 0;
    let path = '';
    const changed = () =>
      new InputError('the file changed after it was read; run the command again', { file: path, line: line[base] });
    try {
      for (let k = 0; k < wanted.length; k++) {
        const { index } = wanted[k] as { index: number; base: number };
        base = (wanted[k] as { index: number; base: number }).base;
        const code = file[base] ?? 0;
        path = paths[code] ?? '';
        if (code !== openFile) {
          if (fd >= 0) closeSync(fd);
          fd = openSync(path, 'r');
          openFile = code;
          windowLength = 0;
        }
        const offset = where[base] ?? 0;
        const length = byteLength[base] ?? 0;
        if (offset < windowStart || offset + length > windowStart + windowLength) {
          // Read this line and the wanted lines after it within READ_WINDOW bytes, exactly: scattered lines cost a
          // read of their own length, neighbours share one.
          let stop = offset + length;
          for (let j = k + 1; j < wanted.length; j++) {
            const next = wanted[j]?.base ?? 0;
            const end = (where[next] ?? 0) + (byteLength[next] ?? 0);
            if (file[next] !== code || end - offset > READ_WINDOW) break;
            stop = Math.max(stop, end);
          }
          if (window.length < stop - offset) window = Buffer.allocUnsafe(Math.max(READ_WINDOW, stop - offset));
          windowStart = offset;
          windowLength = readSync(fd, window, 0, stop - offset, offset);
        }
        const start = offset - windowStart;
        if (start + length > windowLength) throw changed();
        const decode = decoders[code];
        const fields =
          shown !== null && decode === undefined ? shown.read(window, start, start + length, base, isRowOf) : undefined;
        if (fields !== undefined) {
          out[index] = fields;
          continue;
        }
        let value: unknown;
        try {
          value =
            decode === undefined
              ? JSON.parse(window.toString('utf8', start, start + length).trim())
              : decode(window, start, start + length);
        } catch {
          throw changed();
        }
        const record = reparsed(value);
        if (record === undefined || !isRowOf(base, record)) throw changed();
        out[index] = record;
      }
    } finally {
      if (fd >= 0) closeSync(fd);
    }
  }

  valueAt(row: number, field: string): unknown {
    const kept = this.#parts.kept.get(field);
    const base = this.#base(row);
    if (kept !== undefined) return kept.values[kept.codes[base] ?? -1];
    return fieldValue(this.recordAt(row), field);
  }

  take(rows: Int32Array): RowRecords {
    const outer = this.#rows;
    return new StoredRecords(this.#parts, outer === null ? rows : rows.map((row) => outer[row] ?? -1));
  }
}

/** A re-read record's value through the schema (the fast check, else zod), or undefined when it is no record. */
const reparsed = (value: unknown): ResultRecord | undefined =>
  (typeof value === 'object' && value !== null && fastParseRecord(value)) || ResultRecord.safeParse(value).data;

/** Bytes read at a time when re-reading records: flips are scattered, so neighbours often share a window. */
const READ_WINDOW = 1 << 16;

/**
 * A flip's fields of a JSON Lines line from its bytes (RecordLineSpans): the line checked as JSON.parse checks it,
 * its identity read for `isRowOf`, and only the shown fields' values parsed, a tags object seen before (a file has
 * few distinct tag sets) the same frozen object. Anything else is left to the whole record's path (undefined).
 */
class ShownReader {
  readonly #spans = new RecordLineSpans(SPANNED_FIELDS);
  /**
   * Tags by a hash of their bytes (FNV-1a), each entry's bytes compared, parsed once each, up to MAX_TAG_SETS. Not
   * by their text: a latin1 string of each line's tags was 1.7 % of compare --json's CPU (node --cpu-prof).
   */
  readonly #tags = new Map<number, { bytes: Buffer; tags: Readonly<Record<string, string>> | null }[]>();
  #tagSets = 0;

  /** The shown fields of `b[start, end)` if it reads plainly and is the row's (undefined: read it whole). */
  read(
    b: Buffer,
    start: number,
    end: number,
    row: number,
    isRowOf: StoredRecordsParts['isRowOf'],
  ): ShownFields | undefined {
    const spans = this.#spans;
    const identity = spans.read(b, start, end);
    if (identity === undefined || !isRowOf(row, identity)) return undefined;
    const fields: Record<string, unknown> = {};
    for (let k = 0; k < SPANNED_FIELDS.length; k++) {
      const from = spans.start[k] ?? -1;
      if (from < 0) continue;
      const to = spans.end[k] ?? 0;
      if (k !== TAGS) fields[SPANNED_FIELDS[k] as string] = JSON.parse(b.toString('utf8', from, to));
      else {
        const tags = this.#tagsAt(b, from, to);
        if (tags === null) return undefined;
        fields.tags = tags;
      }
    }
    if (identity.score !== undefined) fields.score = identity.score;
    return fields as ShownFields;
  }

  /** The tags at `b[from, to)`, or null when they are not an object of strings (the schema's path words them). */
  #tagsAt(b: Buffer, from: number, to: number): Readonly<Record<string, string>> | null {
    let hash = 0x811c9dc5;
    for (let i = from; i < to; i++) hash = Math.imul(hash ^ (b[i] as number), 0x01000193);
    const known = this.#tags.get(hash);
    for (const entry of known ?? []) if (equalBytes(entry.bytes, b, from, to)) return entry.tags;
    const value: unknown = JSON.parse(b.toString('utf8', from, to));
    const tags = isStringRecord(value) ? Object.freeze(value) : null;
    if (this.#tagSets < MAX_TAG_SETS) {
      this.#tagSets++;
      const entry = { bytes: Buffer.from(b.subarray(from, to)), tags };
      if (known === undefined) this.#tags.set(hash, [entry]);
      else known.push(entry);
    }
    return tags;
  }
}

function isStringRecord(value: unknown): value is Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const key in value) if (typeof (value as Record<string, unknown>)[key] !== 'string') return false;
  return true;
}

/** The shown fields found by their spans (score is the identity's). */
const SPANNED_FIELDS = SHOWN_FIELDS.filter((field) => field !== 'score');
const TAGS = SPANNED_FIELDS.indexOf('tags');
/** Distinct tag sets remembered per re-read: a file whose every row has its own tags parses each (no growth). */
const MAX_TAG_SETS = 4096;
