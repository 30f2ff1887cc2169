import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { InputError } from '../schema/input-error';
import type { ResultRecord } from '../schema/result-record';
import { InputProblems } from './input-problems';
import { parseCsvRows } from './parse-csv-rows';
import { parseJsonArray } from './parse-json-array';
import { parseJsonLines } from './parse-json-lines';
import type { RawRow } from './raw-row';
import { buildResultsTable, type LoadedResults, type ResultsInput } from './results-table';
import { validateRows } from './validate-rows';

/** File formats the loader reads. */
export type ResultsFormat = 'jsonl' | 'csv' | 'json';

/**
 * The format of a results file: by extension (`.jsonl`/`.ndjson`, `.csv`, `.json`), else by its first
 * character (`[` JSON, `{` JSON Lines, anything else CSV). A `.json` file that does not start with `[`
 * is read as JSON Lines, as many tools name them.
 */
export function detectFormat(path: string, text: string): ResultsFormat {
  const extension = extname(path).toLowerCase();
  const first = text.replace(/^\uFEFF/, '').trimStart()[0];
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl';
  if (extension === '.csv') return 'csv';
  if (first === '[') return 'json';
  if (first === '{' || extension === '.json') return 'jsonl';
  return 'csv';
}

/** The file a run directory keeps its results in (src/store). */
const RUN_RESULTS_FILE = 'results.jsonl';

export interface LoadResultsOptions {
  /** Told about a torn last line that was skipped. @default a line on stderr */
  readonly onWarning?: (message: string) => void;
}

const warnOnStderr = (message: string): void => {
  process.stderr.write(`verdict: warning: ${message}\n`);
};

/**
 * Read results files (JSON Lines, CSV or a JSON array, several at once: e.g. one run per variant)
 * into one arquero table. Every row is validated against the record schema first; all problems of
 * all files are gathered and thrown as one `InputError` naming file, line, field and value (the
 * first 20, then "and N more"). Each file's sha256, size and row count are kept for provenance.
 * A directory stands for the run it holds (its results.jsonl).
 *
 * @throws {InputError} when a file cannot be read, or any row breaks the record schema
 * @example const results = await loadResults(['runs/a.jsonl', 'runs/b.jsonl']); results.table.numRows()
 */
export async function loadResults(
  paths: readonly string[],
  { onWarning = warnOnStderr }: LoadResultsOptions = {},
): Promise<LoadedResults> {
  if (paths.length === 0) throw new InputError('no results files given');
  const problems = new InputProblems();
  const records: ResultRecord[] = [];
  const files: string[] = [];
  const lines: number[] = [];
  const inputs: ResultsInput[] = [];
  for (const given of paths) {
    let bytes: Buffer;
    let path = given;
    try {
      if ((await stat(given)).isDirectory()) path = join(given, RUN_RESULTS_FILE);
      bytes = await readFile(path);
    } catch (error) {
      throw new InputError(`cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, {
        file: path,
      });
    }
    const text = bytes.toString('utf8');
    const format = detectFormat(path, text);
    const rows: RawRow[] =
      format === 'jsonl'
        ? parseJsonLines(text, path, onWarning)
        : format === 'csv'
          ? parseCsvRows(text, path, problems)
          : parseJsonArray(text, path, problems);
    const valid = validateRows(rows, path, problems);
    for (let i = 0; i < valid.records.length; i++) {
      records.push(valid.records[i]!);
      files.push(path);
      lines.push(valid.lines[i]!);
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    inputs.push({ path, sha256, bytes: bytes.byteLength, rows: valid.records.length });
  }
  problems.throwIfAny();
  if (records.length === 0) throw new InputError('no records in the results files', { file: paths.join(', ') });
  return { table: buildResultsTable({ records, files, lines }), inputs };
}
