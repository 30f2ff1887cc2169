import { readFile } from 'node:fs/promises';
import type { tableFromIPC } from '@uwdata/flechette';
import { InputError } from '../schema/input-error';
import {
  type ColumnarFile,
  type ColumnCells,
  checkRecordColumns,
  columnarRow,
  columnsHolding,
} from './columnar-records';
import type { FormatReader } from './format-reader';
import type { FormatProbe } from './probe-input';

/** The Arrow IPC file format's magic (Arrow columnar format spec, "IPC File Format"), also Feather version 2. */
const FILE_MAGIC = 'ARROW1';
/** Feather version 1, the format before Arrow IPC: not readable as Arrow. */
const FEATHER_V1_MAGIC = 'FEA1';
/** Names users give Arrow IPC files and streams. */
const EXTENSIONS = new Set(['.arrow', '.feather', '.arrows', '.ipc']);
/** Rows between two looks at the abort signal. */
const ROWS_PER_CHECK = 65_536;

/** An Arrow IPC stream starts with a message's continuation marker, 0xFFFFFFFF (spec, "Encapsulated message format"). */
function isStream(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xff && bytes[3] === 0xff;
}

/**
 * verdict's record schema in an Arrow IPC file or stream (`.arrow`, `.feather` version 2, `.arrows`): one row per
 * outcome, columns named as the record's fields, tags as a struct or map column `tags` or as `tags.<name>`
 * columns (src/formats/columnar-records.ts). pyarrow's `feather.write_feather`, polars' `write_ipc`, arquero's
 * `toArrow` and DuckDB's arrow extension write it. Decoded with flechette (a dependency already, the Arrow
 * library arquero itself reads with): the file is read whole, as an IPC file is meant to be mapped, and its
 * rows are turned into records one at a time.
 */
export const arrowRecords: FormatReader = {
  name: 'arrow',
  describe: "verdict's record format in an Arrow IPC file or stream (.arrow, .feather v2): one row per outcome",
  example: 'verdict summary examples/formats/verdict/popularity.arrow',
  detect(probe: FormatProbe) {
    if (probe.kind !== 'file') return 'no';
    if (probe.head.startsWith(FILE_MAGIC) || isStream(probe.leadingBytes)) return 'yes';
    if (probe.head.startsWith(FEATHER_V1_MAGIC))
      return {
        broken: 'Feather version 1 is not Arrow IPC: write it again as version 2 (pyarrow.feather.write_feather)',
      };
    if (EXTENSIONS.has(probe.extension))
      return { broken: 'an Arrow IPC file starts with "ARROW1", a stream with 0xFFFFFFFF' };
    return 'no';
  },
  async *read(path, _options, signal) {
    const { table } = await openArrowFile(path, signal);
    let row = 0;
    for (const values of table) {
      row++;
      if (row % ROWS_PER_CHECK === 0) signal?.throwIfAborted();
      yield columnarRow(values as Record<string, unknown>, path, row);
    }
  },
};

/**
 * An Arrow IPC results file opened to be read column by column (issue 14): decoded whole as {@link arrowRecords}
 * decodes it (its columns are already columnar, a vector per record batch), its columns checked as it checks them;
 * the rows come a record batch at a time with only the columns asked for, and are re-read from the decoded table.
 * @throws {InputError} naming the file when it is not Arrow IPC or lacks a column of the record schema
 */
export async function openArrowColumns(path: string, signal?: AbortSignal): Promise<ColumnarFile> {
  const { table, columns, tagFields } = await openArrowFile(path, signal);
  return {
    columns,
    tagFields,
    rows: table.numRows,
    async *batches(wanted, signal) {
      const read = columns.filter((name) => wanted.has(name));
      const children = read.map((name) => table.getChild(name));
      const batches = children[0]?.data.length ?? 0;
      let firstRow = 0;
      for (let b = 0; b < batches; b++) {
        signal?.throwIfAborted();
        const cells = new Map<string, ColumnCells>();
        let tagCells: Map<string, ColumnCells> | undefined;
        let rows = 0;
        read.forEach((name, i) => {
          const batch = children[i]?.data[b] as ArrowBatch | undefined;
          if (batch === undefined) return;
          rows = batch.length;
          if (name === 'tags' && isStructOfScalars(batch)) tagCells = structFieldCells(batch, tagFields);
          else cells.set(name, cellsOf(batch));
        });
        yield { firstRow, rows, columns: cells, ...(tagCells && { tagFields: tagCells }) };
        firstRow += rows;
      }
    },
    readRows(rows, fields) {
      if (fields === undefined)
        return rows.map((row) => columnarRow(table.at(row) as Record<string, unknown>, path, row + 1).record);
      // Only the columns holding `fields`: a row object of every column was most of a flip's re-read.
      const read = [...columnsHolding(columns, fields)].map((name) => [name, table.getChild(name)] as const);
      return rows.map((row) => {
        const values: Record<string, unknown> = {};
        for (const [name, column] of read) values[name] = column?.at(row);
        return columnarRow(values, path, row + 1).record;
      });
    },
  };
}

