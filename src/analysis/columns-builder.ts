import type { ScannedRecord } from '../formats/scan-record-line';
import type { ResultRecord } from '../schema/result-record';
import {
  CODE_KINDS,
  COUNT_KINDS,
  type CodeColumn,
  type CountColumn,
  INT32_KINDS,
  MEASURE_KINDS,
  type MeasureColumn,
  NarrowingColumn,
  renumberedCodes,
  shiftedCounts,
  UINT8_KINDS,
} from './narrow-column';
import { fieldValue } from './record-field';
import { type ResultsColumns, STATUS_NAMES } from './results-columns';
import { type KeptField, type RecordDecoder, type RowReader, storedRecords } from './row-records';

/** Which records a load keeps: `all` holds every record (today's notebooks), a list keeps only those fields. */
export type KeptFields = 'all' | readonly string[];

/** Interns values in order of first appearance: each distinct value gets the next code. */
class Interner<T> {
  readonly names: T[] = [];
  readonly #codes = new Map<unknown, number>();
  // The last key and its code: rows of one item (its variants, its samples) come together, and a kept field is
  // mostly absent, so this skips most lookups in a map of a million items (3 s of CPU at 2 million rows).
  #lastKey: unknown = Symbol('none');
  #lastCode = -1;

  code(name: T, key: unknown = name): number {
    if (key === this.#lastKey) return this.#lastCode;
    let code = this.#codes.get(key);
    if (code === undefined) {
      code = this.names.length;
      this.names.push(name);
      this.#codes.set(key, code);
    }
    this.#lastKey = key;
    this.#lastCode = code;
    return code;
  }
}

/**
 * Item keys interned by their UTF-8 bytes in an open-addressing table (FNV-1a, linear probing), so that a row of an
 * item already seen costs no string: a Map of a million strings took 2.5 s of 22 s (11 %, the largest self time
 * after the GC, bench/harness/cpu-profile.ts at 10^6 items) and a string per row for the GC. A key read as bytes
 * and the same key given as a string get one code: the string is encoded to UTF-8 first, and bytes with any
 * non-ASCII byte are decoded and re-encoded (invalid UTF-8 then reads as U+FFFD, as JSON.parse of the line reads it).
 */
class ItemInterner {
  /** Per code, its key (only those given as strings while `#namesLater`: the others are decoded where they go). */
  names: string[] = [];
  /** The keys interned. */
  #count = 0;
  /**
   * A load worker's interner: an ASCII key read as bytes gets no string here, but where its keys are moved to (and
   * only if new there). 0.5 million names made and structured-cloned back were ~20 MB of a worker's heap and the
   * loading thread's scavenges of them (--trace-gc at 10^6 items).
   */
  readonly #namesLater: boolean;
  // Small until `reserve` or the keys ask for more: 64 Ki slots and 64 KiB of arena were 0.6 ms of a load of 200
  // rows (a notebook's records, each of a calibration's simulated runs), --cpu-prof.
  #table = new Int32Array(1 << 10).fill(-1);
  #arena = new Uint8Array(1 << 12);
  #arenaUsed = 0;
  #starts = new Int32Array(1 << 8);
  #lengths = new Int32Array(1 << 8);
  /**
   * Per code, its key's hash (FNV-1a of its bytes): a growth and the loading thread's merge of a load worker's keys
   * place keys without hashing their bytes again (the merge re-hashed 0.5 million keys, --cpu-prof at 10^6 items).
   */
  #hashes = new Int32Array(1 << 8);
  /** The code of the last key found by its bytes (-1: none). */
  #lastCode = -1;

  /** Keys with a lone surrogate (JSON's "\ud800"), which UTF-8 cannot tell apart: by the string itself. */
  readonly #unpaired = new Map<string, number>();

  constructor({ namesLater = false }: { readonly namesLater?: boolean } = {}) {
    this.#namesLater = namesLater;
  }

