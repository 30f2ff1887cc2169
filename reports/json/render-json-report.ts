import { z } from 'zod';
import { parseVerdictDocument } from '../../src/schema/parse-verdict-document';
import { FlipItem, type Flips, type VerdictDocument } from '../../src/schema/verdict-document';
import { fastFlipText } from './flip-text';

/** Every flip of one comparison, in the document's order, described as it is written (the analysis's listing). */
export interface EveryFlip {
  passToFail(): Iterable<FlipItem>;
  failToPass(): Iterable<FlipItem>;
  /** How many flips each list has: with `describeEach`, the lists are described in the order it chooses. */
  readonly nPassToFail?: number;
  readonly nFailToPass?: number;
  /**
   * The same flips of one list, each handed to `visit` with its place in the list, in the order that describes them
   * fastest (the analysis's: their records' order in the files). Their text is held until the list is written.
   */
  describeEach?(direction: 'passToFail' | 'failToPass', visit: (place: number, flip: FlipItem) => void): void;
}

export interface JsonReportOptions {
  /**
   * Per comparison (`doc.comparisons[i]`), every one of its flips: they replace the document's lists (which may stop
   * at a limit), are validated and written one at a time as they are described, and each `limit` reads null (every
   * flip listed). The top-level `flips` are the first comparison's. @default the document's own lists
   */
  readonly everyFlip?: readonly EveryFlip[];
}

/**
 * The Verdict document as pretty-printed JSON (two-space indent, trailing newline), validated first so a file
 * written here always parses back with `VerdictDocument.parse`. Keys not in the schema are dropped.
 * @throws {ZodError} if `doc` is not a valid Verdict document
 * @example VerdictDocument.parse(JSON.parse(renderJsonReport(doc))) // deep-equals doc
 */
export const renderJsonReport = (doc: VerdictDocument, options: JsonReportOptions = {}): string =>
  [...jsonReportChunks(doc, options)].join('');

/** Text is handed on in pieces of about this many characters. */
const CHUNK_CHARS = 1 << 16;

/**
 * {@link renderJsonReport}'s text in pieces, the same bytes, for a writer that streams them: the flip lists (every
 * flip, 314k at 10^6 items: a 90 MB text) are never held whole, as objects or as text. The rest of the document
 * is validated first with `VerdictDocument` (its flip lists empty), then each flip with `FlipItem` as it comes, so
 * a flip that does not fit the schema stops the writing with the error at its path in the document.
 *
 * Why by hand: JSON.stringify has no streaming form and the streaming JSON packages of npm write compact JSON or an
 * indentation of their own; the pretty-printed text here must stay the one `JSON.stringify(doc, null, 2)` writes.
 * Each flip is that call's text with every line indented to its depth (a JSON text has line breaks only between
 * its tokens: one inside a string is written `\n`).
 * @throws {ZodError} if `doc` (or a flip, when it comes) is not valid
 */
export function* jsonReportChunks(doc: VerdictDocument, options: JsonReportOptions = {}): Generator<string> {
  for (const piece of jsonReportPieces(doc, options)) yield typeof piece === 'string' ? piece : piece.toString('utf8');
}

/**
 * The same text as {@link jsonReportChunks}, as UTF-8 bytes: a listing's flips are held as bytes, so a file is
 * written from them without decoding them to a string and encoding it again (about 0.3 s of the 10^6 report's 2.5 s,
 * `utf8Slice` and `utf8Write` under node --cpu-prof). Each piece is a buffer of its own.
 * @throws {ZodError} as jsonReportChunks
 */
export function* jsonReportBytes(doc: VerdictDocument, options: JsonReportOptions = {}): Generator<Uint8Array> {
  for (const piece of jsonReportPieces(doc, options)) yield typeof piece === 'string' ? Buffer.from(piece) : piece;
}

