import type { Readable } from 'node:stream';
import type { fromCSV } from 'arquero';
import type { Options } from 'csv-parse';
import { InputError } from '../schema/input-error';
import { loadArquero } from './arquero-module';
import { stripByteOrderMark } from './raw-row';

/** A CSV file with a header line, read as text cells: nothing is typed or guessed (`007` stays `007`). */
export interface CsvRecords {
  /** The header's names, trimmed, in file order. */
  readonly columns: readonly string[];
  /** One entry per record after the header: its cells by column (null for an empty cell) and its first line. */
  readonly records: readonly CsvRecord[];
}

export interface CsvRecord {
  readonly cells: readonly (string | null)[];
  /** The 1-based line the record starts on: a quoted field spanning lines does not shift the records after it. */
  readonly line: number;
  /** Every cell empty (a blank line). */
  readonly blank: boolean;
}

/**
 * The one CSV reader of user files (results files and items files): a byte-order mark dropped, arquero's reader
 * for the CSV itself (RFC 4180 quotes, CRLF) with `autoType` off, a repeated header name refused (arquero would
 * read one column for both, the last silently winning), and each record's start line counted from the text.
 *
 * @returns undefined for a file with nothing in it but white space
 * @throws {InputError} naming the file (and line 1 and the column for a repeated name) when it is not valid CSV
 * @example readCsvRecords('id,input\n1,"two\nlines"\n2,x\n', 'items.csv').records.map((r) => r.line) // [2, 4]
 */
export function readCsvRecords(text: string, file: string): CsvRecords | undefined {
  const source = stripByteOrderMark(text);
  if (source.trim() === '') return undefined;
  let table: ReturnType<typeof fromCSV>;
  try {
    table = loadArquero().fromCSV(source, { autoType: false });
  } catch (error) {
    throw new InputError(`not valid CSV (${(error as Error).message})`, { file });
  }
  const names = table.columnNames();
  const columns = names.map((name) => name.trim());
  const repeated = columns.find((name, j) => columns.indexOf(name) !== j);
  if (repeated !== undefined) {
    throw new InputError('the column appears twice in the header; keep one', { file, line: 1, field: repeated });
  }
  const arrays = names.map((name) => table.array(name) as unknown as ArrayLike<string | null | undefined>);
  const starts = recordStartLines(source);
  const records: CsvRecord[] = [];
  for (let row = 0; row < table.numRows(); row++) {
    const cells = arrays.map((array) => {
      const cell = array[row];
      return cell === undefined || cell === null || cell === '' ? null : cell;
    });
    // starts[0] is the header's line; if arquero and the count ever disagree, fall back to one line per record.
    const line = starts[row + 1] ?? row + 2;
    records.push({ cells, line, blank: cells.every((cell) => cell === null) });
  }
  return { columns, records };
}

/**
 * The line on which each CSV record starts (the header first): records end at a newline outside double quotes
 * (RFC 4180; an escaped quote `""` toggles twice), so a quoted field spanning lines does not shift the lines
 * after it.
 */
function recordStartLines(text: string): number[] {
  const starts = [1];
  let line = 1;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (char === '\n') {
      line++;
      if (!quoted && i < text.length - 1) starts.push(line);
    }
  }
  return starts;
}

/** A record of a CSV file read in chunks: a {@link CsvRecord} and where its bytes are in the file. */
export interface StreamedCsvRecord extends CsvRecord {
  /** Where the record starts in the file, in bytes (a byte-order mark counted). */
  readonly byteOffset: number;
  /** Its length in bytes, up to and with the line break that ends it. */
  readonly byteLength: number;
}

/** A CSV file being read in chunks: its header's names, then its records in order. */
export interface StreamedCsv {
  readonly columns: readonly string[];
  readonly records: AsyncIterable<StreamedCsvRecord>;
  /** The line break csv-parse found ending the first record (\r\n, \n or \r), once records are read; its rule. */
  readonly recordDelimiters: () => readonly string[];
}

/** Options of {@link streamCsvRecords}. */
export interface StreamCsvOptions {
  readonly signal?: AbortSignal | undefined;
  /** Each chunk of the file's bytes as it is read, in order (to hash or count the file in the same pass). */
  readonly onBytes?: (chunk: Uint8Array) => void;
}

/**
 * csv-parse's options for verdict's CSV: the cells as text, a byte-order mark dropped, ragged rows read as they are
 * (a missing cell is an empty one; extra cells must be empty, checked in streamCsvRecords), and quotes by RFC 4180.
 * Not `relax_quotes`: with it a quote left open deep in a file swallowed the rows up to the next quote into one cell
 * and loaded without a word (csv-parse 6.2.1, checked on `7,A,0,"never closed` before a quoted row), as arquero's
 * reader did; strict, csv-parse refuses it (and a bare quote inside an unquoted cell) at the record's line.
 */
const CSV_PARSE_OPTIONS = { bom: true, relax_column_count: true } as const;

/** The chunk read at a time, as scan-lines.ts reads (1 MiB: fewer awaits than Node's 64 KiB default). */
const CSV_CHUNK_BYTES = 1 << 20;

