import { open } from 'node:fs/promises';

/** One line of a file: its 1-based number, its text (without the newline) and where it is in the file. */
export interface ScannedLine {
  readonly line: number;
  /** The line's text: no newline, no `\r` before it, no byte-order mark on line 1. */
  readonly text: string;
  /** Where the line starts, in bytes from the start of the file. */
  readonly byteOffset: number;
  /** Where the next line starts: the byte after this line's newline (the file's end for the last line). */
  readonly byteEnd: number;
  /** False only for a last line with no newline after it. */
  readonly terminated: boolean;
}

/** Options of {@link scanLines}. */
export interface ScanLinesOptions {
  readonly signal?: AbortSignal;
  /** Each chunk of the file's bytes as it is read, in order (to hash or count the file in the same pass). */
  readonly onBytes?: (chunk: Uint8Array) => void;
}

/**
 * A part of a file for {@link scanLineBytes}: the bytes `[start, end)` (a range that starts at a line's start and
 * ends after a newline, or at the file's end), whose first line is number `linesBefore + 1`. A byte-order mark is
 * left out only at the file's start.
 */
export interface LineRange {
  readonly start: number;
  readonly end: number;
  readonly linesBefore: number;
}

/**
 * A run of whole lines as bytes, as {@link scanLineBytes} yields them (`bytes` is valid until the next batch is
 * asked for: copy what must outlive it): line `i` (number `firstLine + i`) is
 * `bytes[starts[i], ends[i])`, its newline, a `\r` before it and a byte-order mark on line 1 already left out; it
 * starts in the file at `byteOffset + lineStarts[i]` (the mark counted) and the next line at
 * `byteOffset + nextStarts[i]`.
 */
export interface LineBytes {
  readonly bytes: Buffer;
  /** Where `bytes` starts in the file. */
  readonly byteOffset: number;
  readonly firstLine: number;
  readonly count: number;
  /** The text of each line: from here... */
  readonly starts: Int32Array;
  /** ...to here (exclusive). */
  readonly ends: Int32Array;
  /** Where each line starts in `bytes` (a byte-order mark included). */
  readonly lineStarts: Int32Array;
  /** Where the line after each starts in `bytes`: after its newline, or the end for an unterminated last line. */
  readonly nextStarts: Int32Array;
  /** False only for a batch holding the last line with no newline after it (always the last batch). */
  readonly terminated: boolean;
}

/**
 * The chunk read at a time: 1 MiB, so a 300 MB file is 300 awaits; Node's default 64 KiB made it 4,500, and each
 * await and its batch cost more than the lines it held (measured in bench/scenarios/analysis-at-scale.ts).
 */
const CHUNK_BYTES = 1 << 20;

/**
 * The one line splitter of every line-oriented file verdict reads, on bytes: streamed a chunk at a time (never
 * the file whole), each batch the whole lines of a chunk, with exact byte offsets. Only `\n` ends a line; a `\r`
 * before it and a UTF-8 byte-order mark at the start are left out of the line's span. The last line says whether
 * a newline followed it. {@link scanLines} decodes it to text; the results scanner (scan-record-line.ts) reads
 * the bytes without decoding most of them.
 */
export async function* scanLineBytes(
  file: string,
  { signal, onBytes }: ScanLinesOptions = {},
  range?: LineRange,
): AsyncGenerator<LineBytes> {
  const handle = await open(file, 'r');
  try {
    let tail: Buffer = Buffer.alloc(0);
    let offset = range?.start ?? 0; // where `tail` starts in the file
    const stop = range?.end ?? Number.POSITIVE_INFINITY;
    let line = range?.linesBefore ?? 0;
    const markAllowed = offset === 0;
    // Two buffers in turn: a batch's bytes stay valid until the next batch is asked for, the tail of one is copied
    // to the start of the other, and a 300 MB file is read through 2 MiB (a buffer per chunk left 300 MB to the GC).
    let spare = Buffer.allocUnsafe(CHUNK_BYTES);
    let current = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      signal?.throwIfAborted();
      [current, spare] = [spare, current];
      const size = tail.length + Math.max(CHUNK_BYTES, tail.length);
      if (current.length < size) current = Buffer.allocUnsafe(size);
      const buffer = current;
      tail.copy(buffer, 0);
      const at = offset + tail.length;
      const want = Math.min(buffer.length - tail.length, stop - at);
      const { bytesRead } = want <= 0 ? { bytesRead: 0 } : await handle.read(buffer, tail.length, want, at);
      if (bytesRead === 0) break;
      onBytes?.(buffer.subarray(tail.length, tail.length + bytesRead));
      const filled = tail.length + bytesRead;
      const bytes = buffer.subarray(0, filled);
      const spans = lineSpans(bytes, bytes.lastIndexOf(10, filled - 1) + 1, line, markAllowed);
      if (spans.count > 0) {
        yield { bytes, byteOffset: offset, firstLine: line + 1, ...spans, terminated: true };
        line += spans.count;
      }
      const consumed = spans.count > 0 ? (spans.nextStarts[spans.count - 1] ?? 0) : 0;
      tail = bytes.subarray(consumed);
      offset += consumed;
    }
    if (tail.length > 0) {
      const spans = lineSpans(tail, tail.length, line, markAllowed, true);
      yield { bytes: tail, byteOffset: offset, firstLine: line + 1, ...spans, terminated: false };
    }
  } finally {
    await handle.close();
  }
}

