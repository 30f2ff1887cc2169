/**
 * A column of non-negative integers (samples, trials and passes, line numbers, byte offsets and lengths) as narrow
 * as its values allow: 1, 2 or 4 bytes a row where every value fits exactly, else the 8-byte doubles it was read
 * into (a fraction, a NaN, a -0, a negative value or one of 2^32 and more stays as it is).
 */
export type CountColumn = Uint8Array | Uint16Array | Uint32Array | Float64Array;

/** A column of codes into a list of names (variants, files, a kept field's values), as narrow as the list allows. */
export type CodeColumn = Uint8Array | Uint16Array | Int32Array;

/** A column of measures (score, latency, cost: NaN where absent) as narrow as its values allow, each value exact. */
export type MeasureColumn = Uint8Array | Uint16Array | Float32Array | Float64Array;

type NumberArray = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

// The kinds of typed array a column may take, by id.
const U8 = 0;
const U16 = 1;
const U32 = 2;
const I32 = 3;
const F32 = 4;
const F64 = 5;
const ARRAYS: readonly (new (length: number) => NumberArray)[] = [
  Uint8Array,
  Uint16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
];
/** The typed array of kind `kind`. */
const arrayOf = (kind: number): (new (length: number) => NumberArray) => ARRAYS[kind] ?? Float64Array;

/**
 * Whether kind `kind` holds `value` exactly. A -0 only in the floats (the integer arrays would read it back as 0);
 * NaN only in the floats (any NaN: JavaScript cannot tell their payloads apart).
 */
function holds(kind: number, value: number): boolean {
  switch (kind) {
    case U8:
      return (value & 0xff) === value && (value !== 0 || 1 / value > 0);
    case U16:
      return (value & 0xffff) === value && (value !== 0 || 1 / value > 0);
    case U32:
      return value >>> 0 === value && (value !== 0 || 1 / value > 0);
    case I32:
      return (value | 0) === value && (value !== 0 || 1 / value > 0);
    case F32:
      return Math.fround(value) === value || Number.isNaN(value);
    default:
      return true;
  }
}

/**
 * The kinds a column widens through, each holding every value of those before it: counts (sample, trials, passes,
 * line numbers, byte offsets and lengths), codes (variants, files, kept values) and measures (a latency of whole
 * milliseconds fits 2 bytes, a score of 0 and 1 one, NaN and any float32-exact value 4; 2^24 is the largest run of
 * integers a float32 holds, so a uint32 is no step towards it).
 */
export const COUNT_KINDS: readonly number[] = [U8, U16, U32, F64];
export const CODE_KINDS: readonly number[] = [U8, U16, I32];
export const MEASURE_KINDS: readonly number[] = [U8, U16, F32, F64];
export const INT32_KINDS: readonly number[] = [I32];
export const UINT8_KINDS: readonly number[] = [U8];

/**
 * `array[at] = value` for an array of kind `kind`: one store per kind, so that each store sees one kind of array.
 * One store for all six was megamorphic: 30 % of a load's CPU at 10^6 items (node --cpu-prof of the bundled load).
 */
function store(array: NumberArray, kind: number, at: number, value: number): void {
  switch (kind) {
    case U8:
      (array as Uint8Array)[at] = value;
      return;
    case U16:
      (array as Uint16Array)[at] = value;
      return;
    case U32:
      (array as Uint32Array)[at] = value;
      return;
    case I32:
      (array as Int32Array)[at] = value;
      return;
    case F32:
      (array as Float32Array)[at] = value;
      return;
    default:
      (array as Float64Array)[at] = value;
  }
}

/** Rows per chunk of a growing column past its reserved room. */
const CHUNK_ROWS = 1 << 16;

/** The first of `kinds` from `level` on that holds every value of `values`. */
function levelOf(kinds: readonly number[], values: ArrayLike<number>, level = 0): number {
  const last = kinds.length - 1;
  for (let i = 0; i < values.length && level < last; i++) {
    const value = values[i] as number;
    while (level < last && !holds(kinds[level] as number, value)) level++;
  }
  return level;
}