/** An Arrow IPC file decoded whole and its columns checked against the record schema. */
async function openArrowFile(path: string, signal?: AbortSignal) {
  let table: ReturnType<typeof tableFromIPC>;
  try {
    // Loaded when a file of this format is read, not at start-up (BENCHMARKS.md "CLI start-up").
    const flechette = await import('@uwdata/flechette');
    // 64-bit integers as BigInt: columnarRow keeps an id exact (its text) where a number would round it.
    table = flechette.tableFromIPC(await readFile(path, { signal }), { useBigInt: true });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new InputError(`cannot read as Arrow IPC (${(error as Error).message})`, { file: path });
  }
  const columns = table.names as string[];
  const tags = table.schema.fields.find((field) => field.name === 'tags')?.type as
    | { children?: { name: string }[] }
    | undefined;
  const tagFields = (tags?.children ?? []).map((child) => child.name);
  checkRecordColumns(columns, tagFields, path);
  return { table, columns, tagFields };
}

/** What this reader uses of a flechette column batch (src/batch.js). */
interface ArrowBatch extends ColumnCells {
  readonly type: { readonly typeId: number };
  readonly nullCount: number;
  readonly values?: Uint8Array;
  readonly offsets?: Int32Array;
  readonly children?: readonly ArrowBatch[];
  isValid(index: number): boolean;
}

/** Arrow type ids (flechette's src/constants.js, the Arrow spec's Schema.fbs `Type`). */
const UTF8 = 5;
const STRUCT = 13;
/** The nested types: List, Struct, Union, FixedSizeList, Map, LargeList, ListView, LargeListView. */
const NESTED = new Set([12, 13, 14, 16, 17, 21, 25, 26]);

/** A struct batch whose fields are all scalars (no list, map or struct): its fields can be read as cells of their own. */
function isStructOfScalars(batch: ArrowBatch): boolean {
  return batch.type.typeId === STRUCT && (batch.children ?? []).every((child) => !NESTED.has(child.type.typeId));
}

/**
 * The fields of a struct batch of scalars as cells of their own (a ColumnBatch's `tagFields`): a field's value, null
 * where the field is null, undefined where the struct is (STRUCT_NULL, as Parquet's leaves hold it). flechette's
 * struct `at` builds an object per row (structObject: 2.9 s self of a 32.6 s profile of compare --json at 10^6).
 */
function structFieldCells(batch: ArrowBatch, names: readonly string[]): Map<string, ColumnCells> {
  const fields = new Map<string, ColumnCells>();
  (batch.children ?? []).forEach((child, k) => {
    const cells = cellsOf(child);
    const at =
      batch.nullCount === 0 ? (i: number) => cells.at(i) : (i: number) => (batch.isValid(i) ? cells.at(i) : undefined);
    fields.set(names[k] ?? '', { length: batch.length, at });
  });
  return fields;
}

/** A batch's cells: a UTF-8 batch's strings interned ({@link utf8Cells}), any other as flechette reads it. */
function cellsOf(batch: ArrowBatch): ColumnCells {
  return batch.type.typeId === UTF8 && batch.values !== undefined && batch.offsets !== undefined
    ? utf8Cells(batch, batch.values, batch.offsets)
    : batch;
}

/** Distinct strings remembered per UTF-8 batch before it is taken for a column of distinct values (ids). */
const MAX_INTERNED = 256;

/**
 * A UTF-8 batch's strings, a repeated value (a variant, a status, a tag) decoded once per batch and the same string
 * after: flechette's `at` decodes every cell with a TextDecoder over a subarray of its own (decodeUTF8, decode,
 * subarray and FastBuffer: 8.6 s self of a 32.6 s profile of compare --json at 10^6 Arrow rows). Values are found by
 * an FNV-1a hash of their bytes, the bytes compared; a batch with more than MAX_INTERNED distinct values (item ids)
 * is decoded cell by cell from one Buffer view.
 */
function utf8Cells(batch: ArrowBatch, values: Uint8Array, offsets: Int32Array): ColumnCells {
  const bytes = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  const known = new Map<number, { start: number; end: number; text: string }[]>();
  let distinct = 0;
  const decode = (i: number): string => {
    const start = offsets[i] as number;
    const end = offsets[i + 1] as number;
    if (distinct > MAX_INTERNED) return bytes.toString('utf8', start, end);
    let hash = 0x811c9dc5;
    for (let j = start; j < end; j++) hash = Math.imul(hash ^ (bytes[j] as number), 0x01000193);
    const entries = known.get(hash);
    for (const entry of entries ?? [])
      if (entry.end - entry.start === end - start && bytes.compare(bytes, start, end, entry.start, entry.end) === 0)
        return entry.text;
    const text = bytes.toString('utf8', start, end);
    distinct++;
    const entry = { start, end, text };
    if (entries === undefined) known.set(hash, [entry]);
    else entries.push(entry);
    return text;
  };
  return {
    length: batch.length,
    at: batch.nullCount === 0 ? decode : (i) => (batch.isValid(i) ? decode(i) : null),
  };
}
