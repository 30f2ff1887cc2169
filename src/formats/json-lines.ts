import type { RawRow } from './raw-row';
import { type ScanLinesOptions, scanLines } from './scan-lines';

/** Options of {@link readJsonLines}. */
export interface ReadJsonLinesOptions extends ScanLinesOptions {
  /** Told the number of a torn last line, which is skipped. @default ignored */
  readonly onTorn?: (line: number) => void;
}

/**
 * The JSON values of a JSON Lines file, one per non-blank line, streamed a chunk of lines at a time (scanLines:
 * constant memory, CRLF and a byte-order mark accepted). A line that is not JSON is a row carrying its problem
 * (`not valid JSON (...)`), for the reader to report with the line. The torn-last-line rule of user files: a last
 * line with no newline after it that is not valid JSON is a write cut short (a tool killed mid-line) and is
 * skipped, `onTorn` told; a last line that parses is kept, since many writers end a file without a newline. (The
 * run store is stricter about its own file: src/store/read-results.ts.)
 *
 * @example for await (const rows of readJsonLines('results.jsonl')) for (const row of rows) ...
 */
export async function* readJsonLines(
  file: string,
  { onTorn, ...options }: ReadJsonLinesOptions = {},
): AsyncGenerator<readonly RawRow[]> {
  for await (const lines of scanLines(file, options)) {
    const rows: RawRow[] = [];
    for (const { line, text, terminated } of lines) {
      const content = text.trim();
      if (content === '') continue;
      try {
        rows.push({ value: JSON.parse(content), line });
      } catch (error) {
        if (!terminated) onTorn?.(line);
        else rows.push({ line, problem: `not valid JSON (${(error as Error).message})` });
      }
    }
    if (rows.length > 0) yield rows;
  }
}

/** The one wording of a skipped torn last line, for every reader that warns about one. */
export const tornLineWarning = (file: string, line: number): string =>
  `${file}:${line}: skipped a torn last line (no newline after it: was the run interrupted?)`;

/** {@link readJsonLines} one row at a time, for readers that yield as they go (other tools' JSONL formats). */
export async function* jsonLineValues(file: string, options: ReadJsonLinesOptions = {}): AsyncGenerator<RawRow> {
  for await (const rows of readJsonLines(file, options)) yield* rows;
}