/** The report's pieces: the document's text between the lists as strings, a listing's flips as UTF-8 bytes. */
function* jsonReportPieces(doc: VerdictDocument, { everyFlip }: JsonReportOptions): Generator<string | Buffer> {
  const comparisons: unknown[] = Array.isArray(doc.comparisons) ? doc.comparisons : [];
  // Where each flips object is (the top level, then each comparison's) and the lists written there.
  const places: { path: (string | number)[]; flips: unknown; lists: EveryFlip | undefined }[] = [
    { path: ['flips'], flips: doc.flips, lists: everyFlip === undefined ? undefined : everyFlip[0] },
    ...comparisons.map((comparison, i) => ({
      path: ['comparisons', i, 'flips'],
      flips: isObject(comparison) ? comparison.flips : undefined,
      lists: everyFlip?.[i],
    })),
  ];
  const head = parseVerdictDocument({
    ...doc,
    flips: withoutItems(doc.flips, everyFlip !== undefined),
    comparisons: Array.isArray(doc.comparisons)
      ? comparisons.map((comparison) =>
          isObject(comparison)
            ? { ...comparison, flips: withoutItems(comparison.flips, everyFlip !== undefined) }
            : comparison,
        )
      : doc.comparisons,
  });
  const parsedFlips: Flips[] = [head.flips, ...head.comparisons.map((comparison) => comparison.flips)];
  // Per list, in the order the text holds them: where it is written from, its path, and its place in `head`.
  const lists: {
    path: (string | number)[];
    text: (indent: string) => Iterable<string | Buffer>;
    place: ListPlace;
    source: unknown;
  }[] = [];
  places.forEach(({ path, flips, lists: every }, k) => {
    for (const direction of ['passToFail', 'failToPass'] as const) {
      const own = isObject(flips) && Array.isArray(flips[direction]) ? (flips[direction] as unknown[]) : [];
      const listPath = [...path, direction];
      const count = direction === 'passToFail' ? every?.nPassToFail : every?.nFailToPass;
      const text =
        every === undefined
          ? (indent: string) => listText(own, listPath, indent)
          : every.describeEach !== undefined && count !== undefined
            ? (indent: string) =>
                placedListText((visit) => every.describeEach?.(direction, visit), count, listPath, indent)
            : (indent: string) => listText(every[direction](), listPath, indent);
      const place = { flips: parsedFlips[k] as Flips, direction };
      lists.push({ path: listPath, text, place, source: every === undefined ? own : [every, direction] });
    }
  });
  const { pieces, indents } = splitAtMarkers(
    head,
    lists.map(({ place }) => place),
  );
  // The top-level flips are the first comparison's: with listings, that comparison's lists are the top-level ones'
  // text indented deeper, not described (their records re-read from the files) a second time. The text of the two
  // top-level lists is held for that, in pieces, until it is copied (45 MB at 10^6 items): a listing is described once.
  const copyOf = lists.map((list, k) => {
    if (everyFlip === undefined || k < 2 || k > 3) return -1;
    const first = lists[k - 2];
    const [source, again] = [first?.source, list.source] as [unknown[], unknown[]];
    const same = source[0] === again[0] && source[1] === again[1];
    return same && (indents[k] ?? '').startsWith(indents[k - 2] ?? '') ? k - 2 : -1;
  });
  // Held as the flat strings `listText` joins (one byte a character for ASCII text: a string built by concatenation
  // would keep its every small part alive, a probe peaked at 1,039 MB), or a listing's buffers of UTF-8.
  const held = new Map<number, (string | Buffer)[]>();
  for (const [k, piece] of pieces.entries()) {
    yield piece;
    const list = lists[k];
    if (list === undefined) break;
    const indent = indents[k] ?? '';
    const copied = held.get(copyOf[k] ?? -1);
    if (copied !== undefined) {
      const deeper = `\n${indent.slice((indents[copyOf[k] ?? -1] ?? '').length)}`;
      for (const part of copied)
        yield typeof part === 'string' ? part.replaceAll('\n', deeper) : indented(part, deeper);
      held.delete(copyOf[k] ?? -1);
      continue;
    }
    const keep: (string | Buffer)[] | null = copyOf.includes(k) ? [] : null;
    if (keep !== null) held.set(k, keep);
    for (const part of list.text(indent)) {
      keep?.push(part);
      yield part;
    }
  }
  yield '\n';
}