/**
 * A typed column that grows as rows are pushed, written from the first row in the narrowest kind of array that
 * holds every value so far (`kinds`, narrowest first), widened (the rows so far copied) only when a value does not
 * fit: into the room reserved for the rows expected (`reserve`), then a chunk at a time; filled arrays can be
 * appended whole (`adopt`, a load worker's columns), narrowed at the end. Why at the first row and not at the end: doubles
 * read, then narrowed, held the wide arrays and their copies at once, 253 MB of array buffers at the end of a load of
 * 2 million rows for 90 MB of columns (BENCHMARKS.md, issue-14-scan2). Why not a doubling array or chunks copied at
 * the end: the arrays left behind are freed only when the GC gets to them. A column of one filled array of its kind
 * is returned as it is (a view of it, no copy); else one copy at the end.
 */
export class NarrowingColumn<T extends NumberArray> {
  readonly #kinds: readonly number[];
  /** Filled arrays, in row order, each with the level (index in `kinds`) that holds its values. */
  #done: { values: NumberArray; level: number }[] = [];
  #level = 0;
  #kind: number;
  /** The array being filled (of kind `#kind`), `#used` rows of it. */
  #open: NumberArray;
  /** `#open.length`, kept apart: a length read across six kinds of array is a megamorphic load. */
  #room = 0;
  #used = 0;
  /** Rows pushed into arrays now closed: the next chunk takes as many. */
  #rows = 0;

  constructor(kinds: readonly number[]) {
    this.#kinds = kinds;
    this.#kind = kinds[0] as number;
    this.#open = new (arrayOf(this.#kind))(0);
  }

