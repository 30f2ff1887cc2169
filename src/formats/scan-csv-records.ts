import { open } from 'node:fs/promises';
import { PROTOTYPE_KEY } from '../schema/prototype-key';
import { RecordStatus } from '../schema/result-record';
import { coerceCell } from './csv-record-value';
import { csvRecordParser, csvRecordsFrom, type StreamedCsvRecord, streamCsvRecords } from './csv-records';
import { emptyScannedRecord, equalBytes, numberAt, type ScannedRecord } from './scan-record-line';

/**
 * What a reader of a CSV results file is given, record by record in file order (after the header): each record the
 * byte scanner read, or any other as csv-parse reads it (then the record parser and the schema take it).
 */
export interface CsvResultsSink {
  /**
   * A record read from the bytes: its values in `row` (one object reused: valid until the next call), a string
   * item's bytes `bytes[row.itemStart, row.itemEnd)`, the line it starts on and its byte span in the file.
   */
  readonly scanned: (
    row: ScannedRecord,
    bytes: Uint8Array,
    line: number,
    byteOffset: number,
    byteLength: number,
  ) => void;
  /** A record the scanner left to csv-parse (a blank one too: `blank` set), with its cells. */
  readonly record: (record: StreamedCsvRecord) => void;
}

/** A CSV results file opened: its header's names and the line break that ends its records, then its records. */
export interface CsvResults {
  readonly columns: readonly string[];
  /** The line break of the file's records (`\r\n`, `\n` or `\r`, as csv-parse finds it), once read. */
  readonly recordDelimiters: () => readonly string[];
  /** Read every record after the header into `sink`, in order. */
  readonly read: (sink: CsvResultsSink) => Promise<void>;
  /**
   * The cells of one record's text re-read alone by its byte span (a flip a report shows), as csv-parse reads it:
   * split by the byte scanner when it can, else by csv-parse. Once the records are read (the file's line break known).
   */
  /** The cells of the record at `bytes[start, end)` (a record re-read from the file by its byte span). */
  readonly cellsOf: (bytes: Buffer, start: number, end: number) => (string | null)[];
}

/** Options of {@link readCsvResults}. */
export interface ReadCsvResultsOptions {
  readonly signal?: AbortSignal | undefined;
  /** Each chunk of the file's bytes as it is read, in order, each once (to hash or count the file in one pass). */
  readonly onBytes?: (chunk: Uint8Array) => void;
}

/** The chunk read at a time (1 MiB, as scan-lines.ts reads). */
const CHUNK_BYTES = 1 << 20;

/**
 * Read a verdict results CSV in chunks (issue 14), the byte scanner first: every record it can read is read from
 * the bytes straight into `ScannedRecord` (no cells, no record object; {@link CsvRecordScanner}), and any record it
 * cannot read certainly (a value the schema must word, an escaped quote in a field it reads) is parsed by csv-parse
 * and given to `sink.record` with its cells. From a record it cannot even split (a quote inside an unquoted cell, a
 * line break that is not the file's, a quote left open, more cells than the header) csv-parse reads the rest of the
 * file (csvRecordsFrom), so that its records and its errors are the file's. When the scanner cannot take the file at
 * all (`fields` null: whole records held; a header it does not read; a `tags` or `__proto__` column; a kept field it
 * does not know), the whole file goes through csv-parse (streamCsvRecords), record by record into `sink.record`.
 *
 * @param fields the fields kept per row (ResultsColumnsBuilder.keptFields), or null to read every record whole
 * @returns undefined for a file with nothing in it but white space
 * @throws {InputError} naming the file and the line of the record, as streamCsvRecords does
 */
