import { isExactItemNumber } from '../schema/exact-item-number';
import { PROTOTYPE_KEY } from '../schema/prototype-key';
import { RecordStatus, type ResultRecord } from '../schema/result-record';
import {
  equalBytes,
  type KnownText,
  knownText,
  numberAt,
  numberEnd,
  plainStringEnd,
  skipValue,
} from './scan-record-line';

/**
 * A results line re-read for a few of its fields (issue 14: `compare --json` re-reads every flipped row's line,
 * 628,554 at 10^6 items, to show its tags; JSON.parse of each whole line and the record's checks were 11 % of the
 * run's CPU, `#read` under node --cpu-prof, and the load's byte scanner, which reads every field it knows, costs
 * about as much). One pass over the bytes checks the line as JSON.parse would (`skipValue` of the load's scanner for
 * every value), reads the record's identity (item, variant, sample, status, outcome, score: what the columns hold,
 * for the caller to compare) and finds where each chosen field's value is, for the caller to JSON.parse alone.
 *
 * It reads only the plain shape and declines (false) anything else, so the caller reads the line whole with
 * JSON.parse and the schema: a key with an escape or named `__proto__`, an identity field written otherwise than
 * the schema takes it as is (an item with an escape, a non-integer sample, `n` without `c`, a `null` n, an ok row
 * with no outcome, ...). A key written twice reads as its last value, as JSON.parse keeps it.
 * test/formats/record-line-spans.test.ts checks it against `fastParseRecord(JSON.parse(line))` on generated lines.
 */
export class RecordLineSpans {
  /** The fields' keys (identity fields first) by their length in bytes, each with its index. */
  readonly #keysByLength: (readonly { bytes: Buffer; index: number }[] | undefined)[] = [];
  /** Per chosen field (in the constructor's order), where its value starts in the line read; -1 when absent. */
  readonly start: Int32Array;
  /** Per chosen field, where its value ends (exclusive). */
  readonly end: Int32Array;
  /** Per identity field (IDENTITY_FIELDS), the same. */
  readonly #identityStart = new Int32Array(IDENTITY_FIELDS.length);
  readonly #identityEnd = new Int32Array(IDENTITY_FIELDS.length);
  /** Variant names seen, by their bytes: a line's variant is then not decoded. */
  readonly #variants: KnownText[] = [];

  /** @param fields the fields whose values are found (not among IDENTITY_FIELDS) */
  constructor(fields: readonly string[]) {
    if (fields.some((field) => (IDENTITY_FIELDS as readonly string[]).includes(field)))
      throw new RangeError('RecordLineSpans: an identity field is read by `read`, not found');
    for (const [index, key] of [...IDENTITY_FIELDS, ...fields].entries()) {
      const bytes = Buffer.from(key);
      this.#keysByLength[bytes.length] = [...(this.#keysByLength[bytes.length] ?? []), { bytes, index }];
    }
    this.start = new Int32Array(fields.length);
    this.end = new Int32Array(fields.length);
  }

  /**
   * Read `b[start, end)`: the record's identity (its fields as `fastParseRecord` gives them, the others absent) when
   * the line is one valid JSON object of the plain shape, the chosen fields' spans then in `start` and `end`;
   * undefined to leave the line to JSON.parse.
   */
  read(b: Uint8Array, start: number, end: number): ResultRecord | undefined {
    // Loops, not fill(): a builtin call per array per line (the load's scanner measured the same, scan-record-line.ts).
    for (let k = 0; k < IDENTITY_FIELDS.length; k++) this.#identityStart[k] = -1;
    for (let k = 0; k < this.start.length; k++) this.start[k] = -1;
    let i = ws(b, start, end);
    if (b[i] !== 0x7b) return undefined;
    i = ws(b, i + 1, end);
    for (;;) {
      if (b[i] !== 0x22) return undefined;
      const keyStart = i + 1;
      const keyEnd = plainStringEnd(b, keyStart, end);
      if (keyEnd < 0 || equalBytes(PROTOTYPE_BYTES, b, keyStart, keyEnd)) return undefined;
      i = ws(b, keyEnd + 1, end);
      if (b[i] !== 0x3a) return undefined;
      const valueStart = ws(b, i + 1, end);
      i = valueEnd(b, valueStart, end);
      if (i < 0) return undefined;
      const k = this.#keyIndex(b, keyStart, keyEnd);
      if (k >= IDENTITY_FIELDS.length) {
        this.start[k - IDENTITY_FIELDS.length] = valueStart;
        this.end[k - IDENTITY_FIELDS.length] = i;
      } else if (k >= 0) {
        this.#identityStart[k] = valueStart;
        this.#identityEnd[k] = i;
      }
      i = ws(b, i, end);
      if (b[i] === 0x2c) {
        i = ws(b, i + 1, end);
        continue;
      }
      if (b[i] !== 0x7d || ws(b, i + 1, end) !== end) return undefined;
      return this.#identity(b);
    }
  }

