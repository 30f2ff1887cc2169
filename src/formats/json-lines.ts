import type { InputLocation } from '../schema/input-error';
import type { FormatReport } from './format-reader';
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
      const row = jsonLineRow(text, line, terminated, onTorn);
      if (row !== undefined) rows.push(row);
    }
    if (rows.length > 0) yield rows;
  }
}

/**
 * One line of a JSON Lines file as a row, by the rules of {@link readJsonLines}: undefined for a blank line or a
 * torn last line (`onTorn` told), a row carrying its problem for a line that is not JSON.
 */
export function jsonLineRow(
  text: string,
  line: number,
  terminated: boolean,
  onTorn?: (line: number) => void,
): RawRow | undefined {
  const content = text.trim();
  if (content === '') return undefined;
  try {
    return { value: JSON.parse(content), line };
  } catch (error) {
    if (!terminated) onTorn?.(line);
    else return { line, problem: `not valid JSON (${(error as Error).message})` };
    return undefined;
  }
}

/** The one wording of a skipped torn last line, for every reader that warns about one. */
export const tornLineWarning = (file: string, line: number): string =>
  `${file}:${line}: skipped a torn last line (no newline after it: was the run interrupted?)`;

/** A line of another tool's JSON Lines file: its value and place, or the problem found there. */
export type FormatLine =
  | { readonly value: unknown; readonly place: InputLocation; readonly problem?: undefined }
  | { readonly problem: string; readonly place: InputLocation; readonly value?: undefined };

/**
 * {@link readJsonLines} one line at a time, for the readers of other tools' JSON Lines formats (they yield as they
 * go): each value with its place (file and line), a line that is not JSON as its problem (a row the reader yields
 * as it is), and a torn last line skipped with the one note ({@link tornLineWarning}) to `report`.
 */
export async function* formatJsonLines(
  file: string,
  report: Pick<FormatReport, 'note'>,
  signal?: AbortSignal,
): AsyncGenerator<FormatLine> {
  const onTorn = (line: number) => report.note(tornLineWarning(file, line));
  for await (const rows of readJsonLines(file, { signal, onTorn })) {
    for (const row of rows) {
      const place = { file, line: row.line };
      yield row.problem === undefined ? { value: row.value, place } : { problem: row.problem, place };
    }
  }
}