export async function readCsvResults(
  path: string,
  fields: readonly string[] | null,
  options: ReadCsvResultsOptions = {},
): Promise<CsvResults | undefined> {
  const opened = fields === null ? undefined : await openScanned(path, fields, options);
  if (opened !== undefined) return opened;
  const csv = await streamCsvRecords(path, options);
  if (csv === undefined) return undefined;
  const parseRecord = await csvRecordParser();
  return {
    columns: csv.columns,
    recordDelimiters: csv.recordDelimiters,
    cellsOf: (bytes, start, end) => parseRecord(bytes.toString('utf8', start, end), csv.recordDelimiters()) ?? [],
    read: async (sink) => {
      for await (const record of csv.records) sink.record(record);
    },
  };
}

/** The file opened for the byte scanner, or undefined to leave it whole to csv-parse. Nothing is hashed until then. */
async function openScanned(
  path: string,
  fields: readonly string[],
  { signal, onBytes }: ReadCsvResultsOptions,
): Promise<CsvResults | undefined> {
  signal?.throwIfAborted();
  const handle = await open(path, 'r');
  let handed = false;
  try {
    let current = Buffer.allocUnsafe(CHUNK_BYTES);
    let spare = Buffer.allocUnsafe(CHUNK_BYTES);
    const first = await handle.read(current, 0, CHUNK_BYTES, 0);
    let filled = first.bytesRead;
    let eof = filled < CHUNK_BYTES;
    // A UTF-8 byte-order mark is dropped (csv-parse's `bom`); a UTF-16 one (which csv-parse would decode by) is left
    // to csv-parse.
    if (current[0] === 0xff && current[1] === 0xfe) return undefined;
    const bom = current[0] === 0xef && current[1] === 0xbb && current[2] === 0xbf ? 3 : 0;
    const headerScanner = new CsvRecordScanner([], [], UNKNOWN_BREAK);
    const headerEnd = headerScanner.scan(current, bom, filled, eof, emptyScannedRecord(0));
    if (headerEnd < 0) return undefined;
    const delimiter = headerScanner.delimiter;
    const parseRecord = await csvRecordParser();
    const headerCells = parseRecord(current.toString('utf8', bom, headerEnd), delimiter ? [delimiter] : []) ?? [];
    const columns = headerCells.map((name) => (name ?? '').trim());
    // White space only, blank lines before the header, a name twice: csv-parse's reader words (or reads) them.
    if (columns.every((name) => name === '') || columns.some((name, j) => columns.indexOf(name) !== j))
      return undefined;
    const scanner = new CsvRecordScanner(
      columns,
      fields,
      delimiter ? DELIMITERS.indexOf(delimiter as (typeof DELIMITERS)[number]) : UNKNOWN_BREAK,
    );
    if (scanner.off) return undefined;
    handed = true;
    onBytes?.(current.subarray(0, filled));
    const read = async (sink: CsvResultsSink): Promise<void> => {
      try {
        const row = emptyScannedRecord(fields.length);
        let base = 0; // where `current` starts in the file
        let pos = headerEnd;
        let line = 2 + headerScanner.newlines;
        for (;;) {
          for (;;) {
            if (pos >= filled && eof) return;
            const next = scanner.scan(current, pos, filled, eof, row);
            if (next === NEED_MORE) break;
            if (next === HAND_OVER) {
              const rest = restOfFile(current.subarray(pos, filled), eof, base + filled);
              const start = { line, byteOffset: base + pos, width: columns.length };
              for await (const record of await csvRecordsFrom(rest, path, start, scanner.delimiter ?? '\n'))
                sink.record(record);
              return;
            }
            if (!scanner.blank) {
              if (scanner.valid) sink.scanned(row, current, line, base + pos, next - pos);
              else {
                const cells = parseRecord(current.toString('utf8', pos, next), [scanner.delimiter ?? '\n']) ?? [];
                sink.record({ cells, line, blank: false, byteOffset: base + pos, byteLength: next - pos });
              }
            }
            line += 1 + scanner.newlines;
            pos = next;
          }
          signal?.throwIfAborted();
          // The record cut by the chunk's end moves to the start of the other buffer; a record longer than a chunk
          // grows it.
          const tail = filled - pos;
          const size = tail + Math.max(CHUNK_BYTES, tail);
          if (spare.length < size) spare = Buffer.allocUnsafe(size);
          current.copy(spare, 0, pos, filled);
          [current, spare] = [spare, current];
          base += pos;
          pos = 0;
          const { bytesRead } = await handle.read(current, tail, current.length - tail, base + tail);
          onBytes?.(current.subarray(tail, tail + bytesRead));
          filled = tail + bytesRead;
          eof = bytesRead === 0;
        }
      } finally {
        await handle.close();
      }
    };

    /** The file's bytes from a record's start: what is read of it already, then the rest as it is read. */
    async function* restOfFile(held: Buffer, atEnd: boolean, from: number): AsyncGenerator<Uint8Array> {
      yield Buffer.from(held); // a copy: csv-parse may keep it past the next read
      if (atEnd) return;
      for (let at = from; ; ) {
        signal?.throwIfAborted();
        const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
        const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, at);
        if (bytesRead === 0) return;
        const bytes = chunk.subarray(0, bytesRead);
        onBytes?.(bytes);
        yield bytes;
        at += bytesRead;
      }
    }

    const recordDelimiters = () => (scanner.delimiter ? [scanner.delimiter] : []);
    // 16 us a record through csv-parse's synchronous parser (csv-records.ts); compare --json re-reads every flip's
    // record (628,554 at 10^6 items): split by the scanner when it can.
    // Scanned from the bytes as they were read (a string of the record made and encoded again was most of a CSV
    // flip's re-read: utf8Slice and Buffer.from under node --cpu-prof of compare --json at 10^6).
    const cellsOf = (bytes: Buffer, start: number, end: number) =>
      scanner.cells(bytes, start, end) ?? parseRecord(bytes.toString('utf8', start, end), recordDelimiters()) ?? [];
    return { columns, recordDelimiters, read, cellsOf };
  } finally {
    if (!handed) await handle.close();
  }
}

