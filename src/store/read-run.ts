import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CellRecord } from '../schema/cell-record';
import { InputError } from '../schema/input-error';
import type { RunManifest } from '../schema/run-manifest';
import { readManifest } from './manifest';
import { type ReadResultsOptions, readResults } from './read-results';

export const RESULTS_FILE = 'results.jsonl';

/** A run directory as read back: its manifest and one record per cell. */
export interface RunContents {
  readonly manifest: RunManifest | undefined;
  /** The latest record of each cell, in the order cells first appeared in the file. */
  readonly records: CellRecord[];
}

/**
 * Read a run directory (results.jsonl and manifest.json) into memory, one record per cell: when a
 * cell has several lines (an error later re-run with `--retry-errors`, a forced resume), the last one
 * wins, so reading a run never yields two records for one cell. A torn last line is skipped with a
 * warning and left on disk (reading never writes; the next resume cuts it off).
 *
 * @throws {InputError} when the directory has no results.jsonl, or a line is invalid (file:line named).
 */
export async function readRun(dir: string, options: ReadResultsOptions = {}): Promise<RunContents> {
  const file = join(dir, RESULTS_FILE);
  if (!existsSync(file))
    throw new InputError(`no ${RESULTS_FILE} in this directory; is it a verdict run?`, { file: dir });
  const latest = new Map<string, CellRecord>();
  await readResults(file, (_record, key, _line, written) => latest.set(key, written as CellRecord), {
    label: file,
    ...options,
  });
  return { manifest: readManifest(dir), records: [...latest.values()] };
}