  #openIn(array: NumberArray): void {
    this.#open = array;
    this.#room = array.length;
  }

  /** Room for `rows` rows, taken before any row is pushed (ignored after). */
  reserve(rows: number): void {
    if (this.#done.length > 0 || this.#used > 0) return;
    this.#openIn(new (arrayOf(this.#kind))(rows));
  }

  push(value: number): void {
    if (this.#used === this.#room) this.#more();
    // The common cases written out (a byte, a double, a code): `holds` and `store` were not inlined here, and a
    // push is made 14 times a row.
    const kind = this.#kind;
    if (kind === U8 && (value & 0xff) === value && (value !== 0 || 1 / value > 0))
      (this.#open as Uint8Array)[this.#used++] = value;
    else if (kind === F64) (this.#open as Float64Array)[this.#used++] = value;
    else if (kind === I32 && (value | 0) === value && (value !== 0 || 1 / value > 0))
      (this.#open as Int32Array)[this.#used++] = value;
    else {
      if (!holds(kind, value)) this.#widen(value);
      store(this.#open, this.#kind, this.#used++, value);
    }
  }

  /** A new chunk: as many rows as so far, from 256 up to `CHUNK_ROWS`. */
  #more(): void {
    this.#rows += this.#used;
    this.#close();
    // A few rows (a notebook's records, a calibration's simulated runs) allocate a few hundred bytes, not 14
    // columns of 64 Ki rows (1.3 ms a load of 200 rows).
    this.#openIn(new (arrayOf(this.#kind))(Math.min(CHUNK_ROWS, Math.max(256, this.#rows))));
  }

  #widen(value: number): void {
    let level = this.#level;
    while (!holds(this.#kinds[level] as number, value)) level++;
    this.#widenTo(level);
  }

  /** The open array as one of kind `kinds[level]` (the same room), its rows copied. */
  #widenTo(level: number): void {
    this.#level = level;
    this.#kind = this.#kinds[level] as number;
    const wider = new (arrayOf(this.#kind))(this.#open.length);
    wider.set(this.#open.subarray(0, this.#used));
    this.#openIn(wider);
  }

  /**
   * Rows already filled, after those pushed so far (kept as they are: not copied until `finish`, if ever), read for
   * the narrowest kind that holds them; or, `narrowest`, known to be in it already (a load worker's finished column,
   * narrowed as it was written: reading every adopted column was 0.33 s of the loading thread's 1.6 s at 10^6 items,
   * --cpu-prof of the bundled load), when the array is one of this column's kinds. Such an array that comes first
   * with room behind it in its buffer (a file's first range, read into room for the whole file) becomes the array
   * this column fills, and rows adopted after it are copied into that room while they fit: the columns of a file
   * read by two workers are then one array each, as one thread's are, not joined by a copy of every row at the end.
   */
  adopt(values: NumberArray, narrowest = false): void {
    if (values.length === 0) return;
    const kind = narrowest ? this.#kinds.findIndex((kind) => values instanceof arrayOf(kind)) : -1;
    const level = kind >= 0 ? kind : levelOf(this.#kinds, values);
    if (this.#used > 0 && this.#room - this.#used >= values.length) {
      if (level > this.#level) this.#widenTo(level);
      this.#open.set(values, this.#used);
      this.#used += values.length;
      return;
    }
    this.#close();
    const room = (values.buffer.byteLength - values.byteOffset) / values.BYTES_PER_ELEMENT;
    if (kind >= 0 && this.#done.length === 0 && room > values.length) {
      this.#level = level;
      this.#kind = this.#kinds[level] as number;
      const make = arrayOf(this.#kind) as unknown as new (
        buffer: ArrayBufferLike,
        at: number,
        length: number,
      ) => NumberArray;
      this.#openIn(new make(values.buffer, values.byteOffset, room));
      this.#used = values.length;
      return;
    }
    this.#done.push({ values, level });
  }

  #close(): void {
    if (this.#used > 0) this.#done.push({ values: this.#open.subarray(0, this.#used), level: this.#level });
    this.#openIn(new (arrayOf(this.#kind))(0));
    this.#used = 0;
  }

  /** The values in one array of exactly `length` (the rows pushed), of the narrowest kind that holds them all. */
  finish(length: number): T {
    this.#close();
    const done = this.#done;
    this.#done = [];
    const level = done.reduce((widest, part) => Math.max(widest, part.level), 0);
    const make = arrayOf(this.#kinds[level] as number);
    const only = done[0];
    if (done.length === 1 && only?.values.length === length && only.values instanceof make) return only.values as T;
    const out = new make(length);
    let at = 0;
    for (const { values } of done) {
      out.set(values, at);
      at += values.length;
    }
    return out as T;
  }
}

/** The narrowest of `kinds` (as a typed array) that holds every whole number in [0, `largest`]. */
function arrayHolding(kinds: readonly number[], largest: number): new (length: number) => NumberArray {
  return arrayOf(kinds[levelOf(kinds, [largest])] as number);
}

/**
 * A load worker's codes (`codes`: variants, a kept field's values) in this thread's numbering: code `c` becomes
 * `map[c]`. In place when the array's kind holds the largest new code (nearly always: a file names a few
 * variants), else into the narrowest code array that does.
 */
export function renumberedCodes<T extends CodeColumn | Int32Array>(codes: T, map: Int32Array): CodeColumn {
  const largest = map.reduce((most, code) => Math.max(most, code), 0);
  const out = holdsWhole(codes, largest) ? codes : new (arrayHolding(CODE_KINDS, largest))(codes.length);
  for (let row = 0; row < codes.length; row++) out[row] = map[codes[row] as number] as number;
  return out as CodeColumn;
}

/**
 * A load worker's line numbers (counted from its range's first line) as the file's: each plus `linesBefore`, the
 * lines of the ranges before it. In place when the array's kind holds the largest (its last row's), else into the
 * narrowest count array that does.
 */
export function shiftedCounts(counts: CountColumn, linesBefore: number): CountColumn {
  if (linesBefore === 0 || counts.length === 0) return counts;
  let largest = 0;
  for (let row = 0; row < counts.length; row++) largest = Math.max(largest, counts[row] as number);
  const out = holdsWhole(counts, largest + linesBefore)
    ? counts
    : new (arrayHolding(COUNT_KINDS, largest + linesBefore))(counts.length);
  for (let row = 0; row < counts.length; row++) out[row] = (counts[row] as number) + linesBefore;
  return out as CountColumn;
}

/** Whether `values`' kind of array holds the whole number `largest` (and so every one from 0 to it). */
const holdsWhole = (values: NumberArray, largest: number): boolean =>
  holds(
    ARRAYS.findIndex((make) => values instanceof make),
    largest,
  );