  #keyIndex(b: Uint8Array, start: number, stop: number): number {
    const keys = this.#keysByLength[stop - start];
    if (keys === undefined) return -1;
    for (let k = 0; k < keys.length; k++) {
      const { bytes, index } = keys[k] as { bytes: Buffer; index: number };
      if (equalBytes(bytes, b, start, stop)) return index;
    }
    return -1;
  }

  /** The identity fields from their spans, as fastParseRecord reads them; undefined where it would not, or might not. */
  #identity(b: Uint8Array): ResultRecord | undefined {
    const at = this.#identityStart;
    const to = this.#identityEnd;
    const item = at[ITEM] ?? -1;
    const variant = at[VARIANT] ?? -1;
    if (item < 0 || variant < 0) return undefined;
    let itemValue: string | number;
    if (b[item] === 0x22) {
      const stop = to[ITEM] ?? 0;
      if (plainStringEnd(b, item + 1, stop) !== stop - 1) return undefined;
      itemValue = Buffer.prototype.toString.call(b, 'utf8', item + 1, stop - 1);
    } else {
      itemValue = numberOrNaN(b, item, to[ITEM] ?? 0);
      if (!isExactItemNumber(itemValue)) return undefined;
    }
    const variantEnd = to[VARIANT] ?? 0;
    if (
      b[variant] !== 0x22 ||
      variantEnd - variant < 3 ||
      plainStringEnd(b, variant + 1, variantEnd) !== variantEnd - 1
    )
      return undefined;
    const record: ResultRecord = {
      item: itemValue,
      variant: knownText(this.#variants, b, variant + 1, variantEnd - 1),
      sample: 0,
      status: 'ok',
      pass: undefined,
      score: undefined,
      n: undefined,
      c: undefined,
    };
    const sample = at[SAMPLE] ?? -1;
    if (sample >= 0) {
      const value = numberOrNaN(b, sample, to[SAMPLE] ?? 0);
      if (!(Number.isInteger(value) && value >= 0)) return undefined;
      record.sample = value;
    }
    const status = at[STATUS] ?? -1;
    if (status >= 0) {
      let code = STATUS_BYTES.length - 1;
      while (code >= 0 && !equalBytes(STATUS_BYTES[code] as Buffer, b, status, to[STATUS] ?? 0)) code--;
      if (code < 0) return undefined;
      record.status = RecordStatus.options[code] as RecordStatus;
    }
    const pass = at[PASS] ?? -1;
    if (pass >= 0) {
      const stop = to[PASS] ?? 0;
      const value = equalBytes(TRUE, b, pass, stop)
        ? 1
        : equalBytes(FALSE, b, pass, stop)
          ? 0
          : equalBytes(NULL, b, pass, stop)
            ? null
            : numberOrNaN(b, pass, stop);
      if (value !== null && value !== 0 && value !== 1) return undefined;
      if (value !== null) record.pass = value === 1;
    }
    const score = at[SCORE] ?? -1;
    if (score >= 0 && !equalBytes(NULL, b, score, to[SCORE] ?? 0)) {
      const value = numberOrNaN(b, score, to[SCORE] ?? 0);
      if (!Number.isFinite(value)) return undefined;
      record.score = value;
    }
    const n = at[N] ?? -1;
    const c = at[C] ?? -1;
    if (n >= 0 || c >= 0) {
      const total = n < 0 ? Number.NaN : numberOrNaN(b, n, to[N] ?? 0);
      const passes = c < 0 ? Number.NaN : numberOrNaN(b, c, to[C] ?? 0);
      if (!(Number.isInteger(total) && Number.isInteger(passes) && total >= 1 && passes >= 0 && passes <= total))
        return undefined;
      record.n = total;
      record.c = passes;
    }
    if (record.status === 'ok' && record.pass === undefined && record.score === undefined && record.n === undefined)
      return undefined;
    return record;
  }
}

/** The fields of a record's identity, read by {@link RecordLineSpans.read}. */
const IDENTITY_FIELDS = ['item', 'variant', 'sample', 'status', 'pass', 'score', 'n', 'c'] as const;
const [ITEM, VARIANT, SAMPLE, STATUS, PASS, SCORE, N, C] = IDENTITY_FIELDS.map((_, k) => k) as number[] as [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];
const STATUS_BYTES = RecordStatus.options.map((name) => Buffer.from(JSON.stringify(name)));
const PROTOTYPE_BYTES = Buffer.from(PROTOTYPE_KEY);
const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const NULL = Buffer.from('null');

/**
 * Past the JSON value at `i`, checked as JSON.parse would: a number or a literal here (most of a line's values),
 * anything else by the load scanner's `skipValue`.
 */
function valueEnd(b: Uint8Array, i: number, end: number): number {
  const c = b[i] ?? 0;
  if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return numberEnd(b, i, end);
  if (c === 0x74) return equalBytes(TRUE, b, i, Math.min(i + 4, end)) ? i + 4 : -1;
  if (c === 0x66) return equalBytes(FALSE, b, i, Math.min(i + 5, end)) ? i + 5 : -1;
  if (c === 0x6e) return equalBytes(NULL, b, i, Math.min(i + 4, end)) ? i + 4 : -1;
  return skipValue(b, i, end, 0);
}

/** The JSON value `b[start, stop)` (valid JSON, checked by skipValue) as a number, NaN when it is not one. */
function numberOrNaN(b: Uint8Array, start: number, stop: number): number {
  const c = b[start] ?? 0;
  return c === 0x2d || (c >= 0x30 && c <= 0x39) ? numberAt(b, start, stop) : Number.NaN;
}

/** Past JSON white space (space, tab, line feed, carriage return). */
function ws(b: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const c = b[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return i;
    i++;
  }
  return i;
}