  /**
   * Room for `items` keys without a rehash (the table doubled 11 times from 1 Ki slots to 2 Mi at 10^6 items, each
   * growth re-hashing every key: 1.6 % of a load).
   */
  reserve(items: number): void {
    if (this.#count > 0) return;
    let slots = this.#table.length;
    // 1.5 slots per expected key, not 2: the row estimate is 5 % high, and the table grows only past half full.
    while (slots * 2 < items * 3) slots *= 2;
    if (slots !== this.#table.length) this.#table = new Int32Array(slots).fill(-1);
    const keys = Math.min(items, 1 << 24);
    if (keys > this.#starts.length) {
      this.#starts = new Int32Array(keys);
      this.#lengths = new Int32Array(keys);
      this.#hashes = new Int32Array(keys);
    }
  }

  code(name: string): number {
    if (LONE_SURROGATE.test(name)) {
      let code = this.#unpaired.get(name);
      if (code === undefined) {
        code = this.#count++;
        this.names[code] = name;
        this.#room(code);
        this.#lengths[code] = -1; // matches no bytes
        this.#unpaired.set(name, code);
      }
      return code;
    }
    const bytes = Buffer.from(name, 'utf8');
    return this.#find(bytes, 0, bytes.length, name, fnv1a(bytes, 0, bytes.length));
  }

  /**
   * The keys as plain data, to send between threads: names, and each one's UTF-8 bytes in `arena`. Not copied: the
   * arrays with their spare room, so that the thread they are moved to appends to them (the interner is spent).
   */
  get keys(): ItemKeys {
    return {
      count: this.#count,
      names: this.names,
      arena: this.#arena,
      arenaUsed: this.#arenaUsed,
      starts: this.#starts,
      lengths: this.#lengths,
      hashes: this.#hashes,
      table: this.#table,
    };
  }

  /**
   * Other interners' keys interned here, `all` of them in order (a file's ranges, each a load worker's): per
   * interner, per code there, the code here, or null when they are taken as they are (this interner was empty: the
   * first one's table becomes this one's, so the first range of a file costs no re-interning; 1.3 s of the loading
   * thread's 1.7 s at 10^6 items re-interned both ranges, --cpu-prof). The table is sized once for all of them, and
   * their keys placed by the hashes they come with.
   */
  codesOf(all: readonly ItemKeys[]): (Int32Array | null)[] {
    const total = all.reduce((sum, keys) => sum + keys.count, this.#count);
    return all.map((keys) => {
      if (this.#count === 0) {
        this.#lastCode = -1;
        this.#count = keys.count;
        const names = keys.names as string[]; // a worker's, cloned when sent: this thread's own
        const bytes = asBuffer(keys.arena);
        for (let code = 0; code < keys.count; code++) {
          const at = keys.starts[code] as number;
          names[code] ??= bytes.toString('latin1', at, at + (keys.lengths[code] as number));
        }
        this.names = names;
        this.#arena = keys.arena;
        this.#arenaUsed = keys.arenaUsed;
        this.#starts = keys.starts;
        this.#lengths = keys.lengths;
        this.#hashes = keys.hashes;
        this.#table = keys.table;
        for (let code = 0; code < keys.count; code++)
          if ((keys.lengths[code] as number) < 0) this.#unpaired.set(keys.names[code] as string, code);
        this.#fit(total);
        return null;
      }
      this.#fit(total);
      const { count, names, arenaUsed, starts, lengths, hashes } = keys;
      const arena = asBuffer(keys.arena); // as a Buffer, which a new key's name is decoded from (#add)
      if (this.#arenaUsed + arenaUsed > this.#arena.length) this.#arenaFor(this.#arenaUsed + arenaUsed);
      const codes = new Int32Array(count);
      for (let code = 0; code < count; code++) {
        // Undefined for an ASCII key: decoded from the bytes if it is new here (#add).
        const name = names[code];
        const length = lengths[code] as number;
        const start = starts[code] as number;
        // A key with a lone surrogate has no bytes of its own (length -1): by its string, as `code` takes it.
        codes[code] =
          length < 0
            ? this.code(name as string)
            : this.#find(arena, start, start + length, name, hashes[code] as number);
      }
      return codes;
    });
  }

  /** Room in the table for `keys` keys at most half full: one rehash (by the stored hashes), not one per doubling. */
  #fit(keys: number): void {
    let slots = this.#table.length;
    while (slots < keys * 2) slots *= 2;
    if (slots > this.#table.length) this.#grow(slots);
  }

  codeOfBytes(b: Uint8Array, start: number, end: number): number {
    // The last key first: an item's rows come together (its variants, its samples), and its bytes are in the cache,
    // where a probe of a table of a million keys is a cache miss or two (codeOfBytes 14 % of a load at 10^6 items,
    // --cpu-prof). The same bytes are the same key, whatever they decode to.
    const last = this.#lastCode;
    if (last >= 0 && this.#lengths[last] === end - start) {
      const at = this.#starts[last] as number;
      let i = 0;
      while (i < end - start && this.#arena[at + i] === b[start + i]) i++;
      if (i === end - start) return last;
    }
    for (let i = start; i < end; i++)
      if ((b[i] as number) >= 0x80) return this.code(Buffer.prototype.toString.call(b, 'utf8', start, end));
    return this.#find(b, start, end, undefined, fnv1a(b, start, end));
  }

  #find(b: Uint8Array, start: number, end: number, name: string | undefined, hash: number): number {
    const mask = this.#table.length - 1;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const code = this.#table[slot] as number;
      if (code === -1) {
        const added = this.#add(b, start, end, name, hash);
        this.#table[slot] = added;
        if (this.#count * 2 > this.#table.length) this.#grow();
        this.#lastCode = added;
        return added;
      }
      // The hash first: a key of another hash is passed over with one read, not its length, start and bytes (each a
      // cache miss in a table of a million keys: the merge of a load worker's keys, 0.7 s for 0.5 million, --cpu-prof).
      if (this.#hashes[code] === hash && this.#lengths[code] === length) {
        const at = this.#starts[code] as number;
        let i = 0;
        while (i < length && this.#arena[at + i] === b[start + i]) i++;
        if (i === length) {
          this.#lastCode = code;
          return code;
        }
      }
    }
  }

  /** Room for key `code` in the per-code arrays. */
  #room(code: number): void {
    this.#starts = grown(this.#starts, code);
    this.#lengths = grown(this.#lengths, code);
    this.#hashes = grown(this.#hashes, code);
  }

  /** An arena of at least `bytes` (at least twice the old), the keys so far copied. */
  #arenaFor(bytes: number): void {
    const arena = new Uint8Array(Math.max(this.#arena.length * 2, bytes));
    arena.set(this.#arena.subarray(0, this.#arenaUsed));
    this.#arena = arena;
  }

  #add(b: Uint8Array, start: number, end: number, name: string | undefined, hash: number): number {
    const code = this.#count++;
    const length = end - start;
    if (this.#arenaUsed + length > this.#arena.length) this.#arenaFor(this.#arenaUsed + length);
    this.#room(code);
    // Byte by byte: an item key is a few bytes, and `set(b.subarray())` made a Buffer per item (1.9 % of a load).
    const arena = this.#arena;
    for (let i = 0, at = this.#arenaUsed; i < length; i++) arena[at + i] = b[start + i] as number;
    this.#starts[code] = this.#arenaUsed;
    this.#lengths[code] = length;
    this.#hashes[code] = hash;
    this.#arenaUsed += length;
    // ASCII bytes (the only ones that come here without a name) read the same in latin1, which is faster.
    if (name !== undefined) this.names[code] = name;
    else if (!this.#namesLater) this.names[code] = Buffer.prototype.toString.call(b, 'latin1', start, end);
    return code;
  }

  #grow(slots = this.#table.length * 2): void {
    const table = new Int32Array(slots).fill(-1);
    const mask = table.length - 1;
    for (let code = 0; code < this.#count; code++) {
      if (this.#lengths[code] === -1) continue; // a key with a lone surrogate: in #unpaired
      let slot = (this.#hashes[code] as number) & mask;
      while (table[slot] !== -1) slot = (slot + 1) & mask;
      table[slot] = code;
    }
    this.#table = table;
  }
}

/** The bytes of `array` as a Buffer (the same memory): a Uint8Array moved from a worker arrives as a plain one. */
const asBuffer = (array: Uint8Array): Buffer => Buffer.from(array.buffer, array.byteOffset, array.byteLength);

/** FNV-1a (32 bits) of `b[start, end)`: the item table's hash. */
function fnv1a(b: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ (b[i] as number), 0x01000193);
  return hash;
}

/**
 * An {@link ItemInterner}'s keys as plain data: key `i` (below `count`) has the UTF-8 bytes `arena[starts[i],
 * +lengths[i])` and is `names[i]`, or, where that is undefined, those bytes (ASCII) as they read; the arrays may be
 * longer (room for more keys).
 */
export interface ItemKeys {
  readonly count: number;
  readonly names: readonly (string | undefined)[];
  readonly arena: Uint8Array<ArrayBuffer>;
  /** The bytes of `arena` in use. */
  readonly arenaUsed: number;
  readonly starts: Int32Array<ArrayBuffer>;
  /** -1 for a key with a lone surrogate (no UTF-8 of its own). */
  readonly lengths: Int32Array<ArrayBuffer>;
  /** Each key's FNV-1a hash of its bytes (0 for a key with a lone surrogate). */
  readonly hashes: Int32Array<ArrayBuffer>;
  /** The open-addressing table of the codes (FNV-1a of the bytes, linear probing; -1 empty). */
  readonly table: Int32Array<ArrayBuffer>;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** `values`, or a copy twice as long when `index` is past its end. */
function grown(values: Int32Array<ArrayBuffer>, index: number): Int32Array<ArrayBuffer> {
  if (index < values.length) return values;
  const out = new Int32Array(values.length * 2);
  out.set(values);
  return out;
}

/**
 * The interning key of a kept value: a primitive itself; an object or array "\0" and its JSON, and so a string that
 * starts with "\0" too (its JSON starts with a quote, an object's with { or [), else the string "\0{...}" would take
 * the code of the object it spells.
 */
const keptKey = (value: unknown): unknown =>
  (typeof value === 'object' && value !== null) || (typeof value === 'string' && value.startsWith('\0'))
    ? `\0${JSON.stringify(value)}`
    : value;

/** Values of a kept field interned: primitives by value, objects and arrays by their JSON (as fieldText shows them). */
class KeptColumn {
  /** Null while every row lacks the field (`cached`, `finishedAt` in most files): no column at all then. */
  #codes: NarrowingColumn<CodeColumn> | null = null;
  #absent = 0;
  #reserve = 0;
  readonly values = new Interner<unknown>();

  constructor() {
    this.values.code(undefined); // code 0: absent
  }

  reserve(rows: number): void {
    this.#reserve = rows;
    this.#codes?.reserve(rows);
  }

  /** The values of another column's codes, by its code: this column's codes of them. */
  codesOf(values: readonly unknown[]): Int32Array {
    return Int32Array.from(values, (value) => this.values.code(value, keptKey(value)));
  }

  /** `rows` rows of codes already in this column's numbering (kept as they are), or null: all `rows` absent. */
  adopt(codes: CodeColumn | null, rows: number): void {
    if (codes === null && this.#codes === null) {
      this.#absent += rows;
      return;
    }
    this.#materialise();
    this.#codes?.adopt(codes ?? new Uint8Array(rows), true);
  }

  #materialise(): void {
    if (this.#codes !== null) return;
    this.#codes = new NarrowingColumn<CodeColumn>(CODE_KINDS);
    this.#codes.reserve(this.#reserve);
    for (let row = 0; row < this.#absent; row++) this.#codes.push(0);
  }

  /** The codes of the `length` rows, or null when every row lacks the field (the builder is spent). */
  finishCodes(length: number): CodeColumn | null {
    return this.#codes?.finish(length) ?? null;
  }

  push(value: unknown): void {
    if (value === undefined && this.#codes === null) {
      this.#absent++;
      return;
    }
    this.#materialise();
    this.#codes?.push(this.values.code(value, keptKey(value)));
  }

  finish(length: number): KeptField {
    const codes = this.finishCodes(length);
    const values = this.values.names;
    return { codes: codes ?? new Uint8Array(length), values };
  }
}

/**
 * What a load worker read of its range (`ResultsColumnsBuilder.chunk`, parallel-jsonl-load.ts): its rows' columns,
 * each its own narrow array (narrow-column.ts), moved to the loading thread, not copied; the names its codes stand
 * for (items, variants, each kept field's values; file code 0 is its file); line numbers counted from its range's
 * first line (the loading thread adds the lines of the ranges before it), byte offsets the file's.
 */
export interface ColumnsChunk {
  readonly rows: number;
  readonly items: ItemKeys;
  readonly variants: readonly string[];
  readonly columns: ChunkColumns;
  /** Per kept field, its values by code (code 0: absent) and each row's code (null: absent from every row). */
  readonly kept: readonly { readonly values: readonly unknown[]; readonly codes: CodeColumn | null }[];
}

/** The columns of a {@link ColumnsChunk}: every per-row column of `ResultsColumns` but the file's, and where each record is. */
export interface ChunkColumns
  extends Pick<
    ResultsColumns,
    | 'itemId'
    | 'itemIsNumber'
    | 'variant'
    | 'sample'
    | 'status'
    | 'trials'
    | 'passes'
    | 'score'
    | 'latencyMs'
    | 'costUsd'
    | 'line'
  > {
  /** Where each record's line starts in the file, and its length in bytes (for the rows a report re-reads). */
  readonly where: CountColumn;
  readonly byteLength: CountColumn;
}

/** Every buffer of a chunk's typed arrays, once each: what a worker moves to the loading thread. */
export function chunkBuffers(chunk: ColumnsChunk): ArrayBuffer[] {
  const { arena, starts, lengths, hashes, table } = chunk.items;
  const arrays: ArrayBufferView[] = [arena, starts, lengths, hashes, table, ...Object.values(chunk.columns)];
  for (const { codes } of chunk.kept) if (codes !== null) arrays.push(codes);
  return [...new Set(arrays.map((array) => array.buffer as ArrayBuffer))];
}

/**
 * Builds `ResultsColumns` a row at a time, as rows stream in from a file (issue 14): typed columns, interned items,
 * variants and files, the kept fields, and where each row's record is (a byte offset in its file, or held in
 * memory) instead of an array of parsed records. `buildResultsColumns` (records in memory) goes through it too.
 */
export class ResultsColumnsBuilder {
  readonly #fields: KeptFields;
  #length = 0;
  readonly #items: ItemInterner;
  readonly #variants = new Interner<string>();
  readonly #fileNames = new Interner<string>();
  readonly #paths: string[] = [];
  readonly #decoders: (RecordDecoder | undefined)[] = [];
  /** The item key {@link addValues} last interned, and its code. */
  #lastValuesItem: string | undefined;
  #lastValuesItemCode = -1;
  /** Per file code, the re-reader of a columnar file's rows by index (whose `line` counts rows). */
  readonly #rowReaders: (RowReader | undefined)[] = [];
  readonly #held: ResultRecord[] = [];
  readonly #itemId = new NarrowingColumn<Int32Array>(INT32_KINDS);
  readonly #itemIsNumber = new NarrowingColumn<Uint8Array>(UINT8_KINDS);
  readonly #variant = new NarrowingColumn<CodeColumn>(CODE_KINDS);
  readonly #sample = new NarrowingColumn<CountColumn>(COUNT_KINDS);
  readonly #status = new NarrowingColumn<Uint8Array>(UINT8_KINDS);
  readonly #trials = new NarrowingColumn<CountColumn>(COUNT_KINDS);
  readonly #passes = new NarrowingColumn<CountColumn>(COUNT_KINDS);
  readonly #score = new NarrowingColumn<MeasureColumn>(MEASURE_KINDS);
  readonly #latencyMs = new NarrowingColumn<MeasureColumn>(MEASURE_KINDS);
  readonly #costUsd = new NarrowingColumn<MeasureColumn>(MEASURE_KINDS);
  readonly #file = new NarrowingColumn<CodeColumn>(CODE_KINDS);
  readonly #line = new NarrowingColumn<CountColumn>(COUNT_KINDS);
  readonly #where = new NarrowingColumn<CountColumn>(COUNT_KINDS);
  readonly #byteLength = new NarrowingColumn<CountColumn>(COUNT_KINDS);
  readonly #kept: Map<string, KeptColumn>;

  /**
   * @param fields the fields kept per row (`--by`, `--cluster`, `finishedAt`), or `all` to hold every record
   * @param options.forChunk a load worker's builder, spent by {@link chunk}: its ASCII item keys get their strings
   *   on the thread the chunk goes to
   */
  constructor(fields: KeptFields = 'all', { forChunk = false }: { readonly forChunk?: boolean } = {}) {
    this.#fields = fields;
    this.#items = new ItemInterner({ namesLater: forChunk });
    this.#kept = new Map(fields === 'all' ? [] : fields.map((field) => [field, new KeptColumn()]));
  }

  /** Room for `rows` rows in every column, taken before the first row (a file's size / its first lines' length). */
  reserve(rows: number): void {
    if (this.#length > 0) return;
    // Most files have each item under two variants or more: a table for half the rows (one more growth otherwise).
    this.#items.reserve(Math.ceil(rows / 2));
    for (const column of [
      this.#itemId,
      this.#itemIsNumber,
      this.#variant,
      this.#sample,
      this.#status,
      this.#trials,
      this.#passes,
      this.#score,
      this.#latencyMs,
      this.#costUsd,
      this.#file,
      this.#line,
      this.#where,
      this.#byteLength,
      ...this.#kept.values(),
    ])
      column.reserve(rows);
  }

  /**
   * What this builder read, as a load worker sends it (the builder is spent): its columns as {@link build} gives
   * them, the names their codes stand for, and the kept fields' codes.
   */
  chunk(): ColumnsChunk {
    if (this.#held.length > 0) throw new Error('chunk: a load worker holds no records (fields are kept)');
    const length = this.#length;
    return {
      rows: length,
      items: this.#items.keys,
      variants: this.#variants.names,
      columns: {
        itemId: this.#itemId.finish(length),
        itemIsNumber: this.#itemIsNumber.finish(length),
        variant: this.#variant.finish(length),
        sample: this.#sample.finish(length),
        status: this.#status.finish(length),
        trials: this.#trials.finish(length),
        passes: this.#passes.finish(length),
        score: this.#score.finish(length),
        latencyMs: this.#latencyMs.finish(length),
        costUsd: this.#costUsd.finish(length),
        line: this.#line.finish(length),
        where: this.#where.finish(length),
        byteLength: this.#byteLength.finish(length),
      },
      kept: [...this.#kept.values()].map((column) => ({
        values: column.values.names,
        codes: column.finishCodes(length),
      })),
    };
  }

  /**
   * Load workers' rows (the ranges of one file, in file order, each with the lines of the ranges before it),
   * appended as one load would add them: codes renumbered into this builder's (items, variants and kept values in
   * order of first appearance, the file's code `file`), line numbers moved on by `linesBefore`. The chunks' arrays
   * become this builder's (renumbered in place when they can hold the new codes).
   */
  adoptChunks(chunks: readonly { readonly chunk: ColumnsChunk; readonly linesBefore: number }[], file: number): void {
    const items = this.#items.codesOf(chunks.map(({ chunk }) => chunk.items));
    chunks.forEach(({ chunk, linesBefore }, k) => {
      this.#adoptChunk(chunk, items[k] ?? null, file, linesBefore);
    });
  }

  #adoptChunk(chunk: ColumnsChunk, items: Int32Array | null, file: number, linesBefore: number): void {
    const { rows, columns } = chunk;
    if (rows === 0) return;
    if (items !== null) renumber(columns.itemId, 0, rows, items); // null: taken as they are (codesOf)
    this.#itemId.adopt(columns.itemId, true);
    this.#itemIsNumber.adopt(columns.itemIsNumber, true);
    this.#variant.adopt(
      renumberedCodes(
        columns.variant,
        Int32Array.from(chunk.variants, (name) => this.#variants.code(name)),
      ),
      true,
    );
    this.#sample.adopt(columns.sample, true);
    this.#status.adopt(columns.status, true);
    this.#trials.adopt(columns.trials, true);
    this.#passes.adopt(columns.passes, true);
    this.#score.adopt(columns.score, true);
    this.#latencyMs.adopt(columns.latencyMs, true);
    this.#costUsd.adopt(columns.costUsd, true);
    this.#file.adopt(renumberedCodes(new Uint8Array(rows), Int32Array.of(file)), true);
    this.#line.adopt(shiftedCounts(columns.line, linesBefore), true);
    this.#where.adopt(columns.where, true);
    this.#byteLength.adopt(columns.byteLength, true);
    [...this.#kept.values()].forEach((column, index) => {
      const { values, codes } = chunk.kept[index] ?? { values: [undefined], codes: null };
      column.adopt(codes === null ? null : renumberedCodes(codes, column.codesOf(values)), rows);
    });
    this.#length += rows;
  }

  /** The fields kept per row, in order (none when whole records are held). */
  get keptFields(): readonly string[] {
    return this.#fields === 'all' ? [] : this.#fields;
  }

  /** Whether rows read from a file must be parsed whole and held (`fields` `all`). */
  get holdsRecords(): boolean {
    return this.#fields === 'all';
  }

  /**
   * The code of a file by its name in messages; `path` is where to re-read it (the name itself by default), and
   * `decode` how a record's text re-read from it is read (JSON, a JSON Lines file's line, by default).
   */
  fileCode(name: string, path = name, decode?: RecordDecoder): number {
    const code = this.#fileNames.code(name);
    this.#paths[code] ??= path;
    if (decode !== undefined) this.#decoders[code] ??= decode;
    return code;
  }

  /**
   * The code of a columnar file (Arrow IPC, Parquet) whose rows are read again by index with `readRows`: its rows'
   * `line` is their 1-based row number (messages say `row N`) and where each is, its 0-based index.
   */
  rowFileCode(name: string, readRows: RowReader): number {
    const code = this.#fileNames.code(name);
    this.#paths[code] ??= name;
    this.#rowReaders[code] ??= readRows;
    return code;
  }

  /**
   * A row of a columnar file read column by column (columnar-into-columns.ts), its cells already checked as the
   * record schema would: `row.item` is the item's key (String(item)); its 0-based index `rowIndex` is where it is
   * re-read when a report needs it whole.
   */
  addValues(row: ScannedRecord, file: number, line: number, rowIndex: number): void {
    // The last item's code again for the next row of that item (its other variants and samples come together): a
    // key's code never changes, and encoding each key to UTF-8 to intern it was 2.5 s of a 10^6-item Parquet load.
    if (row.item !== this.#lastValuesItem) {
      this.#lastValuesItem = row.item;
      this.#lastValuesItemCode = this.#items.code(row.item);
    }
    this.#push(this.#lastValuesItemCode, row.itemIsNumber, row.variant, row.sample, row.status, file, line);
    this.#trials.push(row.trials);
    this.#passes.push(row.passes);
    this.#score.push(row.score);
    this.#latencyMs.push(row.latencyMs);
    this.#costUsd.push(row.costUsd);
    this.#where.push(rowIndex);
    this.#byteLength.push(0);
    let index = 0;
    for (const column of this.#kept.values()) column.push(row.kept[index++]);
  }

  /**
   * A row from the scanner (scan-record-line.ts): its values, file code, line, and the byte offset and length of
   * its line's text in that file, where its record is re-read when a report needs it whole.
   */
  addScanned(
    row: ScannedRecord,
    bytes: Uint8Array,
    file: number,
    line: number,
    byteOffset: number,
    byteLength: number,
  ): void {
    const item = row.itemIsNumber
      ? this.#items.code(row.item)
      : this.#items.codeOfBytes(bytes, row.itemStart, row.itemEnd);
    this.#push(item, row.itemIsNumber, row.variant, row.sample, row.status, file, line);
    this.#trials.push(row.trials);
    this.#passes.push(row.passes);
    this.#score.push(row.score);
    this.#latencyMs.push(row.latencyMs);
    this.#costUsd.push(row.costUsd);
    this.#where.push(byteOffset);
    this.#byteLength.push(byteLength);
    let index = 0;
    for (const column of this.#kept.values()) column.push(row.kept[index++]);
  }

  /**
   * A validated record: held in memory, unless `source` says where its line is in its file and the load keeps
   * fields only (then only its kept fields stay).
   */
  addRecord(
    record: ResultRecord,
    file: number,
    line: number,
    source?: { readonly byteOffset: number; readonly byteLength: number },
  ): void {
    this.#push(
      this.#items.code(String(record.item)),
      typeof record.item === 'number',
      record.variant,
      record.sample,
      STATUS_NAMES.indexOf(record.status),
      file,
      line,
    );
    this.#trials.push(trialsOf(record));
    this.#passes.push(passesOf(record));
    this.#score.push(record.score ?? Number.NaN);
    this.#latencyMs.push(numberField(record, 'latencyMs', 'latency_ms'));
    this.#costUsd.push(numberField(record, 'costUsd', 'cost_usd'));
    if (source === undefined || this.holdsRecords) {
      this.#where.push(-1 - this.#held.length);
      this.#byteLength.push(0);
      this.#held.push(record);
    } else {
      this.#where.push(source.byteOffset);
      this.#byteLength.push(source.byteLength);
    }
    for (const [field, column] of this.#kept) column.push(fieldValue(record, field));
  }

  #push(
    item: number,
    itemIsNumber: boolean,
    variant: string,
    sample: number,
    status: number,
    file: number,
    line: number,
  ): void {
    this.#length++;
    this.#itemId.push(item);
    this.#itemIsNumber.push(itemIsNumber ? 1 : 0);
    this.#variant.push(this.#variants.code(variant));
    this.#sample.push(sample);
    this.#status.push(status);
    this.#file.push(file);
    this.#line.push(line);
  }

  /** The rows added so far. */
  get length(): number {
    return this.#length;
  }

  /** The columns of every row added (the builder is spent: build once). */
  build(): ResultsColumns {
    const length = this.#length;
    const itemKeys = this.#items.names;
    const variantNames = this.#variants.names;
    // Each already in the narrowest array that holds its values exactly (narrow-column.ts).
    const itemId = this.#itemId.finish(length);
    const variant = this.#variant.finish(length);
    const file = this.#file.finish(length);
    const line = this.#line.finish(length);
    const sample = this.#sample.finish(length);
    const status = this.#status.finish(length);
    const trials = this.#trials.finish(length);
    const passes = this.#passes.finish(length);
    const score = this.#score.finish(length);
    const kept = new Map<string, KeptField>();
    for (const [field, column] of this.#kept) kept.set(field, column.finish(length));
    const records = storedRecords({
      held: this.#held,
      where: this.#where.finish(length),
      byteLength: this.#byteLength.finish(length),
      file,
      paths: this.#paths,
      decoders: this.#decoders,
      rowReaders: this.#rowReaders,
      line,
      isRowOf: (row, record) =>
        String(record.item) === itemKeys[itemId[row] ?? -1] &&
        record.variant === variantNames[variant[row] ?? -1] &&
        record.sample === sample[row] &&
        STATUS_NAMES.indexOf(record.status) === status[row] &&
        trialsOf(record) === trials[row] &&
        passesOf(record) === passes[row] &&
        sameNumber(record.score ?? Number.NaN, score[row] ?? Number.NaN),
      kept,
    });
    return {
      length,
      itemKeys,
      variantNames,
      fileNames: this.#fileNames.names,
      ...(this.#rowReaders.length === 0
        ? {}
        : { rowNumbered: Array.from(this.#fileNames.names, (_, code) => this.#rowReaders[code] !== undefined) }),
      itemId,
      itemIsNumber: this.#itemIsNumber.finish(length),
      variant,
      sample,
      status,
      trials,
      passes,
      score,
      latencyMs: this.#latencyMs.finish(length),
      costUsd: this.#costUsd.finish(length),
      file,
      line,
      records,
    };
  }
}

/** `codes[start, end)` replaced by their entries in `map` (another numbering's codes -> this one's). */
function renumber(codes: Int32Array, start: number, end: number, map: Int32Array): void {
  for (let row = start; row < end; row++) codes[row] = map[codes[row] as number] as number;
}

/** A source of validated records: the records and, for each, its file and line. */
export interface RecordSource {
  readonly records: readonly ResultRecord[];
  readonly files: readonly string[];
  readonly lines: readonly number[];
}

/** Typed columns from records that already passed the schema (validate first, then build), held in memory. */
export function buildResultsColumns({ records, files, lines }: RecordSource): ResultsColumns {
  const builder = new ResultsColumnsBuilder('all');
  records.forEach((record, i) => {
    builder.addRecord(record, builder.fileCode(files[i] ?? ''), lines[i] ?? Number.NaN);
  });
  return builder.build();
}

/** A record's trials as the columns count them: `n` of an aggregated row, 1 for a `pass`, 0 for a score-only row. */
const trialsOf = (record: ResultRecord): number => record.n ?? (record.pass === undefined ? 0 : 1);

/** A record's passes as the columns count them: `c` of an aggregated row, 1 for a passing row, else 0. */
const passesOf = (record: ResultRecord): number => (record.n !== undefined ? (record.c ?? 0) : record.pass ? 1 : 0);

/** Equal numbers, NaN (no score) equal to NaN. */
const sameNumber = (a: number, b: number): boolean => a === b || (Number.isNaN(a) && Number.isNaN(b));

function numberField(record: ResultRecord, camel: string, snake: string): number {
  const value = record[camel] ?? record[snake];
  return typeof value === 'number' && Number.isFinite(value) ? value : Number.NaN;
}