/** {@link CsvRecordScanner.scan}: the record is cut by the end of the bytes given; give more. */
const NEED_MORE = -1;
/** {@link CsvRecordScanner.scan}: a record the scanner cannot split as csv-parse would; csv-parse reads on from it. */
const HAND_OVER = -2;

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

/** The line breaks csv-parse finds (its order: \r\n before \r), by index; UNKNOWN_BREAK until the first is met. */
const DELIMITERS = ['\r\n', '\n', '\r'] as const;
const CRLF_BREAK = 0;
const LF_BREAK = 1;
const CR_BREAK = 2;
const UNKNOWN_BREAK = -1;

// What the scanner reads of each column, by the column's name: a field of the record schema, a kept field's, or
// nothing (the cell is only split).
const SKIP = 0;
const ITEM = 1;
const VARIANT = 2;
const SAMPLE = 3;
const STATUS = 4;
const PASS = 5;
const SCORE = 6;
const N = 7;
const C = 8;
const LATENCY = 9;
const LATENCY_SNAKE = 10;
const COST = 11;
const COST_SNAKE = 12;
const KEPT = 13;
const ROLES: ReadonlyMap<string, number> = new Map([
  ['item', ITEM],
  ['variant', VARIANT],
  ['sample', SAMPLE],
  ['status', STATUS],
  ['pass', PASS],
  ['score', SCORE],
  ['n', N],
  ['c', C],
  ['latencyMs', LATENCY],
  ['latency_ms', LATENCY_SNAKE],
  ['costUsd', COST],
  ['cost_usd', COST_SNAKE],
]);

const STATUS_BYTES = RecordStatus.options.map((name) => Buffer.from(name));
const OK = RecordStatus.options.indexOf('ok');

