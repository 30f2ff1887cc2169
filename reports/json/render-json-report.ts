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
export function* jsonReportChunks(doc: VerdictDocument, { everyFlip }: JsonReportOptions = {}): Generator<string> {
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
    text: (indent: string) => Iterable<string>;
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
  // Held as the flat strings `listText` joins (one byte a character for ASCII text): a string built by
  // concatenation would keep its every small part alive (a probe peaked at 1,039 MB).
  const held = new Map<number, string[]>();
  for (const [k, piece] of pieces.entries()) {
    yield piece;
    const list = lists[k];
    if (list === undefined) break;
    const indent = indents[k] ?? '';
    const copied = held.get(copyOf[k] ?? -1);
    if (copied !== undefined) {
      const deeper = `\n${indent.slice((indents[copyOf[k] ?? -1] ?? '').length)}`;
      for (const part of copied) yield part.replaceAll('\n', deeper);
      held.delete(copyOf[k] ?? -1);
      continue;
    }
    const keep: string[] | null = copyOf.includes(k) ? [] : null;
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
 * held as UTF-8 bytes at its place (one buffer, no string per flip) until all are, then written in order. A flip
 * that does not fit the schema stops the writing with the error of the first such place, as in list order.
 */
function* placedListText(
  describeEach: (visit: (place: number, flip: unknown) => void) => void,
  count: number,
  path: (string | number)[],
  indent: string,
): Generator<string> {
  if (count === 0) {
    yield '[]';
    return;
  }
  const start = new Float64Array(count);
  const length = new Int32Array(count).fill(-1);
  let bytes = Buffer.allocUnsafe(1 << 20);
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
    if (used + 3 * text.length > bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(2 * bytes.length, used + 3 * text.length));
      bytes.copy(grown, 0, 0, used);
      bytes = grown;
    }
    start[place] = used;
    length[place] = bytes.write(text, used);
    used += length[place] ?? 0;
  });
  if (failure !== undefined) throw failure.error;
  const open = Buffer.from(`[\n${indent}  `);
  const separator = Buffer.from(`,\n${indent}  `);
  let chunk = Buffer.allocUnsafe(2 * CHUNK_CHARS);
  let filled = 0;
  for (let place = 0; place < count; place++) {
    const size = length[place] ?? -1;
    if (size < 0) throw new Error(`jsonReportChunks: flip ${place} of ${path.join('.')} was not described`);
    const before = place === 0 ? open : separator;
    if (filled + before.length + size > chunk.length) {
      if (filled > 0) yield chunk.toString('utf8', 0, filled);
      filled = 0;
      if (before.length + size > chunk.length) chunk = Buffer.allocUnsafe(2 * (before.length + size));
    }
    filled += before.copy(chunk, filled);
    filled += bytes.copy(chunk, filled, start[place] ?? 0, (start[place] ?? 0) + size);
    if (filled >= CHUNK_CHARS) {
      yield chunk.toString('utf8', 0, filled);
      filled = 0;
    }
  }
  yield `${chunk.toString('utf8', 0, filled)}\n${indent}]`;
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
