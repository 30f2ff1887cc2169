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

const CHUNK_BYTES = 1 << 16;

/**
 * The one line scanner of every line-oriented file verdict reads (results.jsonl in the store, JSON Lines results
 * and items, other tools' JSONL): streamed in constant memory, with exact byte offsets (so the store can cut a
 * torn tail off with `truncate`), yielded a chunk's lines at a time (an await per line would cost more than the
 * parsing). Only `\n` ends a line; a `\r` before it and a UTF-8 byte-order mark at the start are dropped. The last
 * line says whether a newline followed it: what that means is the reader's rule (readJsonLines, readResults).
 *
 * @example for await (const lines of scanLines('results.jsonl')) for (const { line, text } of lines) ...
 */
export async function* scanLines(
  file: string,
  { signal, onBytes }: ScanLinesOptions = {},
): AsyncGenerator<readonly ScannedLine[]> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK_BYTES);
    let pending: Buffer[] = [];
    let pendingStart = 0;
    let offset = 0;
    let line = 0;
    const text = (bytes: Buffer, first: boolean): string => {
      const decoded = bytes.toString('utf8');
      const unmarked = first && decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
      return unmarked.endsWith('\r') ? unmarked.slice(0, -1) : unmarked;
    };
    for (;;) {
      signal?.throwIfAborted();
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, offset);
      if (bytesRead === 0) break;
      onBytes?.(buffer.subarray(0, bytesRead));
      const lines: ScannedLine[] = [];
      let start = 0;
      for (
        let newline = buffer.indexOf(10, 0);
        newline !== -1 && newline < bytesRead;
        newline = buffer.indexOf(10, start)
      ) {
        pending.push(buffer.subarray(start, newline));
        line++;
        lines.push({
          line,
          text: text(Buffer.concat(pending), line === 1),
          byteOffset: pendingStart,
          byteEnd: offset + newline + 1,
          terminated: true,
        });
        start = newline + 1;
        pending = [];
        pendingStart = offset + start;
      }
      if (start < bytesRead) pending.push(Buffer.from(buffer.subarray(start, bytesRead)));
      offset += bytesRead;
      if (lines.length > 0) yield lines;
    }
    if (pending.length > 0) {
      line++;
      const tail = text(Buffer.concat(pending), line === 1);
      yield [{ line, text: tail, byteOffset: pendingStart, byteEnd: offset, terminated: false }];
    }
  } finally {
    await handle.close();
  }
}
