import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** One non-blank line of a text file and its 1-based number. */
export interface NumberedLine {
  readonly line: number;
  readonly text: string;
}

/** The non-blank lines of a file, streamed (node:readline; CRLF accepted, a byte-order mark dropped). */
export async function* readLines(file: string, signal?: AbortSignal): AsyncGenerator<NumberedLine> {
  const lines = createInterface({ input: createReadStream(file, { signal }), crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  for await (const raw of lines) {
    line++;
    const text = line === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (text.trim() !== '') yield { line, text };
  }
}
