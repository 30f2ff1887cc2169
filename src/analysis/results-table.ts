import type { ColumnTable } from 'arquero';
import { loadArquero } from '../formats/arquero-module';
import { InputProblems } from '../formats/input-problems';
import type { VariantSource } from '../formats/name-variants';
import type { ResultsInput, RunInput } from '../formats/results-input';
import { validateRows } from '../formats/validate-rows';
import { buildResultsColumns } from './columns-builder';
import { itemValue, type ResultsColumns, STATUS_NAMES } from './results-columns';

export type { RecordSource } from './columns-builder';

/**
 * Records loaded and validated: the typed columns the analysis reads (`columns`, `ResultsColumns`) and, for
 * a notebook, the same rows as an arquero table (`table`, built when first read), one row per record in input
 * order (files in the order given). The table's columns: `item` (as written), `key` (String(item): the
 * pairing key), `itemId` (the key's index in order of first appearance), `variant`, `sample`, `status`,
 * `trials` and `passes` (1 and 0/1 for a `pass` row; `n` and `c` for an aggregated row; 0 and 0 for a
 * score-only row), `score`, `latencyMs`, `costUsd` (NaN where absent), `record` (the parsed record), `file`
 * and `line` (where it came from). Filter or group it with arquero's verbs and hand it back to `compare`.
 */
export interface LoadedResults {
  readonly columns: ResultsColumns;
  /** The rows as an arquero table (built from `columns` when first read). */
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

/** Loaded results of typed columns, with their arquero table built only when it is read. */
export function loadedResults(columns: ResultsColumns, rest: Omit<LoadedResults, 'columns' | 'table'>): LoadedResults {
  let built: ColumnTable | undefined;
  return {
    columns,
    get table() {
      built ??= resultsTable(columns);
      return built;
    },
    ...rest,
  };
}

/** The rows of typed columns as an arquero table, the columns `LoadedResults.table` lists. */
export function resultsTable(columns: ResultsColumns): ColumnTable {
  const { length } = columns;
  const name = <T>(names: readonly T[], codes: ArrayLike<number>) => Array.from(codes, (code) => names[code] as T);
  return loadArquero().table({
    item: Array.from({ length }, (_, row) => itemValue(columns, row)),
    key: name(columns.itemKeys, columns.itemId),
    itemId: columns.itemId,
    variant: name(columns.variantNames, columns.variant),
    sample: columns.sample,
    status: name(STATUS_NAMES, columns.status),
    trials: columns.trials,
    passes: columns.passes,
    score: columns.score,
    latencyMs: columns.latencyMs,
    costUsd: columns.costUsd,
    record: columns.records.recordsAt(Array.from({ length }, (_, row) => row)),
    file: name(columns.fileNames, columns.file),
    line: columns.line,
  });
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
  return loadedResults(buildResultsColumns({ records: valid.records, files, lines: valid.lines }), { inputs: [] });
}

/**
 * Results from an arquero table a notebook user filtered or grouped: a table of `LoadedResults.table` (its
 * `record`, `file` and `line` columns), or any table whose rows are records. Every row is validated again.
 *
 * @throws {InputError} naming the row (as a line) and the field of any row that breaks the record schema
 */
export function resultsFromTable(rows: ColumnTable): LoadedResults {
  const names = rows.columnNames();
  if (!names.includes('record')) return resultsFromRecords(rows.objects(), { name: '<table>' });
  const values = rows.array('record') as unknown[];
  const files = names.includes('file') ? (rows.array('file') as unknown[]) : [];
  const lines = names.includes('line') ? (rows.array('line') as unknown[]) : [];
  const problems = new InputProblems();
  const records = [];
  const places: string[] = [];
  const at: number[] = [];
  for (let row = 0; row < values.length; row++) {
    const file = typeof files[row] === 'string' ? (files[row] as string) : '<table>';
    const line = typeof lines[row] === 'number' ? (lines[row] as number) : row + 1;
    const valid = validateRows([{ value: values[row], line }], file, problems);
    for (const record of valid.records) {
      records.push(record);
      places.push(file);
      at.push(line);
    }
  }
  problems.throwIfAny();
  return loadedResults(buildResultsColumns({ records, files: places, lines: at }), { inputs: [] });
}

/**
 * Whether a value is an arquero table (rather than loaded results or an array of records). Only a value with
 * arquero's `columnNames` method loads arquero for the `instanceof` check, so loaded results never do.
 */
export const isColumnTable = (value: unknown): value is ColumnTable =>
  typeof (value as { columnNames?: unknown } | null)?.columnNames === 'function' &&
  value instanceof loadArquero().ColumnTable;
