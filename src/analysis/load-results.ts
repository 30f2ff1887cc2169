import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { UNKNOWN_COMPLETENESS } from '../formats/input-completeness';
import { InputProblems } from '../formats/input-problems';
import { expandInspectLogDirectories } from '../formats/inspect-log-directory';
import { nameVariants, type VariantSource } from '../formats/name-variants';
import { probeInput, statInput } from '../formats/probe-input';
import { type FormatChoices, type FormatInput, readFormatInput } from '../formats/read-format-input';
import { detectInputFormat, formatByName } from '../formats/registry';
import type { ResultsInput, RunInput } from '../formats/results-input';
import { validateRows } from '../formats/validate-rows';
import { InputError } from '../schema/input-error';
import type { ResultRecord } from '../schema/result-record';
import { readManifest } from '../store/manifest';
import { warnOnStderr } from '../store/read-results';
import { checkedAt } from './checked-at';
import { type KeptFields, ResultsColumnsBuilder } from './columns-builder';
import { COMPLETION_FIELD } from './pair-completion-order';
import {
  findResultsFile,
  readResultsFile,
  streamColumnarResultsFile,
  streamCsvResultsFile,
  streamResultsFile,
} from './read-results-file';
import { type LoadedResults, loadedResults } from './results-table';

export interface LoadResultsOptions extends FormatChoices {
  /** Told about a torn last line that was skipped. @default a line on stderr */
  readonly onWarning?: (message: string) => void;
  /** Told how variants and items were named, and what a reader chose for the user. @default a line on stderr */
  readonly onNote?: (message: string) => void;
  /** Read every input as this format (a name from `verdict formats`) instead of detecting it. */
  readonly format?: string;
  readonly signal?: AbortSignal;
  /**
   * The fields the analysis will read per row (`--by` and `--cluster` fields: dotted paths as they take): only these
   * are kept, and a record a report shows whole (flips) is re-read from its file by offset, so memory grows with
   * rows, not with their outputs and tags. `all` holds every parsed record, as a notebook reading `table.record`
   * wants. @default 'all'
   */
  readonly fields?: KeptFields;
}

/** The default note sink: one `verdict: note: ...` line on stderr. */
export const noteOnStderr = (message: string): void => {
  process.stderr.write(`verdict: note: ${message}\n`);
};

