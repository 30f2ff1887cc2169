import { InputError } from '../schema/input-error';
import { inputErrorFromZod } from '../schema/input-error-from-zod';
import { neutraliseTerminalControls } from '../schema/terminal-controls';
import { scanLines } from './scan-lines';
import { StoredRecord, storedKey } from './stored-record';

export interface ReadResultsOptions {
  /** Told about a torn last line (default: a line on stderr). */
  readonly onWarning?: (message: string) => void;
  /** The file's name in messages. @default the path given */
  readonly label?: string;
}

/** What reading results.jsonl found besides its records. */
export interface ReadResultsEnd {
  readonly lines: number;
  /** 1-based number of a torn last line that was skipped. */
  readonly tornLine?: number;
  /** Bytes of whole lines: truncating the file to this removes the torn tail. */
  readonly wholeBytes: number;
}

/** The default warning sink of the store and of `loadResults`: one `verdict: warning: ...` line on stderr. */
export const warnOnStderr = (message: string): void => {
  process.stderr.write(`verdict: warning: ${neutraliseTerminalControls(message)}\n`);
};

/**
 * Read a results.jsonl line by line, in constant memory, handing each record (the store's view, defaults
 * filled in, and the line as written) and its cell key to `visit` in file order (so that a later line for
 * the same key overrides an earlier one: last wins). Blank lines are ignored. A torn last line (no newline
 * after it: a crash mid-write) is skipped with a warning. Any other line that is not valid JSON, or lacks the record fields, is an error.
 *
 * @throws {InputError} `results.jsonl:12: invalid JSON (...)` or `results.jsonl:12: \`variant\`: ...`
 */
export async function readResults(
  file: string,
  visit: (record: StoredRecord, key: string, line: number, written: Record<string, unknown>) => void,
  { onWarning = warnOnStderr, label = file }: ReadResultsOptions = {},
): Promise<ReadResultsEnd> {
  const end = await scanLines(file, ({ line, text }) => {
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new InputError(`invalid JSON (${(error as Error).message})`, { file: label, line });
    }
    const parsed = StoredRecord.safeParse(value);
    if (!parsed.success) throw inputErrorFromZod(parsed.error, value, { file: label, line });
    visit(parsed.data, storedKey(parsed.data), line, value as Record<string, unknown>);
  });
  if (end.torn === undefined) return { lines: end.lines, wholeBytes: end.wholeBytes };
  onWarning(
    `${label}:${end.torn.line}: incomplete last line skipped (the run was stopped while writing it); its cell counts as not run`,
  );
  return { lines: end.lines, tornLine: end.torn.line, wholeBytes: end.wholeBytes };
}
