import { isExactItemNumber } from '../schema/exact-item-number';
import { PROTOTYPE_KEY } from '../schema/prototype-key';
import { RecordStatus } from '../schema/result-record';

/**
 * What the analysis reads of one results line, filled in place by {@link RecordLineScanner.scan} (one object
 * reused for every line: no object per row). The values are those of the parsed and validated record
 * (`ResultRecord.parse(JSON.parse(line))`): `sample` 0 and status `ok` when absent, `trials` and `passes` 1 and
 * 0/1 for a `pass`, `n` and `c` for an aggregated row, 0 and 0 for a score-only row.
 */
export interface ScannedRecord {
  /** A string item is the line's bytes [itemStart, itemEnd) (UTF-8, no escapes; not decoded); a number's key here. */
  item: string;
  itemStart: number;
  itemEnd: number;
  itemIsNumber: boolean;
  variant: string;
  sample: number;
  /** The index of the status in `RecordStatus.options`. */
  status: number;
  trials: number;
  passes: number;
  /** NaN where absent, as the columns hold them (latency and cost: `latencyMs` else `latency_ms`, finite). */
  score: number;
  latencyMs: number;
  costUsd: number;
  /** The value of each kept field, as `fieldValue` reads it from the parsed record (undefined when absent). */
  readonly kept: unknown[];
}

/** A fresh, empty {@link ScannedRecord} for `fields` kept fields. */
export const emptyScannedRecord = (fields: number): ScannedRecord => ({
  item: '',
  itemStart: 0,
  itemEnd: 0,
  itemIsNumber: false,
  variant: '',
  sample: 0,
  status: 0,
  trials: 0,
  passes: 0,
  score: Number.NaN,
  latencyMs: Number.NaN,
  costUsd: Number.NaN,
  kept: new Array<unknown>(fields).fill(undefined),
});

/**
 * The record's fields the typed columns are built from, `tags` among them: the keys the scanner knows, by id (any
 * other key's value is checked as JSON and skipped), and the columns a columnar file's load reads
 * (src/analysis/columnar-into-columns.ts).
 */
export const KEYS = [
  'item',
  'variant',
  'sample',
  'status',
  'pass',
  'score',
  'n',
  'c',
  'tags',
  'latencyMs',
  'latency_ms',
  'costUsd',
  'cost_usd',
] as const;
// Their ids: positions in KEYS.
const ITEM = 0;
const VARIANT = 1;
const SAMPLE = 2;
const STATUS = 3;
const PASS = 4;
const SCORE = 5;
const N = 6;
const C = 7;
const TAGS = 8;
const LATENCY = 9;
const LATENCY_SNAKE = 10;
const COST = 11;
const COST_SNAKE = 12;
/** A key refused wherever it is (validateRecord words the problem). */
const REFUSED = -2;
const UNKNOWN = -1;
/** Nesting the skipper follows before it leaves a line to JSON.parse (which has no such limit). */
const MAX_DEPTH = 64;

const STATUS_BYTES = RecordStatus.options.map((name) => Buffer.from(name));
const OK = RecordStatus.options.indexOf('ok');

/** Byte strings matched without decoding: by length, then byte by byte. */
class KeyTable {
  readonly #byLength: { bytes: Buffer; id: number }[][] = [];

  /** False when the key is there already (its first id stays). */
  add(key: string, id: number): boolean {
    const bytes = Buffer.from(key);
    const list = this.#byLength[bytes.length] ?? [];
    this.#byLength[bytes.length] = list;
    if (list.some((entry) => entry.bytes.equals(bytes))) return false;
    list.push({ bytes, id });
    return true;
  }

  find(b: Uint8Array, start: number, end: number): number {
    const list = this.#byLength[end - start];
    if (list === undefined) return UNKNOWN;
    for (let k = 0; k < list.length; k++) {
      const { bytes, id } = list[k] as { bytes: Buffer; id: number };
      let i = 0;
      while (i < bytes.length && bytes[i] === b[start + i]) i++;
      if (i === bytes.length) return id;
    }
    return UNKNOWN;
  }
}