/**
 * A flip list's text, `[` to `]`, its items validated as they come, in flat strings of about CHUNK_CHARS characters
 * (joined, not concatenated: a held piece then keeps no parts alive).
 */
function* listText(items: Iterable<unknown>, path: (string | number)[], indent: string): Generator<string> {
  let parts: string[] = [];
  let length = 0;
  let j = 0;
  const separator = `,\n${indent}  `;
  for (const item of items) {
    const part = `${j === 0 ? `[\n${indent}  ` : separator}${flipText(item, path, j, indent)}`;
    parts.push(part);
    length += part.length;
    j++;
    if (length >= CHUNK_CHARS) {
      yield parts.join('');
      parts = [];
      length = 0;
    }
  }
  parts.push(j === 0 ? '[]' : `\n${indent}]`);
  yield parts.join('');
}

/**
 * A list's text like {@link listText}, its flips described in the order `describeEach` visits them: each one's text
 * (after its separator) held as UTF-8 bytes at its place (in blocks of 1 MiB, no string per flip, none copied as more come) until all
 * are, then written in order as buffers of up to CHUNK_CHARS bytes (or one flip). A flip that does not fit the schema stops the
 * writing with the error of the first such place, as in list order.
 */
function* placedListText(
  describeEach: (visit: (place: number, flip: unknown) => void) => void,
  count: number,
  path: (string | number)[],
  indent: string,
): Generator<Buffer> {
  if (count === 0) {
    yield Buffer.from('[]');
    return;
  }
  const open = Buffer.from(`[\n${indent}  `);
  const separator = Buffer.from(`,\n${indent}  `);
  const blockOf = new Int32Array(count);
  const start = new Int32Array(count);
  const length = new Int32Array(count).fill(-1);
  const blocks: Buffer[] = [Buffer.allocUnsafe(BLOCK_BYTES)];
  let used = 0;
  let failure: { place: number; error: unknown } | undefined;
  describeEach((place, flip) => {
    if (failure !== undefined && failure.place < place) return;
    let text: string;
    try {
      text = flipText(flip, path, place, indent);
    } catch (error) {
      failure = { place, error };
      return;
    }
    // Held with the bytes before it (`[` and the indent, or the separator), at most 3 bytes a UTF-16 unit; a text
    // that may not fit starts a block (of its own size when larger).
    const before = place === 0 ? open : separator;
    const most = before.length + 3 * text.length;
    if (used + most > BLOCK_BYTES) {
      blocks.push(Buffer.allocUnsafe(Math.max(BLOCK_BYTES, most)));
      used = 0;
    }
    const block = blocks[blocks.length - 1] as Buffer;
    blockOf[place] = blocks.length - 1;
    start[place] = used;
    copyBytes(before, 0, before.length, block, used);
    const size = before.length + block.write(text, used + before.length);
    length[place] = size;
    used += size;
  });
  if (failure !== undefined) throw failure.error;
  const close = Buffer.from(`\n${indent}]`);
  // A piece is cut before the flip that would not fit: each is a buffer of its own, filled but for less than a flip
  // (the first lists' pieces are held until copied).
  let chunk = Buffer.allocUnsafe(CHUNK_CHARS);
  let filled = 0;
  for (let place = 0; place < count; place++) {
    const size = length[place] ?? -1;
    if (size < 0) throw new Error(`jsonReportChunks: flip ${place} of ${path.join('.')} was not described`);
    if (filled + size > chunk.length) {
      if (filled > 0) yield chunk.subarray(0, filled);
      chunk = Buffer.allocUnsafe(Math.max(CHUNK_CHARS, size));
      filled = 0;
    }
    const from = start[place] ?? 0;
    copyBytes(blocks[blockOf[place] ?? 0] as Buffer, from, from + size, chunk, filled);
    filled += size;
  }
  yield Buffer.concat([chunk.subarray(0, filled), close]);
}

/**
 * `source[from, to)` into `target` at `at`: by a loop for a flip's few hundred bytes, where Buffer.copy makes a view
 * per call (`_copyActual`, 0.6 s of the 10^6 report's JSON phase for its 1.3 million copies, node --cpu-prof).
 */
function copyBytes(source: Buffer, from: number, to: number, target: Buffer, at: number): void {
  if (to - from > 1024) {
    source.copy(target, at, from, to);
    return;
  }
  for (let i = from; i < to; i++) target[at + i - from] = source[i] as number;
}

/** A held list's flips are written in blocks of this many bytes. */
const BLOCK_BYTES = 1 << 20;

/** `bytes` with `deeper` after each line feed instead of the line feed alone (a deeper copy of a list's text). */
function indented(bytes: Buffer, deeper: string): Buffer {
  let breaks = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) breaks++;
  const insert = Buffer.from(deeper);
  const out = Buffer.allocUnsafe(bytes.length + breaks * (insert.length - 1));
  let to = 0;
  // One loop over the bytes: the pieces between line breaks are a few bytes each (Buffer.copy per piece was slower).
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i] as number;
    if (c !== 0x0a) out[to++] = c;
    else for (let k = 0; k < insert.length; k++) out[to++] = insert[k] as number;
  }
  return out;
}