/**
 * Read a CSV file with a header line in chunks (issue 14: never the file whole), through csv-parse's streaming
 * parser, with the same rules as {@link readCsvRecords}: text cells, an empty cell null, a repeated header name
 * refused, each record's start line counted (a quoted field spanning lines counts its line breaks), and its byte
 * span in the file, so that one record can be re-read and parsed alone ({@link parseCsvRecordText}).
 *
 * @returns undefined for a file with nothing in it but white space
 * @throws {InputError} naming the file, and the line csv-parse stopped at, when it is not valid CSV
 * @example const csv = await streamCsvRecords('results.csv'); for await (const r of csv.records) r.line
 */
export async function streamCsvRecords(
  path: string,
  { signal, onBytes }: StreamCsvOptions = {},
): Promise<StreamedCsv | undefined> {
  const { createReadStream } = await import('node:fs');
  const opened = () => {
    const input = createReadStream(path, { signal, highWaterMark: CSV_CHUNK_BYTES });
    if (onBytes) input.on('data', (chunk) => onBytes(chunk as Buffer));
    return input;
  };
  const stream = await csvRecordStream(opened, path, { line: 1, byteOffset: 0 }, CSV_PARSE_OPTIONS);
  const white = (record: StreamedCsvRecord) => record.cells.every((cell) => cell === null || cell.trim() === '');
  let header = await stream.next();
  // A file of white space only holds nothing (as readCsvRecords reads it); a header after blank lines is refused.
  while (header !== undefined && white(header)) {
    const after = await stream.next();
    if (after !== undefined && !white(after))
      throw new InputError('the header is not on the first line (blank lines before it)', { file: path, line: 1 });
    header = after;
  }
  if (header === undefined) return undefined;
  const columns = header.cells.map((name) => (name ?? '').trim());
  const repeated = columns.find((name, j) => columns.indexOf(name) !== j);
  if (repeated !== undefined) {
    stream.destroy();
    throw new InputError('the column appears twice in the header; keep one', { file: path, line: 1, field: repeated });
  }
  return { columns, records: stream.records(), recordDelimiters: stream.recordDelimiters };
}

/** Where a {@link csvRecordStream} starts: the line and byte offset in the file of its first record. */
interface CsvStreamStart {
  readonly line: number;
  readonly byteOffset: number;
  /** The header's width, when the header is read already (a record with more cells, not all empty, is refused). */
  readonly width?: number;
}

/** csv-parse reading `input` record by record, each with its start line and byte span, as streamCsvRecords reads. */
interface CsvRecordStream {
  readonly next: () => Promise<StreamedCsvRecord | undefined>;
  /** The records after those taken with `next`; the parser destroyed at their end. */
  readonly records: () => AsyncGenerator<StreamedCsvRecord>;
  readonly destroy: () => void;
  readonly recordDelimiters: () => readonly string[];
}

/**
 * csv-parse's streaming parser over the stream `opened` gives once csv-parse is loaded (a file, or the rest of one from a record's start: the CSV byte scanner
 * hands the records it cannot read over to it, scan-csv-records.ts), each record's start line and byte span counted.
 * The first record read sets the width unless `start` gives it.
 */
async function csvRecordStream(
  opened: () => Readable,
  path: string,
  start: CsvStreamStart,
  parseOptions: Options,
): Promise<CsvRecordStream> {
  // Loaded when a CSV file is read, not at start-up (BENCHMARKS.md "CLI start-up").
  const { parse } = await import('csv-parse');
  let end = start.byteOffset;
  let line = start.line;
  /** The header's width, once read: a record with more cells, not all empty, is refused. */
  let width = start.width ?? Number.POSITIVE_INFINITY;
  // Lines and byte spans are counted in on_record, which csv-parse calls as it parses each record (the stream parses
  // ahead of the reader): when it stops at an error, `line` is where the record it stopped in starts.
  const onRecord = (record: string[], info: { readonly bytes: number }): StreamedCsvRecord => {
    for (let j = width; j < record.length; j++)
      if (record[j] !== '') {
        // Ignoring them (as arquero did) loses data: most often a quote left open above took the rows between it and
        // the next quote into one cell, and the rest of that line spilled over.
        throw new InputError(
          `the record has ${record.length} cells where the header names ${width} (${tooWide(record)})`,
          {
            file: path,
            line,
          },
        );
      }
    const cells = record.map((cell) => (cell === '' ? null : cell));
    const blank = cells.every((cell) => cell === null);
    if (width === Number.POSITIVE_INFINITY && !cells.every((cell) => cell === null || cell.trim() === ''))
      width = record.length;
    const bytes = start.byteOffset + info.bytes;
    const out = { cells, line, blank, byteOffset: end, byteLength: bytes - end };
    end = bytes;
    // The record's line break, and those inside its quoted cells: only `\n` counts, as recordStartLines counts.
    line += 1;
    for (const cell of record) for (let at = cell.indexOf('\n'); at >= 0; at = cell.indexOf('\n', at + 1)) line++;
    return out;
  };
  /**
   * Why a record may hold more cells than the header: a quote left open above it; or, in a file whose first line ends
   * in CRLF (csv-parse then splits records at CRLF only), a line ending in LF alone, which joins the next line to it
   * (`1,B,false\n2,A,true` read as one record of 5 cells). A cell holding an LF not after a CR may tell the second,
   * but a quoted cell may hold one too (Excel writes a line break in a cell so): both are named then.
   */
  const tooWide = (record: readonly string[]): string =>
    recordDelimiters().includes('\r\n') && record.some((cell) => /(^|[^\r])\n/.test(cell))
      ? "a line ending in LF alone where the file's lines end in CRLF, as its first line does, or a quote left open above it?"
      : 'a quote left open above it?';
  // csv-parse's overloads type on_record's result as a record of cells unless `columns` is set; ours is an object.
  const options = { ...parseOptions, on_record: onRecord } as unknown as Options;
  const input = opened();
  const parser = input.pipe(parse(options));
  input.on('error', (error) => parser.destroy(error));
  const parsed = (parser as AsyncIterable<StreamedCsvRecord>)[Symbol.asyncIterator]();
  const next = async (): Promise<StreamedCsvRecord | undefined> => {
    try {
      const step = await parsed.next();
      return step.done ? undefined : step.value;
    } catch (error) {
      throw notValidCsv(error, path, line);
    }
  };
  async function* records(): AsyncGenerator<StreamedCsvRecord> {
    try {
      for (let record = await next(); record !== undefined; record = await next()) yield record;
    } finally {
      parser.destroy();
    }
  }
  const { options: normalized } = parser as unknown as { options: { record_delimiter: readonly Buffer[] } };
  const recordDelimiters = () => normalized.record_delimiter.map((delimiter) => delimiter.toString('utf8'));
  return { next, records, destroy: () => parser.destroy(), recordDelimiters };
}

