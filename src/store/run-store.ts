import { existsSync, mkdirSync, readdirSync, rmSync, truncateSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { CellRecord } from '../schema/cell-record';
import { InputError } from '../schema/input-error';
import type { RunManifest, RunStopReason, StatusCounts } from '../schema/run-manifest';
import type { StoppingRecord } from '../schema/stopping-policy';
import type { Timers } from '../time/timers';
import { VERSION } from '../version';
import { fsyncDirectory } from './fsync-directory';
import { gitCommit } from './git-commit';
import { JsonlWriter } from './jsonl-writer';
import { acquireRunLock, LOCK_FILE, LOCK_FILE_PREFIX } from './lock';
import { MANIFEST_FILE, readManifest, writeManifest } from './manifest';
import { warnOnStderr } from './read-results';
import { RESULTS_FILE } from './read-run';
import { cellIsDone, type PriorCell, readPriorCells } from './resume';
import { refuseLinkedEntry } from './run-directory-entry';
import { onDisk } from './run-store-error';

/** What a run is, as manifest.json records it. */
export type RunDescription = Pick<RunManifest, 'name' | 'configHash' | 'plan' | 'seed' | 'policy' | 'command'>;

export interface OpenRunStoreOptions {
  /** Continue the run stored in the directory. @default false */
  readonly resume?: boolean;
  /** With `resume`: run error and timeout cells again too. @default false */
  readonly retryErrors?: boolean;
  /** With `resume`: accept a changed configuration. Without: start over, deleting the stored run. @default false */
  readonly force?: boolean;
  /** Told about a torn last line that was cut off. @default a line on stderr */
  readonly onWarning?: (message: string) => void;
  /** @default systemTimers */
  readonly timers?: Timers;
  /** @default 1000 */
  readonly fsyncIntervalMs?: number;
}

/** How an invocation ended, as written into the manifest by {@link RunStore.finish}. */
export interface RunOutcome {
  readonly status: 'completed' | 'interrupted' | 'failed';
  readonly stopReason?: RunStopReason;
  readonly error?: string;
  readonly counts: StatusCounts;
  readonly completed: number;
  readonly costUsd: number;
  readonly executed: number;
  /** With early stopping: why and where the run stopped starting items (manifest.json's `stopping`). */
  readonly stopping?: StoppingRecord;
}

/** An open run directory: locked, its earlier results read, results.jsonl open for appending. */
export interface RunStore {
  readonly dir: string;
  /** The latest stored outcome of each cell (empty for a fresh run). */
  readonly prior: ReadonlyMap<string, PriorCell>;
  /** Whether a cell needs no running (stored ok, or error/timeout without `retryErrors`). */
  readonly isDone: (key: string) => boolean;
  /** Append one record as one line (buffered until the end of the event-loop turn, see JsonlWriter). @throws {RunStoreError} on a disk error. */
  readonly append: (record: CellRecord) => void;
  /** Write the buffered lines now. @throws {RunStoreError} on a disk error. */
  readonly flush: () => void;
  /** Sync and close results.jsonl, write the final manifest, release the lock. */
  readonly finish: (outcome: RunOutcome) => void;
}

/**
 * Open a run directory for a run (creating it), in this order: take the lock (a second run on the same
 * directory is refused, naming the process); check what is there (without `resume`, a directory that is
 * not empty is refused unless `force`, which deletes the stored run's results.jsonl and manifest.json
 * and nothing else; with `resume`, a changed configuration hash is refused unless `force`); read the
 * stored results (a torn last line is cut off with a warning, so appends stay line-aligned); write the
 * manifest with status `running`; open results.jsonl for appending. Resuming a directory with no run in
 * it starts a fresh one.
 *
 * @throws {InputError} for a refused directory, with the way out in the message; {RunStoreError} on a disk error.
 */
export async function openRunStore(
  dir: string,
  description: RunDescription,
  options: OpenRunStoreOptions = {},
): Promise<RunStore> {
  const { resume = false, retryErrors = false, force = false, onWarning = warnOnStderr } = options;
  createRunDirectory(dir);
  const lock = acquireRunLock(dir);
  try {
    for (const entry of [RESULTS_FILE, MANIFEST_FILE]) refuseLinkedEntry(dir, entry);
    const resultsFile = join(dir, RESULTS_FILE);
    const previous = resume ? checkResumable(dir, description, force) : checkFresh(dir, force);
    let prior = new Map<string, PriorCell>();
    if (resume && existsSync(resultsFile)) {
      const read = await readPriorCells(resultsFile, { onWarning, label: resultsFile });
      prior = read.cells;
      if (read.end.tornLine !== undefined)
        onDisk('truncate', resultsFile, () => truncateSync(resultsFile, read.end.wholeBytes));
    }
    const startedAt = new Date().toISOString();
    const commit = gitCommit();
    const session = { startedAt, status: 'running' as const, executed: 0, command: [...description.command] };
    const manifest: RunManifest = {
      format: 'verdict-run',
      formatVersion: 1,
      ...description,
      status: 'running',
      versions: { verdict: VERSION, node: process.version },
      ...(commit === undefined ? {} : { git: { commit } }),
      startedAt: previous?.startedAt ?? startedAt,
      updatedAt: startedAt,
      ...(previous?.durationMs === undefined ? {} : { durationMs: previous.durationMs }),
      counts: previous?.counts ?? { ok: 0, error: 0, timeout: 0, skipped: 0 },
      completed: previous?.completed ?? 0,
      costUsd: previous?.costUsd ?? 0,
      sessions: [...(previous?.sessions ?? []), session],
    };
    writeManifest(dir, manifest);
    const writer = new JsonlWriter(resultsFile, options);
    const began = Date.now();
    return {
      dir,
      prior,
      isDone: (key) => {
        const cell = prior.get(key);
        return cell !== undefined && cellIsDone(cell.status, { retryErrors });
      },
      append: (record) => writer.append(record),
      flush: () => writer.flush(),
      finish: (outcome) => {
        try {
          writer.close();
        } finally {
          try {
            const finishedAt = new Date().toISOString();
            const { executed, ...rest } = outcome;
            const sessions = [
              ...manifest.sessions.slice(0, -1),
              { ...session, finishedAt, status: outcome.status, executed },
            ];
            const durationMs = (previous?.durationMs ?? 0) + (Date.now() - began);
            const { stopReason: _stop, error: _error, stopping: _stopping, ...base } = manifest;
            writeManifest(dir, { ...base, ...rest, updatedAt: finishedAt, finishedAt, durationMs, sessions });
          } finally {
            lock.release();
          }
        }
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/**
 * mkdir -p the run directory, fsyncing the parent of each directory it created so that the new
 * directory entries survive a power cut (see fsyncDirectory).
 */
function createRunDirectory(dir: string): void {
  const first = onDisk('create directory', dir, () => mkdirSync(dir, { recursive: true }));
  if (first === undefined) return;
  const created = relative(first, dir)
    .split(sep)
    .filter((part) => part !== '');
  let level = first;
  fsyncDirectory(dirname(first));
  for (const part of created) {
    fsyncDirectory(level);
    level = join(level, part);
  }
}

function checkFresh(dir: string, force: boolean): undefined {
  const entries = readdirSync(dir).filter((entry) => entry !== LOCK_FILE && !entry.startsWith(LOCK_FILE_PREFIX));
  if (entries.length === 0) return undefined;
  if (!force) {
    const what =
      entries.includes(RESULTS_FILE) || entries.includes(MANIFEST_FILE) ? 'already holds a run' : 'is not empty';
    throw new InputError(
      `${what}; continue it with --resume (--retry-errors to re-run failed cells), start over with --force, or choose another --out directory`,
      { file: dir },
    );
  }
  for (const file of [RESULTS_FILE, MANIFEST_FILE])
    onDisk('delete', join(dir, file), () => rmSync(join(dir, file), { force: true }));
  return undefined;
}

function checkResumable(dir: string, description: RunDescription, force: boolean): RunManifest | undefined {
  const manifest = readManifest(dir);
  if (manifest === undefined) {
    if (existsSync(join(dir, RESULTS_FILE)) && !force)
      throw new InputError(
        `has ${RESULTS_FILE} but no ${MANIFEST_FILE}, so it cannot be checked against this experiment; add --force to resume anyway`,
        { file: dir },
      );
    return undefined;
  }
  if (manifest.configHash !== description.configHash && !force)
    throw new InputError(
      `the experiment changed since this run started (configuration hash ${manifest.configHash.slice(0, 12)} -> ${description.configHash.slice(0, 12)}: items, targets, scorer or seed); resuming would mix results of two experiments. Start a new run in another --out directory, or add --force to resume anyway`,
      { file: dir },
    );
  return manifest;
}
