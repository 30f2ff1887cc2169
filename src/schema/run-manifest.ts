import { z } from 'zod';
import { StoppingRecord } from './stopping-policy';

/** Stored cells by status. */
export const StatusCounts = z.object({
  ok: z.number().int().nonnegative(),
  error: z.number().int().nonnegative(),
  timeout: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
});

/** A run's state on disk: `running` while a process works on it (or died doing so: no live lock). */
export const RunState = z.enum(['running', 'completed', 'interrupted', 'failed']);

/**
 * How a run ended. `completed`: every planned cell is stored (ok, error or timeout). `interrupted`: it
 * stopped early (see RunStopReason) and a resume runs the rest. `failed`: the run itself broke (a disk
 * error, a callback that threw); manifest.json says so, and runExperiment rejects with the error
 * rather than resolving, so a returned summary is never `failed`.
 */
export type RunStatus = Exclude<RunState, 'running'>;

/**
 * Why a run stopped before its plan was done: the caller's `signal` aborted, or the recorded cost
 * reached `maxCostUsd`. Both leave status `interrupted`; resuming runs the rest.
 */
export const RunStopReason = z.enum(['signal', 'max-cost']);
export type RunStopReason = z.infer<typeof RunStopReason>;

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
  stopReason: RunStopReason.optional(),
  /** The message of the error that failed the run. */
  error: z.string().optional(),
  /** Present when the run stopped early by design (`verdict run --stop-early`). */
  stopping: StoppingRecord.optional(),
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
  counts: StatusCounts,
  /** Stored cells of the plan. */
  completed: z.number().int().nonnegative(),
  costUsd: z.number().nonnegative(),
  sessions: z.array(Session),
});
export type RunManifest = z.infer<typeof RunManifest>;
export type RunState = z.infer<typeof RunState>;
export type StatusCounts = z.infer<typeof StatusCounts>;

/** Status counts of one variant's stored cells, and the passes among its ok cells. */
export interface VariantCounts extends StatusCounts {
  readonly passes: number;
}
