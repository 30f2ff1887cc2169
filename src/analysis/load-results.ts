import { nameVariants } from '../formats/name-variants';
import { probeInput } from '../formats/probe-input';
import { type FormatChoices, type FormatInput, readFormatInput } from '../formats/read-format-input';
import { detectInputFormat, formatByName } from '../formats/registry';
import { InputError } from '../schema/input-error';
import type { ResultRecord } from '../schema/result-record';
import { warnOnStderr } from '../store/read-results';
import { InputProblems } from './input-problems';
import { readResultsFile } from './read-results-file';
import { buildResultsTable, type LoadedResults, type ResultsInput } from './results-table';
import { validateRows } from './validate-rows';

export interface LoadResultsOptions extends FormatChoices {
  /** Told about a torn last line that was skipped. @default a line on stderr */
  readonly onWarning?: (message: string) => void;
  /** Told how variants and items were named, and what a reader chose for the user. @default a line on stderr */
  readonly onNote?: (message: string) => void;
  /** Read every input as this format (a name from `verdict formats`) instead of detecting it. */
  readonly format?: string;
  readonly signal?: AbortSignal;
}

/** The default note sink: one `verdict: note: ...` line on stderr. */
export const noteOnStderr = (message: string): void => {
  process.stderr.write(`verdict: note: ${message}\n`);
};

/**
 * Read results files into one arquero table: verdict's own record files (JSON Lines, CSV or a JSON
 * array; a run directory through its results.jsonl) and the native files of inspect_ai, lm-evaluation-
 * harness, promptfoo, OpenAI evals, SWE-bench and HELM (docs/formats.md), each detected from its content
 * (`format` overrides) and mixed freely. Every row is validated against the record schema first; all
 * problems of all files are gathered and thrown as one `InputError` naming file, place, field and value
 * (the first 20, then "and N more"). Each file's sha256, size and row count are kept for provenance, and
 * each variant's source (format, naming, completeness) in `sources`.
 *
 * @throws {InputError} when a file cannot be read, is of no known format, or any row breaks the record schema
 * @example const results = await loadResults(['runs/a.jsonl', 'runs/b.jsonl']); results.table.numRows()
 */
export async function loadResults(paths: readonly string[], options: LoadResultsOptions = {}): Promise<LoadedResults> {
  const { onWarning = warnOnStderr, onNote = noteOnStderr, format, signal, ...choices } = options;
  if (paths.length === 0) throw new InputError('no results files given');
  const forced = format === undefined ? undefined : formatByName(format);
  const problems = new InputProblems();
  const read: FormatInput[] = [];
  for (const given of paths) {
    signal?.throwIfAborted();
    const reader = forced ?? detectInputFormat(await probeInput(given));
    if (reader.name !== 'verdict') {
      read.push(await readFormatInput(given, reader, choices, problems, signal));
      continue;
    }
    const { path, rows, sha256, bytes } = await readResultsFile(given, problems, onWarning);
    const valid = validateRows(rows, path, problems);
    const files = { path, sha256, bytes, rows: valid.records.length };
    read.push({
      path: given,
      format: 'verdict',
      records: valid.records,
      places: new Array<string>(valid.records.length).fill(path),
      lines: valid.lines,
      scopes: new Array(valid.records.length).fill(undefined),
      variants: [],
      notes: [],
      files: [files],
    });
  }
  problems.throwIfAny();
  const { sources, notes } = nameVariants(read);
  for (const note of notes) onNote(note);
  const records: ResultRecord[] = [];
  const files: string[] = [];
  const lines: number[] = [];
  const inputs: ResultsInput[] = [];
  for (const input of read) {
    for (let i = 0; i < input.records.length; i++) {
      records.push(input.records[i]!);
      files.push(input.places[i]!);
      lines.push(input.lines[i]!);
    }
    inputs.push(...input.files);
  }
  if (records.length === 0) throw new InputError('no records in the results files', { file: paths.join(', ') });
  return { table: buildResultsTable({ records, files, lines }), inputs, sources, notes };
}