/**
 * The keys of the last line read, by position, so that a line of the same shape as the one before (most are) reads
 * each key by one comparison with the key there before, not a scan for its closing quote and a lookup in the key
 * table. A key is remembered only as the plain bytes (no escape, no control character) a table lookup was made on,
 * so the same bytes and a closing quote after them are the same key with the same id. Keys over 64 bytes and past
 * the 32nd take the lookup every time.
 */
class KeyShape {
  static readonly #KEYS = 32;
  static readonly #BYTES = 64;
  readonly #bytes = new Uint8Array(KeyShape.#KEYS * KeyShape.#BYTES);
  readonly #lengths = new Int32Array(KeyShape.#KEYS).fill(-1);
  readonly #ids = new Int32Array(KeyShape.#KEYS);
  /** The id of the key the last {@link match} found. */
  #hitId = UNKNOWN;

  /** Where the key at `position` ends (its closing quote) if it is the key seen there last, else -1; its id in `id`. */
  match(position: number, b: Uint8Array, start: number, end: number): number {
    if (position >= KeyShape.#KEYS) return -1;
    const length = this.#lengths[position] as number;
    const stop = start + length;
    if (length < 0 || stop >= end || b[stop] !== 0x22) return -1;
    const bytes = this.#bytes;
    const at = position * KeyShape.#BYTES;
    for (let i = 0; i < length; i++) if (bytes[at + i] !== b[start + i]) return -1;
    this.#hitId = this.#ids[position] as number;
    return stop;
  }

  /** The id of the key {@link match} last found. */
  get id(): number {
    return this.#hitId;
  }

  /** Remember the plain key `b[start, stop)`, of id `id`, as the key at `position`. */
  remember(position: number, b: Uint8Array, start: number, stop: number, id: number): void {
    if (position >= KeyShape.#KEYS) return;
    const length = stop - start;
    if (length > KeyShape.#BYTES) {
      this.#lengths[position] = -1;
      return;
    }
    const at = position * KeyShape.#BYTES;
    for (let i = 0; i < length; i++) this.#bytes[at + i] = b[start + i] as number;
    this.#lengths[position] = length;
    this.#ids[position] = id;
  }
}

/**
 * The fast path of verdict's results lines (issue 14): reads the fields the analysis needs straight from the
 * line's bytes, without JSON.parse and without an object per row. It is a recogniser of the common shape, not a
 * second parser: it accepts a line only when it is certain the line is valid JSON and that the record schema
 * (`ResultRecord`, as `fastParseRecord` checks it) accepts it with these values, and refuses anything else
 * (escapes in a key or in a value it reads, duplicate known keys, `__proto__`, a tag that is not a string, a
 * kept field that is not a plain value, nesting over 64 deep, ...). A refused line goes to JSON.parse and the zod
 * schema, so every error keeps its file, line, field and value. test/formats/scan-record-line.test.ts checks it
 * against JSON.parse + the schema on generated lines (fast-check).
 *
 * Why by hand: JSON.parse builds an object per row (2 million rows: 870 MB live and 27 % of the CPU in garbage
 * collection, issue 14's profile), and no JSON library on npm reads chosen fields from bytes without one.
 *
 * Kept fields (`--by`, `--cluster`, `finishedAt`) are read as `fieldValue` would: `tags.K` from the tags, a plain
 * name from the record else from its tags. A kept field of any other shape (deeper paths, a schema field such as
 * `status`, whose value the schema rewrites) turns the scanner off: every line takes the full path.
 */
export class RecordLineScanner {
  readonly #keys = new KeyTable();
  readonly #tagKeys = new KeyTable();
  readonly #shape = new KeyShape();
  readonly #tagShape = new KeyShape();
  /** Per tag key id, the kept fields it feeds (`tags.category` and `category` both read the tag category). */
  readonly #tagTargets: number[][] = [];
  /** Per kept field: where it is read (a top-level key id, a tag key id). */
  readonly #fields: { readonly top: number; readonly tag: number }[];
  /** The scanner reads no line: a kept field it cannot read. */
  readonly #off: boolean;
  /** Known variants as bytes, so a row's variant is matched without decoding it. */
  readonly #variants: KnownText[] = [];
  /** Kept tag values seen, as bytes (#keptText). */
  readonly #keptTexts: KnownText[] = [];
  // Per line state, reset by scan().
  #seen = 0;
  #pass: number | null | undefined = undefined;
  #score: number | null | undefined = undefined;
  #n: number | undefined = undefined;
  #c: number | undefined = undefined;
  #latencySnake = Number.NaN;
  #costSnake = Number.NaN;
  #latency: number | null | undefined = undefined;
  #cost: number | null | undefined = undefined;
  readonly #topValues: unknown[];
  readonly #tagValues: unknown[];
  readonly #topSeen: boolean[];

  constructor(fields: readonly string[]) {
    KEYS.forEach((key, id) => {
      this.#keys.add(key, id);
    });
    this.#keys.add(PROTOTYPE_KEY, REFUSED);
    this.#tagKeys.add(PROTOTYPE_KEY, REFUSED);
    const schemaFields: ReadonlySet<string> = new Set(KEYS.slice(0, TAGS + 1));
    let off = false;
    const tagTarget = (key: string, index: number) => {
      const bytes = Buffer.from(key);
      let id = this.#tagKeys.find(bytes, 0, bytes.length);
      if (id === UNKNOWN) {
        id = this.#tagTargets.length;
        this.#tagKeys.add(key, id);
        this.#tagTargets.push([]);
      }
      this.#tagTargets[id]?.push(index);
    };
    this.#fields = fields.map((field, index) => {
      const parts = field.split('.');
      if (parts.length === 2 && parts[0] === 'tags' && parts[1] !== '' && parts[1] !== PROTOTYPE_KEY) {
        tagTarget(parts[1] as string, index);
        return { top: UNKNOWN, tag: index };
      }
      if (parts.length === 1 && field !== '' && !schemaFields.has(field) && field !== PROTOTYPE_KEY) {
        // A plain name that is also latencyMs or another key the scanner reads, or named twice: rare, full path.
        if (!this.#keys.add(field, KEYS.length + index)) off = true;
        tagTarget(field, index);
        return { top: KEYS.length + index, tag: index };
      }
      off = true;
      return { top: UNKNOWN, tag: UNKNOWN };
    });
    this.#off = off;
    this.#topValues = new Array<unknown>(fields.length).fill(undefined);
    this.#tagValues = new Array<unknown>(fields.length).fill(undefined);
    this.#topSeen = new Array<boolean>(fields.length).fill(false);
  }

  /**
   * Read `b[start, end)` (one line, no newline) into `out`: true when the line is certainly a valid record and
   * `out` holds its values; false when it must take the full path (then `out` is garbage).
   */
  scan(b: Uint8Array, start: number, end: number, out: ScannedRecord): boolean {
    if (this.#off) return false;
    let i = ws(b, start, end);
    if (b[i] !== 0x7b) return false; // a blank line, or not an object: no state to reset
    this.#reset(out);
    i = ws(b, i + 1, end);
    if (b[i] === 0x7d) return false; // {}: not a record
    for (let position = 0; ; position++) {
      if (b[i] !== 0x22) return false;
      const keyStart = i + 1;
      let keyEnd = this.#shape.match(position, b, keyStart, end);
      let id = this.#shape.id;
      if (keyEnd < 0) {
        keyEnd = plainStringEnd(b, keyStart, end);
        if (keyEnd < 0) return false;
        id = this.#keys.find(b, keyStart, keyEnd);
        this.#shape.remember(position, b, keyStart, keyEnd, id);
      }
      i = ws(b, keyEnd + 1, end);
      if (b[i] !== 0x3a) return false;
      i = ws(b, i + 1, end);
      if (id === REFUSED) return false;
      i = id === UNKNOWN ? skipValue(b, i, end, 0) : this.#value(id, b, i, end, out);
      if (i < 0) return false;
      i = ws(b, i, end);
      if (b[i] === 0x2c) {
        i = ws(b, i + 1, end);
        continue;
      }
      if (b[i] !== 0x7d) return false;
      break;
    }
    if (ws(b, i + 1, end) !== end) return false;
    return this.#finish(out);
  }

  #reset(out: ScannedRecord): void {
    this.#seen = 0;
    this.#pass = undefined;
    this.#score = undefined;
    this.#n = undefined;
    this.#c = undefined;
    this.#latency = undefined;
    this.#cost = undefined;
    this.#latencySnake = Number.NaN;
    this.#costSnake = Number.NaN;
    // Loops, not fill(): Array.prototype.fill on these few-element arrays was 46 % of the CPU of a load of blank
    // lines (a V8 builtin call per array per line, measured with --cpu-prof), and a share of every line's cost.
    for (let k = 0; k < this.#topSeen.length; k++) {
      this.#topValues[k] = undefined;
      this.#tagValues[k] = undefined;
      this.#topSeen[k] = false;
    }
    out.sample = 0;
    out.status = OK;
  }

  /** Read the value of known key `id` at `i`: where it ends, or -1 to refuse the line. */
  #value(id: number, b: Uint8Array, i: number, end: number, out: ScannedRecord): number {
    if (id < KEYS.length) {
      if ((this.#seen & (1 << id)) !== 0) return -1; // a duplicate key: JSON.parse keeps the last, refuse
      this.#seen |= 1 << id;
    }
    switch (id) {
      case ITEM: {
        if (b[i] === 0x22) {
          const stop = plainStringEnd(b, i + 1, end);
          if (stop < 0) return -1;
          out.itemStart = i + 1;
          out.itemEnd = stop;
          out.itemIsNumber = false;
          return stop + 1;
        }
        const stop = numberEnd(b, i, end);
        if (stop < 0) return -1;
        const value = numberAt(b, i, stop);
        if (!isExactItemNumber(value)) return -1; // the full parser words the refusal
        out.item = String(value);
        out.itemIsNumber = true;
        return stop;
      }
      case VARIANT: {
        if (b[i] !== 0x22) return -1;
        const stop = plainStringEnd(b, i + 1, end);
        if (stop <= i + 1) return -1; // not a string, or ""
        out.variant = this.#variantName(b, i + 1, stop);
        return out.variant === PROTOTYPE_KEY ? -1 : stop + 1;
      }
      case SAMPLE: {
        const stop = numberEnd(b, i, end);
        if (stop < 0) return -1;
        const value = numberAt(b, i, stop);
        if (!(Number.isInteger(value) && value >= 0)) return -1;
        out.sample = value;
        return stop;
      }
      case STATUS: {
        if (b[i] !== 0x22) return -1;
        const stop = plainStringEnd(b, i + 1, end);
        if (stop < 0) return -1;
        const code = statusCode(b, i + 1, stop);
        if (code < 0) return -1;
        out.status = code;
        return stop + 1;
      }
      case PASS: {
        if (literalAt(b, i, end, TRUE)) {
          this.#pass = 1;
          return i + 4;
        }
        if (literalAt(b, i, end, FALSE)) {
          this.#pass = 0;
          return i + 5;
        }
        if (literalAt(b, i, end, NULL)) {
          this.#pass = null;
          return i + 4;
        }
        const stop = numberEnd(b, i, end);
        if (stop < 0) return -1;
        const value = numberAt(b, i, stop);
        if (value !== 0 && value !== 1) return -1;
        this.#pass = value === 1 ? 1 : 0;
        return stop;
      }
      case SCORE:
      case LATENCY:
      case COST:
      case LATENCY_SNAKE:
      case COST_SNAKE: {
        let value: number | null;
        let stop: number;
        if (literalAt(b, i, end, NULL)) {
          value = null;
          stop = i + 4;
        } else {
          stop = numberEnd(b, i, end);
          if (stop < 0) return -1;
          value = numberAt(b, i, stop);
        }
        if (id === SCORE) {
          if (value !== null && !Number.isFinite(value)) return -1;
          this.#score = value;
        } else if (id === LATENCY) this.#latency = value;
        else if (id === COST) this.#cost = value;
        else if (value !== null && id === LATENCY_SNAKE) this.#latencySnake = value;
        else if (value !== null && id === COST_SNAKE) this.#costSnake = value;
        else if (value === null) return -1; // a null snake_case field: `??` would read it as null, leave it to the full path
        return stop;
      }
      case N:
      case C: {
        const stop = numberEnd(b, i, end);
        if (stop < 0) return -1;
        const value = numberAt(b, i, stop);
        if (!(Number.isInteger(value) && value >= 0)) return -1;
        if (id === N) this.#n = value;
        else this.#c = value;
        return stop;
      }
      case TAGS:
        return this.#tags(b, i, end);
      default: {
        const field = id - KEYS.length;
        if (this.#topSeen[field]) return -1;
        this.#topSeen[field] = true;
        return this.#plainValue(b, i, end, this.#topValues, field);
      }
    }
  }

  /** The tags object at `i`: every value a string without escapes; kept tags recorded. */
  #tags(b: Uint8Array, at: number, end: number): number {
    if (b[at] !== 0x7b) return -1;
    let i = ws(b, at + 1, end);
    if (b[i] === 0x7d) return i + 1;
    for (let position = 0; ; position++) {
      if (b[i] !== 0x22) return -1;
      const keyStart = i + 1;
      let keyEnd = this.#tagShape.match(position, b, keyStart, end);
      let id = this.#tagShape.id;
      if (keyEnd < 0) {
        keyEnd = plainStringEnd(b, keyStart, end);
        if (keyEnd < 0) return -1;
        id = this.#tagKeys.find(b, keyStart, keyEnd);
        this.#tagShape.remember(position, b, keyStart, keyEnd, id);
      }
      i = ws(b, keyEnd + 1, end);
      if (b[i] !== 0x3a) return -1;
      i = ws(b, i + 1, end);
      if (id === REFUSED || b[i] !== 0x22) return -1;
      const stop = plainStringEnd(b, i + 1, end);
      if (stop < 0) return -1;
      if (id !== UNKNOWN) {
        const targets = this.#tagTargets[id] ?? [];
        if (this.#tagValues[targets[0] ?? 0] !== undefined) return -1; // a duplicate kept tag
        const value = this.#keptText(b, i + 1, stop);
        for (const index of targets) this.#tagValues[index] = value;
      }
      i = ws(b, stop + 1, end);
      if (b[i] === 0x2c) {
        i = ws(b, i + 1, end);
        continue;
      }
      return b[i] === 0x7d ? i + 1 : -1;
    }
  }

  /** A plain value (string without escapes, number, true, false, null) into `values[index]`. */
  #plainValue(b: Uint8Array, i: number, end: number, values: unknown[], index: number): number {
    if (b[i] === 0x22) {
      const stop = plainStringEnd(b, i + 1, end);
      if (stop < 0) return -1;
      values[index] = Buffer.prototype.toString.call(b, 'utf8', i + 1, stop);
      return stop + 1;
    }
    for (const [literal, value] of LITERALS) {
      if (literalAt(b, i, end, literal)) {
        values[index] = value;
        return i + literal.length;
      }
    }
    const stop = numberEnd(b, i, end);
    if (stop < 0) return -1;
    values[index] = numberAt(b, i, stop);
    return stop;
  }

  #variantName(b: Uint8Array, start: number, stop: number): string {
    return knownText(this.#variants, b, start, stop);
  }

  /**
   * A kept tag's value: the same string for the same bytes among the first 64 values seen (a `--by` field has few
   * values), so a row decodes no text and the builder's interner meets a string it has hashed before (a decode per
   * row was 1.8 % of a load's CPU at 10^6 items, `utf8Slice`, node --cpu-prof).
   */
  #keptText(b: Uint8Array, start: number, stop: number): string {
    return knownText(this.#keptTexts, b, start, stop);
  }

  /** The checks of `fastParseRecord` after the fields are read; the columns' values of the outcome. */
  #finish(out: ScannedRecord): boolean {
    // No closure per line (an arrow here and a forEach below were 7 % of a load's CPU under tsx, --cpu-prof).
    const seen = this.#seen;
    if ((seen & (1 << ITEM)) === 0 || (seen & (1 << VARIANT)) === 0) return false;
    const n = this.#n;
    const c = this.#c;
    if ((seen & ((1 << N) | (1 << C))) !== 0) {
      if (n === undefined || c === undefined || n < 1 || c > n) return false;
      out.trials = n;
      out.passes = c;
    } else if (this.#pass !== undefined && this.#pass !== null) {
      out.trials = 1;
      out.passes = this.#pass;
    } else {
      out.trials = 0;
      out.passes = 0;
    }
    const hasScore = this.#score !== undefined && this.#score !== null;
    out.score = hasScore ? (this.#score as number) : Number.NaN;
    if (out.status === OK && out.trials === 0 && !hasScore && (seen & (1 << N)) === 0) return false;
    out.latencyMs = finiteOr(this.#latency ?? this.#latencySnake);
    out.costUsd = finiteOr(this.#cost ?? this.#costSnake);
    const fields = this.#fields;
    for (let index = 0; index < fields.length; index++) {
      const { top, tag } = fields[index] as { readonly top: number; readonly tag: number };
      out.kept[index] = top !== UNKNOWN && this.#topSeen[index] ? this.#topValues[index] : this.#tagValues[tag];
    }
    return true;
  }
}

/** A string and its UTF-8 bytes, so the same bytes give the same string without decoding them. */
export interface KnownText {
  readonly bytes: Buffer;
  readonly name: string;
}

/** The text of `b[start, stop)`: a known one's string when its bytes match, else decoded (and kept, up to 64). */
export function knownText(known: KnownText[], b: Uint8Array, start: number, stop: number): string {
  for (let k = 0; k < known.length; k++) {
    const entry = known[k] as KnownText;
    if (equalBytes(entry.bytes, b, start, stop)) return entry.name;
  }
  const name = Buffer.prototype.toString.call(b, 'utf8', start, stop);
  if (known.length < 64) known.push({ bytes: Buffer.from(b.subarray(start, stop)), name });
  return name;
}

/** The index of the status spelled by `b[start, stop)` in `RecordStatus.options`, or -1. */
function statusCode(b: Uint8Array, start: number, stop: number): number {
  for (let code = 0; code < STATUS_BYTES.length; code++)
    if (equalBytes(STATUS_BYTES[code] as Buffer, b, start, stop)) return code;
  return -1;
}

const finiteOr = (value: number): number => (Number.isFinite(value) ? value : Number.NaN);

const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const NULL = Buffer.from('null');
const LITERALS: readonly (readonly [Buffer, unknown])[] = [
  [TRUE, true],
  [FALSE, false],
  [NULL, null],
];

/** Past JSON whitespace (space, tab, newline, carriage return) from `i`. */
function ws(b: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const c = b[i] as number;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return i;
    i++;
  }
  return i;
}

export function equalBytes(bytes: Uint8Array, b: Uint8Array, start: number, stop: number): boolean {
  if (stop - start !== bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== b[start + i]) return false;
  return true;
}

function literalAt(b: Uint8Array, i: number, end: number, literal: Uint8Array): boolean {
  if (i + literal.length > end) return false;
  for (let k = 0; k < literal.length; k++) if (b[i + k] !== literal[k]) return false;
  return true;
}

/** The closing quote of a string that starts at `i` (after its quote) and has no escapes; -1 otherwise. */
export function plainStringEnd(b: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const c = b[i] as number;
    if (c === 0x22) return i;
    if (c === 0x5c || c < 0x20) return -1;
    i++;
  }
  return -1;
}

/** The end of a JSON number at `i` (RFC 8259 grammar), or -1. */
export function numberEnd(b: Uint8Array, i: number, end: number): number {
  if (b[i] === 0x2d) i++;
  if (b[i] === 0x30) i++;
  else if (isDigit(b[i]) && i < end) while (i < end && isDigit(b[i])) i++;
  else return -1;
  if (b[i] === 0x2e) {
    i++;
    if (!(i < end && isDigit(b[i]))) return -1;
    while (i < end && isDigit(b[i])) i++;
  }
  if (b[i] === 0x65 || b[i] === 0x45) {
    i++;
    if (b[i] === 0x2b || b[i] === 0x2d) i++;
    if (!(i < end && isDigit(b[i]))) return -1;
    while (i < end && isDigit(b[i])) i++;
  }
  return i > end ? -1 : i;
}

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;

/**
 * The value of the JSON number `b[start, stop)`. Up to 15 digits and no exponent: the digits as an integer m (exact,
 * under 2^53) divided by 10^k for k digits after the point (exact up to 10^22), one correctly rounded IEEE division,
 * so exactly the nearest double, as JSON.parse gives (Clinger 1990, "How to read floating point numbers
 * accurately", the fast path). Any other through Number(), which reads a JSON number as JSON.parse does.
 */
export function numberAt(b: Uint8Array, start: number, stop: number): number {
  const negative = b[start] === 0x2d;
  let value = 0;
  let digits = 0;
  let decimals = -1;
  for (let i = negative ? start + 1 : start; i < stop; i++) {
    const c = b[i] as number;
    if (c === 0x2e) decimals = 0;
    else if (c >= 0x30 && c <= 0x39) {
      value = value * 10 + (c - 0x30);
      digits++;
      if (decimals >= 0) decimals++;
    } else return Number(Buffer.prototype.toString.call(b, 'latin1', start, stop)); // an exponent
  }
  if (digits > 15) return Number(Buffer.prototype.toString.call(b, 'latin1', start, stop));
  if (decimals > 0) value /= POWERS_OF_TEN[decimals] as number;
  return negative ? -value : value;
}

/** 10^0 to 10^15, each exact in a double. */
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, k) => 10 ** k);