/** A flips object with its lists emptied (validated item by item as they are written), `limit` null for all. */
function withoutItems(flips: unknown, everyListed: boolean): unknown {
  if (!isObject(flips)) return flips;
  const emptied: Record<string, unknown> = { ...flips };
  for (const direction of ['passToFail', 'failToPass']) if (Array.isArray(emptied[direction])) emptied[direction] = [];
  if (everyListed) emptied.limit = null;
  return emptied;
}

/**
 * One flip validated, as JSON.stringify writes it at a depth whose lines are indented by `indent` and two spaces:
 * `fastFlipText`'s check and text (the same bytes), or where it is not sure, zod's parse, whose error names the
 * flip's place in the document (`path`, item `j`).
 */
function flipText(item: unknown, path: (string | number)[], j: number, indent: string): string {
  const fast = fastFlipText(item, `${indent}  `);
  if (fast !== undefined) return fast;
  const parsed = FlipItem.safeParse(item);
  if (!parsed.success)
    throw new z.ZodError(parsed.error.issues.map((issue) => ({ ...issue, path: [...path, j, ...issue.path] })));
  return JSON.stringify(parsed.data, null, 2).replaceAll('\n', `\n${indent}  `);
}

/** Where a flip list sits in the validated document. */
interface ListPlace {
  readonly flips: Flips;
  readonly direction: 'passToFail' | 'failToPass';
}

/**
 * The document's text cut where each flip list goes (`places`, in the order the text holds them), and the
 * indentation of the line each list starts on. Each list is first replaced by a marker string that the text
 * must hold exactly once: one that the data also hold is tried again with another.
 */
function splitAtMarkers(head: VerdictDocument, places: readonly ListPlace[]): { pieces: string[]; indents: string[] } {
  for (let attempt = 0; ; attempt++) {
    const markers = places.map((_, k) => `\u0000verdict-flip-list-${attempt}-${k}`);
    places.forEach(({ flips, direction }, k) => {
      (flips as Record<string, unknown>)[direction] = markers[k];
    });
    const text = JSON.stringify(head, null, 2);
    const quoted = markers.map((marker) => JSON.stringify(marker));
    if (quoted.some((q) => text.split(q).length !== 2)) continue;
    const pieces: string[] = [];
    const indents: string[] = [];
    let from = 0;
    for (const q of quoted) {
      const at = text.indexOf(q, from);
      if (at === -1) throw new Error('jsonReportChunks: the flip lists are not in the order the document is written');
      pieces.push(text.slice(from, at));
      const lineStart = text.lastIndexOf('\n', at) + 1;
      indents.push(/^ */.exec(text.slice(lineStart, at))?.[0] ?? '');
      from = at + q.length;
    }
    pieces.push(text.slice(from));
    return { pieces, indents };
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
