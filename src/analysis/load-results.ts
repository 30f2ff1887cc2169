import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { InputProblems } from '../formats/input-problems';
import { nameVariants, type VariantSource } from '../formats/name-variants';
import { probeInput } from '../formats/probe-input';
import { type FormatChoices, type FormatInput, readFormatInput } from '../formats/read-format-input';
import { detectInputFormat, formatByName } from '../formats/registry';
import type { ResultsInput, RunInput } from '../formats/results-input';
import { validateRows } from '../formats/validate-rows';
import { InputError } from '../schema/input-error';
import type { ResultRecord } from '../schema/result-record';
import { readManifest } from '../store/manifest';
import { warnOnStderr } from '../store/read-results';
import { checkedAt } from './checked-at';
import { readResultsFile } from './read-results-file';
import { buildResultsColumns } from './results-columns';
import { type LoadedResults, loadedResults } from './results-table';

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
 * Read results files into typed columns (and, for a notebook, an arquero table): verdict's own record files (JSON Lines, CSV or a JSON
 * array; a run directory through its results.jsonl) and the native files of inspect_ai, lm-evaluation-
 * harness, promptfoo, OpenAI evals, SWE-bench and HELM (docs/formats.md), each detected from its content
 * (`format` overrides) and mixed freely. Every row is validated against the record schema first; all
 * problems of all files are gathered and thrown as one `InputError` naming file, place, field and value
 * (the first 20, then "and N more"). Each file's sha256, size and row count are kept for provenance, and
 * each variant's source (format, naming, completeness) in `sources`. Inputs that say what they planned
 * (a verdict run's manifest, in the directory or beside a results.jsonl given by name; another tool's record of
 * its plan) are listed in `runs`, so that an unfinished run is never judged as if it were complete.
 *
 * @throws {InputError} when a file cannot be read, is of no known format, or any row breaks the record schema
 * @example const results = await loadResults(['runs/a.jsonl', 'runs/b.jsonl']); results.columns.length
 */
export async function loadResults(paths: readonly string[], options: LoadResultsOptions = {}): Promise<LoadedResults> {
  const { onWarning = warnOnStderr, onNote = noteOnStderr, format, signal, ...choices } = options;
  if (paths.length === 0) throw new InputError('no results files given');
  const forced = format === undefined ? undefined : formatByName(format);
  const problems = new InputProblems();
  const read: FormatInput[] = [];
  const runs: RunInput[] = [];
  for (const given of paths) {
    signal?.throwIfAborted();
    const reader = forced ?? detectInputFormat(await probeInput(given));
    if (reader.name !== 'verdict') {
      read.push(await readFormatInput(given, reader, choices, problems, signal));
      continue;
    }
    const { path, rows, sha256, bytes } = await readResultsFile(given, problems, onWarning);
    const run = await runOf(given, path);
    if (run) runs.push(run);
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
    // A reader returns records, places and lines of one length; checkedAt says so if one ever does not.
    for (const [i, record] of input.records.entries()) {
      records.push(record);
      files.push(checkedAt(input.places, i, `${input.path}: places`));
      lines.push(checkedAt(input.lines, i, `${input.path}: lines`));
    }
    inputs.push(...input.files);
  }
  if (records.length === 0) throw new InputError('no records in the results files', { file: paths.join(', ') });
  for (const source of sources) {
    const input = read.find((candidate) => candidate.path === source.path);
    const planned = input === undefined ? null : plannedRun(source, input.records);
    if (planned) runs.push(planned);
  }
  return loadedResults(buildResultsColumns({ records, files, lines }), { inputs, runs, sources, notes });
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
  const { samples, variants } = manifest.plan;
  // A run that stopped early by design (verdict run --stop-early) planned the items it started: the rest are not
  // missing. Cells of started items that errored still count against it.
  const items = manifest.stopping?.itemsStarted ?? manifest.plan.items;
  const cells = manifest.stopping === undefined ? manifest.plan.cells : items * samples * variants.length;
  return {
    path: directory,
    resultsPath,
    status: manifest.status,
    format: 'verdict',
    plan: { items, samples, variants, cells },
    ...(manifest.stopping === undefined ? {} : { stopping: manifest.stopping }),
  };
}

/**
 * Another tool's input as a planned run, when its file says what it planned (src/formats' completeness): its
 * state, the tool's own sentence, and its planned and stored cells (items x the samples read). Null when the
 * format records no plan.
 */
function plannedRun(source: VariantSource, records: readonly ResultRecord[]): RunInput | null {
  const { completeness } = source;
  if (source.format === 'verdict' || completeness.state === 'unknown') return null;
  const cells = new Set<string>();
  const items = new Set<string>();
  let samples = 1;
  for (const record of records) {
    if (record.variant !== source.variant) continue;
    cells.add(`${record.item}\u0000${record.sample}`);
    items.add(String(record.item));
    samples = Math.max(samples, record.sample + 1);
  }
  const plannedItems = Math.max(items.size, completeness.plannedItems?.length ?? 0);
  return {
    path: source.path,
    resultsPath: source.path,
    status: completeness.state === 'complete' ? 'completed' : 'incomplete',
    format: source.format,
    plan: { items: plannedItems, samples, variants: [source.variant], cells: plannedItems * samples },
    detail: completeness.detail,
    stored: cells.size,
  };
}
