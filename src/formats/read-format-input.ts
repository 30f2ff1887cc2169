import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { InputLocation } from '../schema/input-error';
import type { ResultRecord } from '../schema/result-record';
import type { FormatReader, FormatReadOptions, VariantReport } from './format-reader';
import type { InputProblems } from './input-problems';
import type { ResultsInput } from './results-input';
import { validateRecord } from './validate-rows';

/** The choices of FormatReadOptions a user makes (the report sink is the loader's). */
export type FormatChoices = Omit<FormatReadOptions, 'report'>;

/** One input read by one of the other tools' formats: its valid records and all it reported. */
export interface FormatInput {
  readonly path: string;
  readonly format: string;
  readonly records: ResultRecord[];
  /** Where each record came from: `file`, `file:entry` or `file:json.path`, for messages about the row. */
  readonly places: string[];
  /** The line of each record (NaN where the place is an entry or a JSON path). */
  readonly lines: number[];
  readonly scopes: (string | undefined)[];
  readonly variants: VariantReport[];
  readonly notes: string[];
  /** Provenance of every file read (the path given, or the files of a directory). */
  readonly files: ResultsInput[];
}

/**
 * Read an input with `format`: every row validated against the record schema (problems gathered with
 * file, place and field), every file hashed for provenance.
 */
export async function readFormatInput(
  path: string,
  format: FormatReader,
  choices: FormatChoices,
  problems: InputProblems,
  signal?: AbortSignal,
): Promise<FormatInput> {
  const input: FormatInput = {
    path,
    format: format.name,
    records: [],
    places: [],
    lines: [],
    scopes: [],
    variants: [],
    notes: [],
    files: [],
  };
  const read: string[] = [];
  const report = {
    variant: (variant: VariantReport) => input.variants.push(variant),
    note: (text: string) => input.notes.push(text),
    file: (file: string) => read.push(file),
  };
  const rows = new Map<string, number>();
  for await (const row of format.read(path, { ...choices, report }, signal)) {
    if (row.record === undefined) {
      problems.add(row.problem, row.place);
      continue;
    }
    const record = validateRecord(row.record, row.place, problems);
    if (record === undefined) continue;
    input.records.push(record);
    input.places.push(placeLabel(row.place));
    input.lines.push(row.place.line ?? Number.NaN);
    input.scopes.push(row.scope);
    const file = row.place.file ?? path;
    rows.set(file, (rows.get(file) ?? 0) + 1);
  }
  const files = read.length > 0 ? read : [path];
  for (const file of files) input.files.push({ ...(await hashFile(file)), rows: rows.get(file) ?? 0 });
  return input;
}

/** `file` (its line goes in the line column), `file:entry` or `file:field` (a JSON path): what messages put before a field. */
function placeLabel({ file = '', line, entry, field }: InputLocation): string {
  if (line !== undefined) return file;
  if (entry !== undefined) return field ? `${file}:${entry}:${field}` : `${file}:${entry}`;
  return field ? `${file}:${field}` : file;
}

async function hashFile(path: string): Promise<Omit<ResultsInput, 'rows'>> {
  if ((await stat(path)).isDirectory()) return { path, sha256: '', bytes: 0 };
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.byteLength;
  }
  return { path, sha256: hash.digest('hex'), bytes };
}
