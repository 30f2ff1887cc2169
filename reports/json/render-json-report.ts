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
  /**
   * `jsonReportBytes` only: a listing's pieces are written into one buffer, overwritten when the next piece is asked
   * for, for a writer that is done with each piece before it asks for the next (`fs.promises.writeFile`, which
   * awaits each write). Issue 14: a new 64 KiB buffer per piece was 90 MB of garbage at 10^6 items, alive until a
   * collection, in the CLI's peak RSS. @default false (each piece a buffer of its own)
   */
  readonly reusePieces?: boolean;
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
function* jsonReportPieces(
  doc: VerdictDocument,
  { everyFlip, reusePieces = false }: JsonReportOptions,
): Generator<string | Buffer> {
  const scratch = reusePieces ? { chunk: Buffer.allocUnsafe(CHUNK_CHARS) } : null;
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
  // Per list, in the order the text holds them: where it is written from, its path, and its place in `head`. A
  // listing described in its own order (`describeEach`) is held as bytes (`held`), the others are text.
  const lists: {
    path: (string | number)[];
    text: (indent: string) => Iterable<string>;
    held: (() => HeldList) | null;
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
          : (indent: string) => listText(every[direction](), listPath, indent);
      const held =
        every?.describeEach !== undefined && count !== undefined
          ? () => heldList((visit) => every.describeEach?.(direction, visit), count, listPath)
          : null;
      const place = { flips: parsedFlips[k] as Flips, direction };
      lists.push({ path: listPath, text, held, place, source: every === undefined ? own : [every, direction] });
    }
  });
  const { pieces, indents } = splitAtMarkers(
    head,
    lists.map(({ place }) => place),
  );
  // The top-level flips are the first comparison's: with listings, that comparison's lists are the top-level ones'
  // text indented deeper, not described (their records re-read from the files) a second time. The two top-level
  // lists are held for that until they are copied (a listing is described once): as the bytes they were described
  // in, without the indentation of their depth (23 MB for both at 10^6 items, 36 MB with it), each written twice
  // from them, indented as it is copied, not copied into a second held text.
  const copyOf = lists.map((list, k) => {
    if (everyFlip === undefined || k < 2 || k > 3) return -1;
    const first = lists[k - 2];
    const [source, again] = [first?.source, list.source] as [unknown[], unknown[]];
    const same = source[0] === again[0] && source[1] === again[1];
    return same && (indents[k] ?? '').startsWith(indents[k - 2] ?? '') ? k - 2 : -1;
  });
  // Held as the flat strings `listText` joins (one byte a character for ASCII text: a string built by concatenation
  // would keep its every small part alive, a probe peaked at 1,039 MB), or a listing's bytes.
  const held = new Map<number, string[] | HeldList>();
  for (const [k, piece] of pieces.entries()) {
    yield piece;
    const list = lists[k];
    if (list === undefined) break;
    const indent = indents[k] ?? '';
    const copied = held.get(copyOf[k] ?? -1);
    if (copied !== undefined) {
      const deeper = `\n${indent.slice((indents[copyOf[k] ?? -1] ?? '').length)}`;
      if (Array.isArray(copied)) for (const part of copied) yield part.replaceAll('\n', deeper);
      else yield* heldListBytes(copied, indent, scratch);
      held.delete(copyOf[k] ?? -1);
      continue;
    }
    const keep = copyOf.includes(k);
    if (list.held !== null) {
      const described = list.held();
      if (keep) held.set(k, described);
      yield* heldListBytes(described, indent, scratch);
      continue;
    }
    const parts: string[] | null = keep ? [] : null;
    if (parts !== null) held.set(k, parts);
    for (const part of list.text(indent)) {
      parts?.push(part);
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
    const part = `${j === 0 ? `[\n${indent}  ` : separator}${flipText(item, path, j, `${indent}  `)}`;
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
 * A list's flips like {@link listText}'s, described in the order `describeEach` visits them: each one's text (after
 * its separator) held as UTF-8 bytes at its place, in blocks of 1 MiB (no string per flip, none copied as more come),
 * without the indentation of the list's depth (each line of a flip starts as at depth 0), until
 * {@link heldListBytes} writes them in list order at a depth. A flip that does not fit the schema stops the writing
 * with the error of the first such place, as in list order.
 */
function heldList(
  describeEach: (visit: (place: number, flip: unknown) => void) => void,
  count: number,
  path: (string | number)[],
): HeldList {
  const blockOf = new Int32Array(count);
  const start = new Int32Array(count);
  const length = new Int32Array(count).fill(-1);
  const blocks: Buffer[] = [];
  if (count === 0) return { count, blocks, blockOf, start, length };
  const open = Buffer.from('[\n');
  const separator = Buffer.from(',\n');
  blocks.push(Buffer.allocUnsafe(BLOCK_BYTES));
  let used = 0;
  let failure: { place: number; error: unknown } | undefined;
  describeEach((place, flip) => {
    if (failure !== undefined && failure.place < place) return;
    let text: string;
    try {
      text = flipText(flip, path, place, '');
    } catch (error) {
      failure = { place, error };
      return;
    }
    // Held with the bytes before it (`[` or the separator, and the line break), at most 3 bytes a UTF-16 unit; a
    // text that may not fit starts a block (of its own size when larger).
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
  for (let place = 0; place < count; place++)
    if ((length[place] ?? -1) < 0)
      throw new Error(`jsonReportChunks: flip ${place} of ${path.join('.')} was not described`);
  return { count, blocks, blockOf, start, length };
}

/** A described list's bytes: each place's text (with the bytes before it) in `blocks[blockOf]` at `start`. */
interface HeldList {
  readonly count: number;
  readonly blocks: readonly Buffer[];
  readonly blockOf: Int32Array;
  readonly start: Int32Array;
  readonly length: Int32Array;
}

/**
 * A held list's text in list order at the depth whose lines start with `indent` (its items two spaces deeper), as
 * buffers of up to CHUNK_CHARS bytes (or one flip), each a buffer of its own (or, with `scratch`, the one buffer it
 * holds, overwritten when the next is asked for; the last piece is its own): the held bytes with the indentation
 * after each line break, added as they are copied.
 */
function* heldListBytes(list: HeldList, indent: string, scratch: { chunk: Buffer } | null): Generator<Buffer> {
  const { count, blocks, blockOf, start, length } = list;
  if (count === 0) {
    yield Buffer.from('[]');
    return;
  }
  const deeper = Buffer.from(`\n${indent}  `);
  const grow = deeper.length - 1;
  let chunk = scratch?.chunk ?? Buffer.allocUnsafe(CHUNK_CHARS);
  let filled = 0;
  // A piece is cut before the flip that would not fit (its size at most with every byte a line break).
  for (let place = 0; place < count; place++) {
    const size = length[place] ?? 0;
    const most = size * (1 + grow);
    if (filled + most > chunk.length) {
      if (filled > 0) yield chunk.subarray(0, filled);
      // Written by now when the pieces are reused (`scratch`): the same buffer again, larger only for a larger flip.
      if (scratch === null || chunk.length < most) chunk = Buffer.allocUnsafe(Math.max(CHUNK_CHARS, most));
      if (scratch !== null) scratch.chunk = chunk;
      filled = 0;
    }
    const from = start[place] ?? 0;
    filled = copyIndented(blocks[blockOf[place] ?? 0] as Buffer, from, from + size, chunk, filled, deeper);
  }
  yield Buffer.concat([chunk.subarray(0, filled), Buffer.from(`\n${indent}]`)]);
}

/** `source[from, to)` into `target` at `at` with `deeper` for each line feed; where the copy ends in `target`. */
function copyIndented(source: Buffer, from: number, to: number, target: Buffer, at: number, deeper: Buffer): number {
  let out = at;
  for (let i = from; i < to; i++) {
    const c = source[i] as number;
    if (c !== 0x0a) target[out++] = c;
    else for (let k = 0; k < deeper.length; k++) target[out++] = deeper[k] as number;
  }
  return out;
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

/** A flips object with its lists emptied (validated item by item as they are written), `limit` null for all. */
function withoutItems(flips: unknown, everyListed: boolean): unknown {
  if (!isObject(flips)) return flips;
  const emptied: Record<string, unknown> = { ...flips };
  for (const direction of ['passToFail', 'failToPass']) if (Array.isArray(emptied[direction])) emptied[direction] = [];
  if (everyListed) emptied.limit = null;
  return emptied;
}

/**
 * One flip validated, as JSON.stringify writes it at a depth whose lines start with `itemIndent` (the item's own):
 * `fastFlipText`'s check and text (the same bytes), or where it is not sure, zod's parse, whose error names the
 * flip's place in the document (`path`, item `j`).
 */
function flipText(item: unknown, path: (string | number)[], j: number, itemIndent: string): string {
  const fast = fastFlipText(item, itemIndent);
  if (fast !== undefined) return fast;
  const parsed = FlipItem.safeParse(item);
  if (!parsed.success)
    throw new z.ZodError(parsed.error.issues.map((issue) => ({ ...issue, path: [...path, j, ...issue.path] })));
  const text = JSON.stringify(parsed.data, null, 2);
  return itemIndent === '' ? text : text.replaceAll('\n', `\n${itemIndent}`);
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
