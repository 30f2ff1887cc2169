import { type ColumnTable, table } from 'arquero';
import { InputProblems } from '../formats/input-problems';
import type { VariantSource } from '../formats/name-variants';
import type { ResultsInput, RunInput } from '../formats/results-input';
import { validateRows } from '../formats/validate-rows';
import type { ResultRecord } from '../schema/result-record';

/**
 * Records loaded and validated, as an arquero table with one row per record in input order (files in
 * the order given). Columns:
 * `item` (as written), `key` (String(item): the pairing key, so 7 and "7" pair across a JSONL and a
 * CSV file), `itemId` (the key's index in order of first appearance, so that later verbs index typed
 * arrays instead of hashing strings again), `variant`, `sample`, `status`, `trials` and `passes` (1 and 0/1 for a `pass` row; `n` and
 * `c` for an aggregated row; 0 and 0 for a score-only row), `score`, `latencyMs`, `costUsd`
 * (Float64Array, NaN where absent; snake_case `latency_ms` / `cost_usd` are read too), `record` (the
 * parsed record, for tags, outputs and any slicing field), `file` and `line` (where it came from).
 */
export interface LoadedResults {
  readonly table: ColumnTable;
  readonly inputs: readonly ResultsInput[];
  /**
   * The inputs that say what they planned: verdict runs (a run directory, or the results.jsonl beside its
   * manifest) and other tools' files that record their plan (src/formats' completeness). @default []
   */
  readonly runs?: readonly RunInput[];
  /** Each variant of each input: its format, how it was named, whether its run was complete (src/formats). */
  readonly sources?: readonly VariantSource[];
  /** What the loader told the user about naming and the readers' choices. */
  readonly notes?: readonly string[];
}

/** A source of validated records: the records and, for each, its file and line. */
export interface RecordSource {
  readonly records: readonly ResultRecord[];
  readonly files: readonly string[];
  readonly lines: readonly number[];
}

/** Build the results table from records that already passed the schema (validate first, then build). */
export function buildResultsTable({ records, files, lines }: RecordSource): ColumnTable {
  const count = records.length;
  const item: (string | number)[] = new Array(count);
  const key: string[] = new Array(count);
  const itemId = new Int32Array(count);
  const ids = new Map<string, number>();
  const variant: string[] = new Array(count);
  const sample = new Float64Array(count);
  const status: string[] = new Array(count);
  const trials = new Float64Array(count);
  const passes = new Float64Array(count);
  const score = new Float64Array(count);
  const latencyMs = new Float64Array(count);
  const costUsd = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const record = records[i]!;
    item[i] = record.item;
    key[i] = String(record.item);
    let id = ids.get(key[i]!);
    if (id === undefined) {
      id = ids.size;
      ids.set(key[i]!, id);
    }
    itemId[i] = id;
    variant[i] = record.variant;
    sample[i] = record.sample;
    status[i] = record.status;
    if (record.n !== undefined) {
      trials[i] = record.n;
      passes[i] = record.c ?? 0;
    } else if (record.pass !== undefined) {
      trials[i] = 1;
      passes[i] = record.pass ? 1 : 0;
    }
    score[i] = record.score ?? Number.NaN;
    latencyMs[i] = numberField(record, 'latencyMs', 'latency_ms');
    costUsd[i] = numberField(record, 'costUsd', 'cost_usd');
  }
  return table({
    item,
    key,
    itemId,
    variant,
    sample,
    status,
    trials,
    passes,
    score,
    latencyMs,
    costUsd,
    record: records as ResultRecord[],
    file: files as string[],
    line: Float64Array.from(lines),
  });
}

function numberField(record: ResultRecord, camel: string, snake: string): number {
  const value = record[camel] ?? record[snake];
  return typeof value === 'number' && Number.isFinite(value) ? value : Number.NaN;
}

export interface ResultsFromRecordsOptions {
  /** Name used in error messages in place of a file name. @default '<records>' */
  readonly name?: string;
}

/**
 * Load in-memory records (a notebook's array, a simulation) exactly as files are loaded: each is
 * validated against the record schema, problems are reported as one InputError (line = index + 1).
 *
 * @example compare(resultsFromRecords([{ item: 1, variant: 'A', pass: true }, { item: 1, variant: 'B', pass: false }]), { baseline: 'A', candidates: ['B'] })
 */
export function resultsFromRecords(
  records: readonly unknown[],
  { name = '<records>' }: ResultsFromRecordsOptions = {},
): LoadedResults {
  const problems = new InputProblems();
  const valid = validateRows(
    records.map((value, index) => ({ value, line: index + 1 })),
    name,
    problems,
  );
  problems.throwIfAny();
  const files = new Array<string>(valid.records.length).fill(name);
  return { table: buildResultsTable({ records: valid.records, files, lines: valid.lines }), inputs: [] };
}
