import { readFile } from 'node:fs/promises';
import type { tableFromIPC } from '@uwdata/flechette';
import { InputError } from '../schema/input-error';
import { type ColumnarFile, type ColumnCells, checkRecordColumns, columnarRow } from './columnar-records';
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
        let rows = 0;
        read.forEach((name, i) => {
          const batch = children[i]?.data[b] as ColumnCells | undefined;
          if (batch === undefined) return;
          rows = batch.length;
          cells.set(name, batch);
        });
        yield { firstRow, rows, columns: cells };
        firstRow += rows;
      }
    },
    readRows(rows) {
      return rows.map((row) => columnarRow(table.at(row) as Record<string, unknown>, path, row + 1).record);
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
