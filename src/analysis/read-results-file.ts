import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { InputProblems } from '../formats/input-problems';
import type { RawRow } from '../formats/raw-row';
import { InputError } from '../schema/input-error';
import { detectFormat } from './detect-format';
import { JsonLinesParser } from './json-lines-parser';
import { parseCsvRows } from './parse-csv-rows';
import { parseJsonArray } from './parse-json-array';

/** The file a run directory keeps its results in (src/store). */
const RUN_RESULTS_FILE = 'results.jsonl';

/** One file's rows, and what provenance records of it. */
export interface ResultsFileContents {
  /** The file read (a run directory's results.jsonl for a directory). */
  readonly path: string;
  readonly rows: RawRow[];
  readonly sha256: string;
  readonly bytes: number;
}

/**
 * Read one results file as a stream: hashed (sha256) and counted as it goes, JSON Lines parsed line
 * by line as the bytes arrive (never one string, whatever the size); CSV and JSON arrays, which need
 * the whole text, are parsed at the end. The format comes from the extension, else from the first
 * character (`detectFormat`). A directory stands for the run it holds (its results.jsonl).
 *
 * @throws {InputError} naming the file when it cannot be read
 */
export async function readResultsFile(
  given: string,
  problems: InputProblems,
  onWarning: (message: string) => void,
): Promise<ResultsFileContents> {
  let path = given;
  const rows: RawRow[] = [];
  const hash = createHash('sha256');
  const decoder = new StringDecoder('utf8');
  let bytes = 0;
  let parser: JsonLinesParser | null = null;
  let whole: string[] | null = null;
  let format: ReturnType<typeof detectFormat> | null = null;
  try {
    if ((await stat(given)).isDirectory()) path = join(given, RUN_RESULTS_FILE);
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytes += chunk.byteLength;
      const text = decoder.write(chunk);
      if (format === null) {
        format = detectFormat(path, text);
        if (format === 'jsonl') parser = new JsonLinesParser(path, (row) => rows.push(row), onWarning);
        else whole = [];
      }
      if (parser) parser.push(text);
      else whole!.push(text);
    }
  } catch (error) {
    throw new InputError(`cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, {
      file: path,
    });
  }
  const rest = decoder.end();
  if (parser) {
    parser.push(rest);
    parser.end();
  } else if (whole) {
    const text = whole.join('') + rest;
    const parsed = format === 'csv' ? parseCsvRows(text, path, problems) : parseJsonArray(text, path, problems);
    for (const row of parsed) rows.push(row); // not push(...parsed): a million arguments overflow the stack
  }
  return { path, rows, sha256: hash.digest('hex'), bytes };
}