/**
 * Read results files into typed columns (and, for a notebook, an arquero table): verdict's own record files (JSON Lines, CSV or a JSON
 * array; a run directory through its results.jsonl) and the native files of inspect_ai, lm-evaluation-
 * harness, promptfoo, OpenAI evals, SWE-bench and HELM (docs/formats.md; an inspect_ai log directory stands for the
 * logs in it, each read as if named), each detected from its content
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
export async function loadResults(listed: readonly string[], options: LoadResultsOptions = {}): Promise<LoadedResults> {
  const { onWarning = warnOnStderr, onNote = noteOnStderr, format, signal, fields = 'all', ...choices } = options;
  if (listed.length === 0) throw new InputError('no results files given');
  const forced = format === undefined ? undefined : formatByName(format);
  // An inspect_ai log directory stands for its logs, each an input as if named one by one.
  const paths = forced === undefined ? await expandInspectLogDirectories(listed, { onNote, signal }) : listed;
  // Each input's problems apart, merged in input order at the end (JSON Lines files are read in the second pass).
  const problemsOf = paths.map(() => new InputProblems());
  const read: (FormatInput | StreamedInput)[] = [];
  const runs: RunInput[] = [];
  // Pass 1: detect each input; read those held in memory (other tools' formats, JSON arrays), since naming
  // their variants (nameVariants) may rename their records before they join the columns.
  for (const [index, given] of paths.entries()) {
    signal?.throwIfAborted();
    const problems = checkedAt(problemsOf, index, 'problems');
    if (forced !== undefined) await statInput(given);
    const reader = forced ?? detectInputFormat(await probeInput(given));
    if (reader.name !== 'verdict') {
      // Parquet and Arrow IPC go column by column into the columns when fields are kept (issue 14).
      if (fields !== 'all' && (reader.name === 'parquet' || reader.name === 'arrow')) {
        read.push({ streamed: given, format: reader.name, given, problems });
        continue;
      }
      read.push(await readFormatInput(given, reader, choices, problems, signal));
      continue;
    }
    const found = await findResultsFile(given);
    const run = await runOf(given, found.path);
    if (run) runs.push(run);
    if (found.format !== 'json') {
      read.push({ streamed: found.path, format: found.format, given, problems });
      continue;
    }
    const { path, rows, sha256, bytes } = await readResultsFile(found, problems);
    const valid = validateRows(rows, path, problems);
    read.push({
      path: given,
      format: 'verdict',
      records: valid.records,
      places: new Array<string>(valid.records.length).fill(path),
      lines: valid.lines,
      scopes: new Array(valid.records.length).fill(undefined),
      variants: [],
      notes: [],
      files: [{ path, sha256, bytes, rows: valid.records.length }],
    });
  }
  const held = read.filter((input): input is FormatInput => !('streamed' in input));
  const named = nameVariants(held);
  // Pass 2, in input order: every row into the columns, JSON Lines and CSV streamed (never held whole).
  const builder = new ResultsColumnsBuilder(fields === 'all' ? 'all' : [...new Set([...fields, ...ROW_FIELDS])]);
  const inputs: ResultsInput[] = [];
  const sources: VariantSource[] = [];
  let nextSource = 0;
  for (const input of read) {
    signal?.throwIfAborted();
    if ('streamed' in input) {
      const file =
        input.format === 'csv'
          ? await streamCsvResultsFile(input.streamed, builder, input.problems, { signal })
          : input.format === 'jsonl'
            ? await streamResultsFile(input.streamed, builder, input.problems, { onWarning, signal })
            : await streamColumnarResultsFile(input.streamed, input.format, builder, input.problems, { signal });
      inputs.push({ path: file.path, sha256: file.sha256, bytes: file.bytes, rows: file.rows });
      const format = input.format === 'parquet' || input.format === 'arrow' ? input.format : 'verdict';
      for (const variant of file.variants) sources.push(verdictSource(input.given, variant, format));
      continue;
    }
    // A reader returns records, places and lines of one length; checkedAt says so if one ever does not.
    for (const [i, record] of input.records.entries()) {
      const place = checkedAt(input.places, i, `${input.path}: places`);
      builder.addRecord(record, builder.fileCode(place), checkedAt(input.lines, i, `${input.path}: lines`));
    }
    inputs.push(...input.files);
    while (named.sources[nextSource]?.path === input.path) sources.push(named.sources[nextSource++] as VariantSource);
  }
  const problems = new InputProblems();
  for (const each of problemsOf) problems.absorb(each);
  problems.throwIfAny();
  for (const note of named.notes) onNote(note);
  if (builder.length === 0) throw new InputError('no records in the results files', { file: paths.join(', ') });
  for (const source of sources) {
    const input = held.find((candidate) => candidate.path === source.path);
    const planned = input === undefined ? null : plannedRun(source, input.records);
    if (planned) runs.push(planned);
  }
  return loadedResults(builder.build(), { inputs, runs, sources, notes: named.notes });
}

/**
 * Fields every analysis reads per row beyond the columns, kept whatever `fields` names: a cached cell and the cost
 * it saved, a judge's answer served from the cache (summariseVariants), and when a cell finished (the order of a
 * sequential analysis). `judge` is an object where present: such lines take the full parser (scan-record-line).
 */
const ROW_FIELDS = ['cached', 'originalCostUsd', 'judge', COMPLETION_FIELD];

/** A verdict JSON Lines, CSV, Parquet or Arrow IPC input, streamed in the second pass of loadResults. */
interface StreamedInput {
  readonly streamed: string;
  readonly format: 'jsonl' | 'csv' | 'parquet' | 'arrow';
  readonly given: string;
  readonly problems: InputProblems;
}

/** A variant of a verdict results file, as nameVariants words it: named by the file, no plan on record. */
const verdictSource = (path: string, variant: string, format: string): VariantSource => ({
  variant,
  nativeVariant: variant,
  naming: 'tool',
  path,
  format,
  runId: null,
  completeness: UNKNOWN_COMPLETENESS,
});

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
  // Planned: every item it lists and every item it holds (a log may hold samples outside its own list).
  for (const item of completeness.plannedItems ?? []) items.add(String(item));
  const plannedItems = items.size;
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
