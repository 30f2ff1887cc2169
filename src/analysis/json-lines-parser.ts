import type { RawRow } from '../formats/raw-row';

/**
 * A JSON Lines reader fed text in pieces of any size (a file read as a stream, so that no file is ever
 * one string: V8 caps strings at about 512 MB). It cuts the text into lines, skips blank ones, accepts
 * CRLF line ends and a byte-order mark, and hands each row to `onRow` with its line number. A line that
 * is not JSON becomes a row carrying its problem, except a torn last line (no newline after it: a run
 * that crashed mid-write), which is skipped and reported through `onWarning`, as the run store reads it.
 */
export class JsonLinesParser {
  #pending = '';
  #line = 0;
  #started = false;
  readonly #file: string;
  readonly #onRow: (row: RawRow) => void;
  readonly #onWarning: (message: string) => void;

  constructor(file: string, onRow: (row: RawRow) => void, onWarning: (message: string) => void = () => {}) {
    this.#file = file;
    this.#onRow = onRow;
    this.#onWarning = onWarning;
  }

  /** Feed the next piece of text. */
  push(text: string): void {
    let source = this.#pending + text;
    if (!this.#started && source.length > 0) {
      this.#started = true;
      if (source.charCodeAt(0) === 0xfeff) source = source.slice(1);
    }
    let start = 0;
    for (let end = source.indexOf('\n'); end !== -1; end = source.indexOf('\n', start)) {
      this.#emit(source.slice(start, end), false);
      start = end + 1;
    }
    this.#pending = source.slice(start);
  }

  /** The text is complete: the rest, if any, is a last line without a newline. */
  end(): void {
    if (this.#pending !== '') this.#emit(this.#pending, true);
    this.#pending = '';
  }

  #emit(text: string, last: boolean): void {
    const line = ++this.#line;
    const content = text.trim();
    if (content === '') return;
    try {
      this.#onRow({ value: JSON.parse(content), line });
    } catch (error) {
      if (last) {
        this.#onWarning(
          `${this.#file}:${line}: skipped a torn last line (no newline after it: was the run interrupted?)`,
        );
        return;
      }
      this.#onRow({ line, problem: `not valid JSON (${(error as Error).message})` });
    }
  }
}