/**
 * The CSV byte scanner of a verdict results file: one record split from the bytes by RFC 4180 as csv-parse splits
 * it with verdict's options (csv-records.ts: quotes, `""` inside them, the file's one line break, ragged rows), and
 * the fields compare needs read into a {@link ScannedRecord} with the values `csvRecordValue` and the record schema
 * give them (`ResultRecord.parse(csvRecordValue(columns, cells))`), no cell and no record object made. Anything it
 * cannot read certainly is left: a record it can split but not read (`valid` false: csv-parse, csvRecordValue and
 * zod take it and word its problem), a record it cannot split (HAND_OVER: csv-parse reads on). A property test
 * (test/formats/scan-csv-records.test.ts) checks it against csv-parse and the schema on generated files.
 */
export class CsvRecordScanner {
  /** The record's line break, once found (csv-parse finds it at the first \r or \n outside quotes). */
  #break: number;
  readonly #columns: readonly string[];
  readonly #roles: Uint8Array;
  /** The header's width: a record with a non-empty cell past it is csv-parse's to refuse. */
  readonly #width: number;
  /** Kept field k's value: from column #topColumn[k] when there (a plain name), else #tagColumn[k] (`tags.x`). */
  readonly #topColumn: number[] = [];
  readonly #tagColumn: number[] = [];
  /** The text of each kept column in this record (undefined when empty). */
  readonly #cellText: (string | undefined)[];
  readonly #variants: { bytes: Buffer; name: string }[] = [];
  /** The scanner cannot read this file's records (a column or kept field it does not know): csv-parse reads all. */
  readonly off: boolean;
  /** After a scan: the record is blank (every cell empty; skipped as the reader skips it). */
  blank = false;
  /** After a scan: the row holds the record's values (false: leave it to csv-parse and the schema). */
  valid = false;
  /** After a scan: the line feeds inside the record's quoted cells (the record's own break not counted). */
  newlines = 0;
  #seen = 0;
  #pass = -1;
  #score = Number.NaN;
  #hasScore = false;
  #n = -1;
  #c = -1;
  /** Latency and cost by role, as their cells read (NaN for text); which were there is in #seen. */
  readonly #measures = new Float64Array(KEPT);

  /**
   * @param columns the header's names (trimmed), [] to split the header itself
   * @param fields the kept fields, as RecordLineScanner takes them
   * @param lineBreak the index in DELIMITERS of the file's line break, or UNKNOWN_BREAK to find it
   */
  constructor(columns: readonly string[], fields: readonly string[], lineBreak: number) {
    this.#break = lineBreak;
    this.#columns = columns;
    this.#width = columns.length === 0 ? Number.POSITIVE_INFINITY : columns.length;
    this.#roles = new Uint8Array(columns.length);
    let off = false;
    columns.forEach((name, j) => {
      this.#roles[j] = ROLES.get(name) ?? SKIP;
      // A tags column of JSON and `__proto__` are csvRecordValue's and validateRecord's to read and refuse.
      if (name === 'tags' || name === PROTOTYPE_KEY || name === `tags.${PROTOTYPE_KEY}`) off = true;
    });
    const schemaFields = new Set([...ROLES.keys(), 'tags']);
    for (const field of fields) {
      const parts = field.split('.');
      let top = -1;
      let tag = -1;
      if (parts.length === 2 && parts[0] === 'tags' && parts[1] !== '' && parts[1] !== PROTOTYPE_KEY) {
        tag = columns.indexOf(field);
      } else if (parts.length === 1 && field !== '' && field !== PROTOTYPE_KEY && !schemaFields.has(field)) {
        top = columns.indexOf(field);
        tag = columns.indexOf(`tags.${field}`);
      } else off = true; // a schema field or a path into one: the full path reads it (fieldValue)
      for (const j of [top, tag]) if (j >= 0) this.#roles[j] = KEPT;
      this.#topColumn.push(top);
      this.#tagColumn.push(tag);
    }
    this.#cellText = new Array<string | undefined>(columns.length).fill(undefined);
    this.off = off;
  }

