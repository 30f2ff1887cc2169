import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { InputError } from '../schema/input-error';
import { fsyncDirectory } from './fsync-directory';
import { writeNewFile } from './run-directory-entry';
import { onDisk } from './run-store-error';

export const MANIFEST_FILE = 'manifest.json';

const Counts = z.object({
  ok: z.number().int().nonnegative(),
  error: z.number().int().nonnegative(),
  timeout: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
});

const RunState = z.enum(['running', 'completed', 'interrupted', 'failed']);

/**
 * An early-stopping run's record (src/runner/stopping-monitor.ts, `StoppingRecord`): why it stopped starting items
 * and how many it started. `verdict compare` holds the run to the items it started.
 */
const Stopping = z.object({
  policy: z.object({
    baseline: z.string(),
    candidate: z.string(),
    alpha: z.number(),
    margin: z.number(),
    minItems: z.number().int().positive(),
    maxItems: z.number().int().positive(),
  }),
  reason: z.enum(['decided', 'max-items', 'all-items']),
  finding: z.string().optional(),
  decidedAtPair: z.number().int().nonnegative().optional(),
  itemsStarted: z.number().int().nonnegative(),
  pairs: z.number().int().nonnegative(),
  orderSeed: z.number(),
});

/** One invocation of the runner on the directory: the first run, then each resume. */
const Session = z.looseObject({
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  status: RunState,
  /** Cells this invocation executed. */
  executed: z.number().int().nonnegative(),
  command: z.array(z.string()),
});

/**
 * manifest.json: what a run is (the experiment's name and configuration hash, the plan, the seed,
 * the policy), where it came from (versions, git commit, command lines) and how far it got (status,
 * counts over the stored cells of the plan, cost, timings). Rewritten atomically at the start and
 * end of each invocation; `status: 'running'` on disk with no live lock means the process died.
 */
export const RunManifest = z.looseObject({
  format: z.literal('verdict-run'),
  formatVersion: z.literal(1),
  name: z.string(),
  configHash: z.string(),
  status: RunState,
  stopReason: z.enum(['signal', 'max-cost']).optional(),
  /** The message of the error that failed the run. */
  error: z.string().optional(),
  /** Present when the run stopped early by design (`verdict run --stop-early`). */
  stopping: Stopping.optional(),
  plan: z.object({
    items: z.number().int().nonnegative(),
    variants: z.array(z.string()),
    samples: z.number().int().positive(),
    cells: z.number().int().nonnegative(),
  }),
  seed: z.number(),
  policy: z.record(z.string(), z.unknown()),
  versions: z.object({ verdict: z.string(), node: z.string() }),
  git: z.object({ commit: z.string() }).optional(),
  /** The command line of the latest invocation. */
  command: z.array(z.string()),
  /** When the run was first started; `updatedAt` is the latest write. */
  startedAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().optional(),
  /** Wall time of all invocations together. */
  durationMs: z.number().nonnegative().optional(),
  counts: Counts,
  /** Stored cells of the plan. */
  completed: z.number().int().nonnegative(),
  costUsd: z.number().nonnegative(),
  sessions: z.array(Session),
});
export type RunManifest = z.infer<typeof RunManifest>;
export type RunState = z.infer<typeof RunState>;

/**
 * Write manifest.json atomically: to a new temporary file in the same directory (created exclusively,
 * with a random name, so that a planted symbolic link is never written through), fsynced, then renamed
 * over the old one (rename is atomic on POSIX), and the directory fsynced so that the rename itself
 * survives a power cut. A reader or a crash sees the old or the new manifest, never half of one.
 *
 * @throws {RunStoreError} naming the file on a disk error.
 */
export function writeManifest(dir: string, manifest: RunManifest): void {
  const file = join(dir, MANIFEST_FILE);
  const temporary = join(dir, `.${MANIFEST_FILE}.${randomBytes(6).toString('hex')}.tmp`);
  onDisk('write', file, () => {
    try {
      writeNewFile(temporary, `${JSON.stringify(manifest, null, 2)}\n`);
      renameSync(temporary, file);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
    fsyncDirectory(dir);
  });
}

/**
 * Read manifest.json, or undefined when there is none.
 *
 * @throws {InputError} when it is not a verdict manifest, naming the file and the field.
 */
export function readManifest(
  dir: string,
  { label = join(dir, MANIFEST_FILE) }: { readonly label?: string } = {},
): RunManifest | undefined {
  const file = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    return onDisk('read', file, () => {
      throw error;
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`invalid JSON (${(error as Error).message})`, { file: label });
  }
  const parsed = RunManifest.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(issue.message, { file: label, field: issue.path.join('.') });
  }
  return parsed.data;
}