/** The spans of the lines of `bytes[0, end)` (`end` after a newline, or the end of an unterminated last line). */
function lineSpans(bytes: Buffer, end: number, linesBefore: number, markAllowed: boolean, lastUnterminated = false) {
  let count = 0;
  for (let at = bytes.indexOf(10, 0); at !== -1 && at < end; at = bytes.indexOf(10, at + 1)) count++;
  if (lastUnterminated) count++;
  const starts = new Int32Array(count);
  const ends = new Int32Array(count);
  const lineStarts = new Int32Array(count);
  const nextStarts = new Int32Array(count);
  let start = 0;
  for (let i = 0; i < count; i++) {
    const newline = lastUnterminated && i === count - 1 ? end : bytes.indexOf(10, start);
    let textStart = start;
    if (
      markAllowed &&
      linesBefore + i === 0 &&
      bytes[start] === 0xef &&
      bytes[start + 1] === 0xbb &&
      bytes[start + 2] === 0xbf
    )
      textStart += 3;
    let textEnd = newline;
    if (textEnd > textStart && bytes[textEnd - 1] === 13) textEnd--;
    lineStarts[i] = start;
    starts[i] = textStart;
    ends[i] = textEnd;
    nextStarts[i] = lastUnterminated && i === count - 1 ? end : newline + 1;
    start = newline + 1;
  }
  return { count, starts, ends, lineStarts, nextStarts };
}

/**
 * The one line scanner of every line-oriented file verdict reads (results.jsonl in the store, JSON Lines results
 * and items, other tools' JSONL): {@link scanLineBytes} decoded, each line's text as UTF-8, yielded a chunk's lines
 * at a time (an await per line would cost more than the parsing). What an unterminated last line means is the
 * reader's rule (readJsonLines, readResults).
 *
 * @example for await (const lines of scanLines('results.jsonl')) for (const { line, text } of lines) ...
 */
export async function* scanLines(file: string, options: ScanLinesOptions = {}): AsyncGenerator<readonly ScannedLine[]> {
  for await (const batch of scanLineBytes(file, options)) {
    const lines: ScannedLine[] = [];
    for (let i = 0; i < batch.count; i++) {
      lines.push({
        line: batch.firstLine + i,
        text: batch.bytes.toString('utf8', batch.starts[i], batch.ends[i]),
        byteOffset: batch.byteOffset + (batch.lineStarts[i] ?? 0),
        byteEnd: batch.byteOffset + (batch.nextStarts[i] ?? 0),
        terminated: batch.terminated || i < batch.count - 1,
      });
    }
    yield lines;
  }
}

/**
 * The byte after the first newline at or after `from` (the start of the line after it), or the file's size when
 * no newline follows: where a file is cut into ranges of whole lines (parallel loading, src/analysis).
 */
export async function nextLineStart(file: string, from: number, signal?: AbortSignal): Promise<number> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 16);
    for (let at = from; ; at += buffer.length) {
      signal?.throwIfAborted();
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
      if (bytesRead === 0) return at;
      const newline = buffer.subarray(0, bytesRead).indexOf(10);
      if (newline >= 0) return at + newline + 1;
    }
  } finally {
    await handle.close();
  }
}

/** A file's bytes in order from byte `from` (0 by default), each chunk to `onBytes` (1 MiB at a time): to hash it. */
export async function hashFile(
  path: string,
  onBytes: (chunk: Uint8Array) => void,
  { from = 0, signal }: { readonly from?: number; readonly signal?: AbortSignal | undefined } = {},
): Promise<void> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (let at = from; ; ) {
      signal?.throwIfAborted();
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
      if (bytesRead === 0) return;
      onBytes(buffer.subarray(0, bytesRead));
      at += bytesRead;
    }
  } finally {
    await handle.close();
  }
}