  /** The cells of the record being scanned, when {@link cells} asks for them. */
  #collected: (string | null)[] | null = null;

  /**
   * The cells of the one record `b` holds (its line break after it, or none), as csv-parse gives them (an empty cell
   * null): undefined when it is not one record the scanner can split.
   */
  cells(b: Uint8Array, start = 0, end = b.length): (string | null)[] | undefined {
    this.#collected = [];
    try {
      const next = this.scan(b, start, end, true, emptyScannedRecord(this.#topColumn.length));
      return next === end ? this.#collected : undefined;
    } finally {
      this.#collected = null;
    }
  }

  /** The file's line break, once a record has ended with one. */
  get delimiter(): string | undefined {
    return DELIMITERS[this.#break];
  }

  /**
   * Split the record at `b[pos]` (bytes up to `end`; `eof` when nothing follows them) and read its fields into `out`.
   * @returns where the next record starts, NEED_MORE, or HAND_OVER
   */
  scan(b: Uint8Array, pos: number, end: number, eof: boolean, out: ScannedRecord): number {
    this.#reset(out);
    let valid = !this.off;
    let nonEmpty = false;
    let newlines = 0;
    let i = pos;
    for (let j = 0; ; j++) {
      let start: number;
      let stop: number;
      let escaped = false;
      if (i < end && b[i] === QUOTE) {
        start = i + 1;
        for (let k = start; ; ) {
          const quote = b.indexOf(QUOTE, k);
          if (quote < 0 || quote >= end) return eof ? HAND_OVER : NEED_MORE; // a quote left open: csv-parse's error
          // The line breaks inside the quotes, counted between k and the quote only: an indexOf for LF searched to
          // the buffer's end, so a CR-only file (no LF at all) cost a chunk's length per quoted cell (5x slower).
          for (let at = k; at < quote; at++) if (b[at] === LF) newlines++;
          if (quote + 1 >= end && !eof) return NEED_MORE;
          if (quote + 1 < end && b[quote + 1] === QUOTE) {
            escaped = true;
            k = quote + 2;
            continue;
          }
          stop = quote;
          i = quote + 1;
          break;
        }
        const after = b[i];
        if (i < end && after !== COMMA && after !== CR && after !== LF) return HAND_OVER; // text after the quote
      } else {
        start = i;
        while (i < end) {
          const c = b[i];
          if (c === COMMA || c === CR || c === LF) break;
          if (c === QUOTE) return HAND_OVER; // a quote inside an unquoted cell: csv-parse refuses it
          i++;
        }
        if (i === end && !eof) return NEED_MORE;
        stop = i;
      }
      if (this.#collected !== null) this.#collected.push(stop > start ? cellText(b, start, stop, escaped) : null);
      if (stop > start) {
        if (j >= this.#width) return HAND_OVER; // more cells than the header: csv-parse's error
        nonEmpty = true;
        if (valid) valid = this.#cell(j, b, start, stop, escaped, out);
      }
      if (i >= end) break; // the last record, with no line break after it
      if (b[i] === COMMA) {
        i++;
        continue;
      }
      const length = this.#lineBreakAt(b, i, end, eof);
      if (length < 0) return length;
      i += length;
      break;
    }
    this.blank = !nonEmpty;
    this.newlines = newlines;
    this.valid = valid && nonEmpty && this.#finish(out);
    return i;
  }

  /** The length of the file's line break at `b[i]` (a \r or \n), finding it on the first; else NEED_MORE/HAND_OVER. */
  #lineBreakAt(b: Uint8Array, i: number, end: number, eof: boolean): number {
    const c = b[i];
    const crlf = c === CR && i + 1 < end && b[i + 1] === LF;
    if (c === CR && i + 1 >= end && !eof) return NEED_MORE; // \r, or the first half of \r\n
    if (this.#break === UNKNOWN_BREAK) this.#break = crlf ? CRLF_BREAK : c === CR ? CR_BREAK : LF_BREAK;
    if (this.#break === CRLF_BREAK) return crlf ? 2 : HAND_OVER;
    // A bare \r in a \n file (or \n in a \r file) is text inside the cell to csv-parse, and a \n counts a line.
    return (this.#break === LF_BREAK ? c === LF : c === CR) ? 1 : HAND_OVER;
  }

  #reset(out: ScannedRecord): void {
    this.#seen = 0;
    this.#pass = -1;
    this.#hasScore = false;
    this.#n = -1;
    this.#c = -1;
    for (let j = 0; j < this.#cellText.length; j++) this.#cellText[j] = undefined;
    out.sample = 0;
    out.status = OK;
    out.itemIsNumber = false;
  }

  /** Read the non-empty cell `b[start, stop)` of column `j`: false when the record must take the full path. */
  #cell(j: number, b: Uint8Array, start: number, stop: number, escaped: boolean, out: ScannedRecord): boolean {
    const role = j < this.#roles.length ? (this.#roles[j] as number) : SKIP;
    if (role === SKIP) return true;
    if (escaped) return false; // `""` inside: the cell's text is not its bytes
    if (role !== KEPT) this.#seen |= 1 << role;
    switch (role) {
      case ITEM:
        out.itemStart = start;
        out.itemEnd = stop;
        return true;
      case VARIANT:
        out.variant = this.#variantName(b, start, stop);
        return out.variant !== PROTOTYPE_KEY;
      case SAMPLE: {
        const value = this.#number(j, b, start, stop);
        out.sample = value;
        return Number.isInteger(value) && value >= 0;
      }
      case STATUS:
        out.status = -1;
        for (let code = 0; code < STATUS_BYTES.length && out.status < 0; code++)
          if (equalBytes(STATUS_BYTES[code] as Buffer, b, start, stop)) out.status = code;
        return out.status >= 0;
      case PASS:
        this.#pass = passAt(b, start, stop);
        if (this.#pass < 0) {
          const value = coerceCell('pass', text(b, start, stop));
          if (typeof value !== 'boolean') return false;
          this.#pass = value ? 1 : 0;
        }
        return true;
      case SCORE:
        this.#score = this.#number(j, b, start, stop);
        this.#hasScore = true;
        return Number.isFinite(this.#score);
      case N:
      case C: {
        const value = this.#number(j, b, start, stop);
        if (!(Number.isInteger(value) && value >= (role === N ? 1 : 0))) return false;
        if (role === N) this.#n = value;
        else this.#c = value;
        return true;
      }
      case LATENCY:
      case LATENCY_SNAKE:
      case COST:
      case COST_SNAKE:
        this.#measures[role] = this.#number(j, b, start, stop); // present: its bit in #seen
        return true;
      default:
        this.#cellText[j] = text(b, start, stop);
        return true;
    }
  }

  /** A numeric cell's value as csvRecordValue gives it (its text read as a number), NaN where it stays text. */
  #number(j: number, b: Uint8Array, start: number, stop: number): number {
    if (plainDecimal(b, start, stop)) return numberAt(b, start, stop);
    const value = coerceCell(this.#columns[j] ?? '', text(b, start, stop));
    return typeof value === 'number' ? value : Number.NaN;
  }

  #variantName(b: Uint8Array, start: number, stop: number): string {
    for (const { bytes, name } of this.#variants) if (equalBytes(bytes, b, start, stop)) return name;
    const name = text(b, start, stop);
    if (this.#variants.length < 64) this.#variants.push({ bytes: Buffer.from(b.subarray(start, stop)), name });
    return name;
  }

  /** The value of the camelCase measure's cell when it was there, else the snake_case one's, else NaN. */
  #measure(camel: number, snake: number): number {
    const seen = this.#seen;
    if ((seen & (1 << camel)) !== 0) return this.#measures[camel] as number;
    return (seen & (1 << snake)) !== 0 ? (this.#measures[snake] as number) : Number.NaN;
  }

  /** The schema's checks after the fields are read (fastParseRecord's); the columns' values of the outcome. */
  #finish(out: ScannedRecord): boolean {
    // Bit tests inline, no closure: a function made per record was 4 % of a CSV load's CPU (--cpu-prof, 10^5 items).
    const seen = this.#seen;
    if ((seen & (1 << ITEM)) === 0 || (seen & (1 << VARIANT)) === 0) return false;
    const hasN = (seen & (1 << N)) !== 0;
    if (hasN || (seen & (1 << C)) !== 0) {
      if (this.#n < 1 || this.#c < 0 || this.#c > this.#n) return false;
      out.trials = this.#n;
      out.passes = this.#c;
    } else if (this.#pass >= 0) {
      out.trials = 1;
      out.passes = this.#pass;
    } else {
      out.trials = 0;
      out.passes = 0;
    }
    out.score = this.#hasScore ? this.#score : Number.NaN;
    if (out.status === OK && out.trials === 0 && !this.#hasScore && !hasN) return false;
    // numberField's `latencyMs ?? latency_ms`: a latencyMs cell that is not a number hides latency_ms.
    out.latencyMs = finiteOr(this.#measure(LATENCY, LATENCY_SNAKE));
    out.costUsd = finiteOr(this.#measure(COST, COST_SNAKE));
    for (let k = 0; k < this.#topColumn.length; k++) {
      const top = this.#topColumn[k] as number;
      const tag = this.#tagColumn[k] as number;
      out.kept[k] = (top >= 0 ? this.#cellText[top] : undefined) ?? (tag >= 0 ? this.#cellText[tag] : undefined);
    }
    return true;
  }
}

const finiteOr = (value: number | undefined): number =>
  value !== undefined && Number.isFinite(value) ? value : Number.NaN;

const text = (b: Uint8Array, start: number, stop: number): string =>
  Buffer.prototype.toString.call(b, 'utf8', start, stop);

/** A cell's text: its bytes, a quoted cell's `""` read as `"`. */
const cellText = (b: Uint8Array, start: number, stop: number, escaped: boolean): string =>
  escaped ? text(b, start, stop).replaceAll('""', '"') : text(b, start, stop);

const TRUE_FALSE = [Buffer.from('true'), Buffer.from('false')];

/** 1 for `true` or `1`, 0 for `false` or `0` (any case, as csvRecordValue reads `pass`), -1 for anything else. */
function passAt(b: Uint8Array, start: number, stop: number): number {
  const length = stop - start;
  if (length === 1) return b[start] === 0x31 ? 1 : b[start] === 0x30 ? 0 : -1;
  // ASCII letters to lower case (| 0x20): only `T` and `t` give `t`, and so on.
  const word = length === 4 || length === 5 ? TRUE_FALSE[length - 4] : undefined;
  if (word === undefined) return -1;
  for (let k = 0; k < length; k++) if (((b[start + k] as number) | 0x20) !== word[k]) return -1;
  return length === 4 ? 1 : 0;
}

/**
 * `-?digits[.digits]` (a digit at least; `5.` and `.5` too, as csvRecordValue's NUMBER reads them): numberAt reads
 * it exactly as Number() does. Any other (a `+`, an exponent, white space) goes through csvRecordValue's own rule.
 */
function plainDecimal(b: Uint8Array, start: number, stop: number): boolean {
  let i = b[start] === 0x2d ? start + 1 : start;
  let digits = 0;
  let point = false;
  for (; i < stop; i++) {
    const c = b[i] as number;
    if (c >= 0x30 && c <= 0x39) digits++;
    else if (c === 0x2e && !point) point = true;
    else return false;
  }
  return digits > 0;
}
