import { scanLines } from '../formats/scan-lines';
import { InputError } from '../schema/input-error';
import { inputErrorFromZod } from '../schema/input-error-from-zod';
import { neutraliseTerminalControls } from '../schema/terminal-controls';
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
 * @throws {InputError} `results.jsonl:12: not valid JSON (...)` or `results.jsonl:12: \`variant\`: ...`
 */
export async function readResults(
  file: string,
  visit: (record: StoredRecord, key: string, line: number, written: Record<string, unknown>) => void,
  { onWarning = warnOnStderr, label = file }: ReadResultsOptions = {},
): Promise<ReadResultsEnd> {
  // The store's own rule for a last line without a newline: torn, even if it parses. JsonlWriter ends every record
  // with its newline, so a record is committed only once that newline is on disk (a cut just before it leaves
  // valid JSON that was never acknowledged); resume cuts the tail off at `wholeBytes` and runs the cell again.
  let lines = 0;
  let wholeBytes = 0;
  let torn: number | undefined;
  for await (const scanned of scanLines(file)) {
    for (const { line, text, byteOffset, byteEnd, terminated } of scanned) {
      lines = line;
      if (!terminated) {
        torn = line;
        wholeBytes = byteOffset;
        lines = line - 1;
        break;
      }
      wholeBytes = byteEnd;
      if (text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new InputError(`not valid JSON (${(error as Error).message})`, { file: label, line });
      }
      const parsed = StoredRecord.safeParse(value);
      if (!parsed.success) throw inputErrorFromZod(parsed.error, value, { file: label, line });
      visit(parsed.data, storedKey(parsed.data), line, value as Record<string, unknown>);
    }
  }
  if (torn === undefined) return { lines, wholeBytes };
  onWarning(
    `${label}:${torn}: incomplete last line skipped (the run was stopped while writing it); its cell counts as not run`,
  );
  return { lines, tornLine: torn, wholeBytes };
}
