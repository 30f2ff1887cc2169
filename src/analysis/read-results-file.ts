import { createHash } from 'node:crypto';
import { open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { InputProblems } from '../formats/input-problems';
import { readJsonLines, tornLineWarning } from '../formats/json-lines';
import type { RawRow } from '../formats/raw-row';
import { InputError } from '../schema/input-error';
import { detectFormat } from './detect-format';
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
 * Read one results file: JSON Lines streamed through readJsonLines (src/formats: never one string, whatever the
 * size; the torn-last-line rule of user files), hashed (sha256) and counted in the same pass; CSV and JSON
 * arrays, which need the whole text, read whole. The format comes from the extension, else from the first
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
  let bytes = 0;
  const cannotRead = (error: unknown) =>
    new InputError(`cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, {
      file: path,
    });
  let format: ReturnType<typeof detectFormat>;
  try {
    if ((await stat(given)).isDirectory()) path = join(given, RUN_RESULTS_FILE);
    format = detectFormat(path, await firstText(path));
  } catch (error) {
    throw cannotRead(error);
  }
  if (format === 'jsonl') {
    const onBytes = (chunk: Uint8Array) => {
      hash.update(chunk);
      bytes += chunk.byteLength;
    };
    const onTorn = (line: number) => onWarning(tornLineWarning(path, line));
    try {
      for await (const batch of readJsonLines(path, { onBytes, onTorn })) {
        for (const row of batch) rows.push(row); // not push(...batch): keep one way for any batch size
      }
    } catch (error) {
      throw cannotRead(error);
    }
    return { path, rows, sha256: hash.digest('hex'), bytes };
  }
  let content: Buffer;
  try {
    content = await readFile(path);
  } catch (error) {
    throw cannotRead(error);
  }
  const text = content.toString('utf8');
  const parsed = format === 'csv' ? parseCsvRows(text, path, problems) : parseJsonArray(text, path, problems);
  for (const row of parsed) rows.push(row); // not push(...parsed): a million arguments overflow the stack
  return { path, rows, sha256: createHash('sha256').update(content).digest('hex'), bytes: content.byteLength };
}

/** The first few kilobytes of a file as text, for detectFormat's look at the first character. */
async function firstText(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(PROBE_TEXT_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, PROBE_TEXT_BYTES, 0);
    return new StringDecoder('utf8').write(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

const PROBE_TEXT_BYTES = 4096;