/**
 * The records of a CSV file from the record starting at `start.byteOffset` (on line `start.line`) to its end,
 * through csv-parse: `rest` is the file's bytes from there, as they are read. The CSV byte scanner hands over to
 * it what it cannot read (a quote inside a cell, a bare line break, a quote left open): csv-parse is the reference,
 * so its records and its errors are the file's. No byte-order mark is looked for and the line break is the file's
 * (`recordDelimiter`, found in its header), as if the parse had started at the file's start.
 */
export async function csvRecordsFrom(
  rest: AsyncIterable<Uint8Array>,
  path: string,
  start: Required<CsvStreamStart>,
  recordDelimiter: string,
): Promise<AsyncGenerator<StreamedCsvRecord>> {
  const { Readable } = await import('node:stream');
  const options = { ...CSV_PARSE_OPTIONS, bom: false, record_delimiter: [recordDelimiter] } as Options;
  return (await csvRecordStream(() => Readable.from(rest), path, start, options)).records();
}

/**
 * A parser of one CSV record's text, as {@link streamCsvRecords} read it (a record re-read alone by its byte span):
 * its cells, an empty cell null. Loads csv-parse's synchronous parser, for callers that re-read synchronously.
 * Give the file's `recordDelimiters` (StreamedCsv): without them csv-parse discovers the line break anew for each
 * record, three Buffer.from per character of it, 30 us a record against 16 us (csv-parse 6.2.1, 60,000 records of
 * 50 bytes); the same rule as the stream read, too.
 * @example (await csvRecordParser())('1,"two\nlines"\n', ['\n']) // ['1', 'two\nlines']
 */
export async function csvRecordParser(): Promise<
  (text: string, recordDelimiters: readonly string[]) => (string | null)[] | undefined
> {
  const { parse } = await import('csv-parse/sync');
  return (text, recordDelimiters) => {
    // No byte-order mark is looked for: a record read alone is never the file's start (the stream read drops the
    // mark there), and a cell that starts with U+FEFF keeps it, as the stream read keeps it.
    const options =
      recordDelimiters.length === 0
        ? { ...CSV_PARSE_OPTIONS, bom: false }
        : { ...CSV_PARSE_OPTIONS, bom: false, record_delimiter: [...recordDelimiters] };
    return (parse(text, options) as string[][])[0]?.map((cell) => (cell === '' ? null : cell));
  };
}

/**
 * csv-parse's error (a CsvError: its code starts with CSV_, or is INVALID_OPENING_QUOTE) as the user's: the file, the
 * line the record it stopped in starts on (csv-parse's own line is where it stopped: the end of the file for a quote
 * left open), and csv-parse's words. Any other error (the file's) as it is.
 */
function notValidCsv(error: unknown, file: string, line: number): Error {
  const { code, message } = error as { code?: unknown; message?: string };
  if (typeof code !== 'string' || !(code.startsWith('CSV_') || code === 'INVALID_OPENING_QUOTE')) return error as Error;
  // csv-parse's own "at line N" is dropped: it counts from where its parse began (the byte scanner hands csv-parse
  // the rest of a file from a record's start: "at line 2" 100 lines down) and counts a \r\n twice; the line given is
  // the record's, counted as every reader counts it.
  const words = (message ?? code).replace(/ at line \d+/g, '');
  return new InputError(`not valid CSV in the record starting here (${words})`, { file, line });
}
