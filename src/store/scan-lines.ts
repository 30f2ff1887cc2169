import { open } from 'node:fs/promises';

/** One line of a file: its 1-based number, its text (without the newline) and where it starts. */
export interface ScannedLine {
  readonly line: number;
  readonly text: string;
  readonly byteOffset: number;
}

/** What a scan saw at the end of the file. */
export interface ScanEnd {
  readonly lines: number;
  /** The last line when it has no newline after it: a write a crash cut short. */
  readonly torn?: ScannedLine;
  /** Bytes up to and including the last newline: the file's whole-line part. */
  readonly wholeBytes: number;
}

const CHUNK_BYTES = 1 << 16;

/**
 * Stream a file's lines in constant memory, with exact byte offsets (so a torn tail can be cut off
 * with `truncate`). Only `\n` ends a line, as JsonlWriter writes it; a `\r` before it is dropped.
 * The last line counts as whole only when a newline follows it.
 */
export async function scanLines(file: string, visit: (line: ScannedLine) => void): Promise<ScanEnd> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK_BYTES);
    let pending: Buffer[] = [];
    let pendingStart = 0;
    let offset = 0;
    let line = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, offset);
      if (bytesRead === 0) break;
      let start = 0;
      for (
        let newline = buffer.indexOf(10, 0);
        newline !== -1 && newline < bytesRead;
        newline = buffer.indexOf(10, start)
      ) {
        pending.push(buffer.subarray(start, newline));
        const text = Buffer.concat(pending).toString('utf8');
        line++;
        visit({ line, text: text.endsWith('\r') ? text.slice(0, -1) : text, byteOffset: pendingStart });
        start = newline + 1;
        pending = [];
        pendingStart = offset + start;
      }
      if (start < bytesRead) pending.push(Buffer.from(buffer.subarray(start, bytesRead)));
      offset += bytesRead;
    }
    if (pending.length === 0) return { lines: line, wholeBytes: offset };
    const torn = { line: line + 1, text: Buffer.concat(pending).toString('utf8'), byteOffset: pendingStart };
    return { lines: line, torn, wholeBytes: pendingStart };
  } finally {
    await handle.close();
  }
}
