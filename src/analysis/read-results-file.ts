import { createHash } from 'node:crypto';
import { open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { openArrowColumns } from '../formats/arrow-records';
import { csvRecordValue } from '../formats/csv-record-value';
import type { InputProblems } from '../formats/input-problems';
import { openParquetColumns } from '../formats/parquet-records';
import type { RawRow } from '../formats/raw-row';
import { readCsvResults } from '../formats/scan-csv-records';
import { hashFile, scanLineBytes } from '../formats/scan-lines';
import { validateRecord } from '../formats/validate-rows';
import { cannotReadFile, InputError } from '../schema/input-error';
import { columnarBatchAdder, columnsToRead } from './columnar-into-columns';
import type { ResultsColumnsBuilder } from './columns-builder';
import { detectFormat } from './detect-format';
import { addJsonLines, reserveFromFirstBatch } from './json-lines-into-columns';
import { loadJsonLinesInParallel, loadThreads } from './parallel-jsonl-load';
import { parseJsonArray } from './parse-json-array';

/** The file a run directory keeps its results in (src/store). */
const RUN_RESULTS_FILE = 'results.jsonl';

/** One file's rows, and what provenance records of it. */
export interface ResultsFileContents {
  /** The file read (a run directory's results.jsonl for a directory). */
  readonly path: string;
  readonly rows: RawRow[];
  readonly sha256: string;
  readonly bytes: number;
}

/** A results file found: the file to read (a run directory's results.jsonl for a directory) and its format. */
export interface ResultsFileFound {
  readonly path: string;
  readonly format: ReturnType<typeof detectFormat>;
}

/**
 * Where a results input's rows are and in which format: from the extension, else from the first character
 * (`detectFormat`). A directory stands for the run it holds (its results.jsonl).
 *
 * @throws {InputError} naming the file when it cannot be read
 */
export async function findResultsFile(given: string): Promise<ResultsFileFound> {
  let path = given;
  try {
    if ((await stat(given)).isDirectory()) path = join(given, RUN_RESULTS_FILE);
    return { path, format: detectFormat(path, await firstText(path)) };
  } catch (error) {
    throw cannotReadFile(path, error);
  }
}

/**
 * Read one results file of a JSON array, which needs the whole text, whole, and hash it (sha256).
 * JSON Lines and CSV go through {@link streamResultsFile} and {@link streamCsvResultsFile}, which never hold the file.
 *
 * @throws {InputError} naming the file when it cannot be read
 */
export async function readResultsFile(
  { path, format }: ResultsFileFound,
  problems: InputProblems,
): Promise<ResultsFileContents> {
  let content: Buffer;
  try {
    content = await readFile(path);
  } catch (error) {
    throw cannotReadFile(path, error);
  }
  const text = content.toString('utf8');
  const rows: RawRow[] = [];
  if (format !== 'json') throw new Error(`readResultsFile: ${format} is streamed, not read whole`);
  const parsed = parseJsonArray(text, path, problems);
  for (const row of parsed) rows.push(row); // not push(...parsed): a million arguments overflow the stack
  return { path, rows, sha256: createHash('sha256').update(content).digest('hex'), bytes: content.byteLength };
}

/** What {@link streamResultsFile} read: provenance of the file, its rows and the variants they name. */
export interface StreamedResultsFile {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly rows: number;
  /** The variants of its rows, in order of first appearance. */
  readonly variants: readonly string[];
}

/**
 * Stream a JSON Lines results file straight into typed columns (issue 14): one pass in chunks (scanLineBytes:
 * never the whole file, hashed and counted as it is read), the lines read as `addJsonLines` reads them (the fast
 * scanner, else JSON.parse and the record schema, so a bad line's problem names file, line, field and value; the
 * torn-last-line rule of user files). A file whose fields are kept (not whole records) is read on several threads
 * when asked (`workers`, `loadThreads`: `VERDICT_LOAD_THREADS`; `loadJsonLinesInParallel`: the same columns,
 * problems and warnings as one thread gives). Each row keeps its line's byte offset, so a report re-reads the few records it shows whole.
 *
 * @throws {InputError} naming the file when it cannot be read
 */
export async function streamResultsFile(
  path: string,
  builder: ResultsColumnsBuilder,
  problems: InputProblems,
  {
    onWarning,
    signal,
    workers,
  }: {
    readonly onWarning: (message: string) => void;
    readonly signal?: AbortSignal | undefined;
    /**
     * The threads to read on; by default `loadThreads(size)` (`VERDICT_LOAD_THREADS`: one unless set; `auto` reads a
     * file of 32 MiB and more on both cores: at 10^6 items 1.03-1.07x the load's CPU, but a higher peak RSS;
     * BENCHMARKS.md, "loading on both cores, again"). `bench/load-workers.ts` measures it.
     */
    readonly workers?: number | undefined;
  },
): Promise<StreamedResultsFile> {
  const file = builder.fileCode(path);
  return streamed(path, signal, async (tally, size) => {
    const threads = workers ?? loadThreads(size);
    if (threads > 1 && !builder.holdsRecords) {
      const loaded = await loadJsonLinesInParallel({
        ...{ path, size, builder, file, problems, onWarning, signal, workers: threads },
        ...{ onBytes: tally.onBytes, onRow: tally.added },
      });
      tally.addedRows(loaded.rows, loaded.variants);
      return;
    }
    const add = addJsonLines({ path, builder, file, problems, onRow: tally.added, onWarning });
    for await (const batch of scanLineBytes(path, { onBytes: tally.onBytes, signal })) {
      reserveFromFirstBatch(builder, batch, size);
      add(batch);
    }
  });
}

/** The shortest record of a CSV results file: `X,Y` and its line break (an item and a variant). */
const MIN_CSV_RECORD_BYTES = 4;

/**
 * Stream a CSV results file straight into typed columns (issue 14), as {@link streamResultsFile} streams JSON Lines:
 * one pass in chunks (`readCsvResults`: never the whole file, hashed and counted as it is read), each record read
 * from the bytes by the CSV byte scanner when the builder keeps fields only, and any record it leaves (or every
 * record, when the builder holds records) parsed by csv-parse, coerced by field (`csvRecordValue`) and checked by
 * the record schema, so a bad row's problem names file, the line its record starts on (quoted fields spanning lines
 * counted), field and value. Each row keeps its record's byte span: when the builder keeps fields only, a report re-reads and
 * re-parses the few records it shows whole, and no record is held.
 *
 * @throws {InputError} naming the file when it cannot be read, and the line where it is not valid CSV
 */
export async function streamCsvResultsFile(
  path: string,
  builder: ResultsColumnsBuilder,
  problems: InputProblems,
  { signal }: { readonly signal?: AbortSignal | undefined } = {},
): Promise<StreamedResultsFile> {
  return streamed(path, signal, async (tally, size) => {
    const csv = await readCsvResults(path, builder.holdsRecords ? null : builder.keptFields, {
      signal,
      onBytes: tally.onBytes,
    });
    if (csv === undefined) return;
    const { columns } = csv;
    const file = builder.fileCode(path, path, (bytes, start, end) =>
      csvRecordValue(columns, csv.cellsOf(bytes, start, end)),
    );
    const reserve = (byteLength: number) => {
      if (builder.length === 0)
        builder.reserve(Math.ceil(Math.min((size / byteLength) * 1.05, size / MIN_CSV_RECORD_BYTES)) + 16);
    };
    await csv.read({
      scanned: (row, bytes, line, byteOffset, byteLength) => {
        reserve(byteLength);
        builder.addScanned(row, bytes, file, line, byteOffset, byteLength);
        tally.added(row.variant);
      },
      record: ({ cells, line, blank, byteOffset, byteLength }) => {
        if (blank) return;
        reserve(byteLength);
        const record = validateRecord(csvRecordValue(columns, cells), { file: path, line }, problems);
        if (record === undefined) return;
        builder.addRecord(record, file, line, { byteOffset, byteLength });
        tally.added(record.variant);
      },
    });
  });
}

/**
 * Read a columnar results file (Parquet, Arrow IPC) column by column into typed columns (issue 14), when the builder
 * keeps fields only: per row group or record batch only the columns the record and the kept fields need, each row's
 * cells checked as the schema would and any row it cannot prove valid read whole and checked by the schema
 * (columnar-into-columns.ts), so a bad row's problem names file, `row N`, field and value; the file hashed for
 * provenance. Each row keeps its index: a report re-reads the few records it shows whole, and no record is held.
 *
 * @throws {InputError} naming the file when it cannot be read, is not of its format, or lacks a record column
 */
export async function streamColumnarResultsFile(
  path: string,
  format: 'parquet' | 'arrow',
  builder: ResultsColumnsBuilder,
  problems: InputProblems,
  { signal }: { readonly signal?: AbortSignal | undefined } = {},
): Promise<StreamedResultsFile> {
  if (builder.holdsRecords) throw new Error('streamColumnarResultsFile: whole records are read by the format reader');
  return streamed(path, signal, async (tally) => {
    const opened = format === 'parquet' ? await openParquetColumns(path) : await openArrowColumns(path, signal);
    await hashFile(path, tally.onBytes, { signal });
    const file = builder.rowFileCode(path, opened);
    builder.reserve(opened.rows);
    const add = columnarBatchAdder({ path, builder, file, problems, onRow: tally.added });
    for await (const batch of opened.batches(columnsToRead(opened.columns, builder.keptFields), signal)) add(batch);
  });
}

/** What a streamed reader counts of its file as it reads: the bytes (hashed), the rows and their variants. */
interface StreamTally {
  readonly onBytes: (chunk: Uint8Array) => void;
  readonly added: (variant: string) => void;
  /** `rows` rows added at once, of these variants. */
  readonly addedRows: (rows: number, variants: readonly string[]) => void;
}

/** One streamed read of `path` (its size given): counted and hashed as read, an I/O failure worded as the user's. */
async function streamed(
  path: string,
  signal: AbortSignal | undefined,
  read: (tally: StreamTally, size: number) => Promise<void>,
): Promise<StreamedResultsFile> {
  const hash = createHash('sha256');
  let bytes = 0;
  let rows = 0;
  const variants = new Set<string>();
  const tally: StreamTally = {
    onBytes: (chunk) => {
      hash.update(chunk);
      bytes += chunk.byteLength;
    },
    added: (variant) => {
      variants.add(variant);
      rows++;
    },
    addedRows: (count, names) => {
      for (const name of names) variants.add(name);
      rows += count;
    },
  };
  try {
    await read(tally, (await stat(path)).size);
  } catch (error) {
    // Only the system's refusals (an errno code: EACCES, EISDIR, EIO) are the file's: anything else (a typed
    // array that cannot be allocated, a bug) is not worded as an unreadable file.
    if (error instanceof InputError || signal?.aborted || typeof (error as NodeJS.ErrnoException).code !== 'string')
      throw error;
    throw cannotReadFile(path, error);
  }
  return { path, sha256: hash.digest('hex'), bytes, rows, variants: [...variants] };
}

/** The first few kilobytes of a file as text, for detectFormat's look at the first character. */
async function firstText(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(PROBE_TEXT_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, PROBE_TEXT_BYTES, 0);
    return new StringDecoder('utf8').write(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

const PROBE_TEXT_BYTES = 4096;