/** Past one JSON value at `i`, checked as JSON.parse would; -1 for anything invalid or nested over MAX_DEPTH. */
export function skipValue(b: Uint8Array, i: number, end: number, depth: number): number {
  const c = b[i];
  if (c === 0x22) return stringEnd(b, i + 1, end);
  if (c === 0x7b || c === 0x5b) {
    if (depth >= MAX_DEPTH) return -1;
    const close = c === 0x7b ? 0x7d : 0x5d;
    i = ws(b, i + 1, end);
    if (b[i] === close) return i + 1;
    for (;;) {
      if (c === 0x7b) {
        if (b[i] !== 0x22) return -1;
        i = stringEnd(b, i + 1, end);
        if (i < 0) return -1;
        i = ws(b, i, end);
        if (b[i] !== 0x3a) return -1;
        i = ws(b, i + 1, end);
      }
      i = skipValue(b, i, end, depth + 1);
      if (i < 0) return -1;
      i = ws(b, i, end);
      if (b[i] === 0x2c) {
        i = ws(b, i + 1, end);
        continue;
      }
      return b[i] === close ? i + 1 : -1;
    }
  }
  for (const [literal] of LITERALS) if (literalAt(b, i, end, literal)) return i + literal.length;
  return numberEnd(b, i, end);
}

/** Past the closing quote of a JSON string whose content starts at `i` (escapes checked); -1 if invalid. */
function stringEnd(b: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const c = b[i] as number;
    if (c === 0x22) return i + 1;
    if (c < 0x20) return -1;
    if (c === 0x5c) {
      const e = b[i + 1];
      if (e === 0x75) {
        for (let k = 2; k < 6; k++) if (!isHex(b[i + k])) return -1;
        i += 6;
        continue;
      }
      // " \ / b f n r t
      if (e !== 0x22 && e !== 0x5c && e !== 0x2f && e !== 0x62 && e !== 0x66 && e !== 0x6e && e !== 0x72 && e !== 0x74)
        return -1;
      i += 2;
      continue;
    }
    i++;
  }
  return -1;
}

const isHex = (c: number | undefined): boolean =>
  c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));
