import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { InputError } from '../schema/input-error';
import type { ResultRecord } from '../schema/result-record';
import { readManifest } from '../store/manifest';
import { warnOnStderr } from '../store/read-results';
import { InputProblems } from './input-problems';
import { readResultsFile } from './read-results-file';
import { buildResultsTable, type LoadedResults, type ResultsInput, type RunInput } from './results-table';
import { validateRows } from './validate-rows';

export interface LoadResultsOptions {
  /** Told about a torn last line that was skipped. @default a line on stderr */
  readonly onWarning?: (message: string) => void;
}

/**
 * Read results files (JSON Lines, CSV or a JSON array, several at once: e.g. one run per variant)
 * into one arquero table. Every row is validated against the record schema first; all problems of
 * all files are gathered and thrown as one `InputError` naming file, line, field and value (the
 * first 20, then "and N more"). Each file's sha256, size and row count are kept for provenance.
 * A directory stands for the run it holds (its results.jsonl); a run's manifest (in the directory, or beside a
 * results.jsonl given by name) says how far the run got and what it planned (`runs`), so that an unfinished run
 * is never judged as if it were complete.
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
  const runs: RunInput[] = [];
  for (const given of paths) {
    const { path, rows, sha256, bytes } = await readResultsFile(given, problems, onWarning);
    const run = await runOf(given, path);
    if (run) runs.push(run);
    const valid = validateRows(rows, path, problems);
    for (let i = 0; i < valid.records.length; i++) {
      records.push(valid.records[i]!);
      files.push(path);
      lines.push(valid.lines[i]!);
    }
    inputs.push({ path, sha256, bytes, rows: valid.records.length });
  }
  problems.throwIfAny();
  if (records.length === 0) throw new InputError('no records in the results files', { file: paths.join(', ') });
  return { table: buildResultsTable({ records, files, lines }), inputs, runs };
}

/** The run a results input belongs to: a directory with a manifest, or a results.jsonl beside one. */
async function runOf(given: string, resultsPath: string): Promise<RunInput | null> {
  const directory = (await stat(given)).isDirectory()
    ? given
    : basename(given) === 'results.jsonl'
      ? dirname(given)
      : null;
  if (directory === null) return null;
  const manifest = readManifest(directory);
  if (manifest === undefined) return null;
  const { items, samples, variants, cells } = manifest.plan;
  return { path: directory, resultsPath, status: manifest.status, plan: { items, samples, variants, cells } };
}
