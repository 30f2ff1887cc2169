import { setMaxListeners } from 'node:events';
import pMap, { pMapSkip } from 'p-map';
import type { RandomSource } from '../../stats/seeded-random';
import { configHash } from '../store/config-hash';
import { openRunStore, type RunStore } from '../store/run-store';
import { checkExperiment } from './check-experiment';
import { planCells } from './plan-cells';
import { createRateLimiter, type RateLimiter } from './rate-limiter';
import { type RetryContext, runCell } from './run-cell';
import { RunCounters } from './run-counters';
import { type PolicyOverrides, resolveRunPolicy } from './run-policy';
import { defaultScorer } from './scorers/default-scorer';
import { scorerFromConfig } from './scorers/scorer-from-config';
import { resolveTarget } from './targets/resolve-target';
import { systemTimers, type Timers } from './timers';
import type {
  CellRecord,
  Experiment,
  RunProgress,
  RunStatus,
  RunStopReason,
  RunSummary,
  TargetFunction,
} from './types';

export interface RunOptions extends PolicyOverrides {
  /** Run directory: results.jsonl, manifest.json and a lock. Without it nothing is written to disk. */
  readonly outDir?: string;
  /** Continue the run in `outDir`: only cells not stored yet (or stored as error/timeout, with `retryErrors`) run. @default false */
  readonly resume?: boolean;
  /** With `resume`: also re-run cells stored as error or timeout. @default false */
  readonly retryErrors?: boolean;
  /** With `resume`: accept a changed configuration hash. Without `resume`: start over in a non-empty `outDir`. @default false */
  readonly force?: boolean;
  /** Aborting it stops the run: no new cells, in-flight cells aborted (and not stored), status `interrupted`. */
  readonly signal?: AbortSignal;
  /** Called with each record as it is stored (awaited: a slow callback slows the run, never loses a record). */
  readonly onResult?: (record: CellRecord) => void | Promise<void>;
  /** Called after each record with the counts so far (for a progress bar). */
  readonly onProgress?: (progress: RunProgress) => void;
  /** Called before each retry's backoff wait. */
  readonly onRetry?: (context: RetryContext) => void;
  /** Warnings (a torn last line cut off on resume). @default a line on stderr */
  readonly onWarning?: (message: string) => void;
  /** The command line recorded in the manifest. @default process.argv */
  readonly command?: readonly string[];
  /** Jitter source of retry backoff. @default Math.random (jitter exists to decorrelate clients) */
  readonly random?: RandomSource;
  /** @default systemTimers */
  readonly timers?: Timers;
}

/**
 * Run every cell (item x variant x sample) of an experiment through its targets and scorer, p-map
 * bounding the concurrency, cells interleaved across variants (planCells), each cell with its deadline,
 * retries and rate limit (runCell). Records stream out as cells finish: to `outDir/results.jsonl` (one
 * line each, fsynced within a second) and to `onResult`; only counters stay in memory.
 *
 * Stopping: once the stored cost reaches `maxCostUsd`, no new cell starts (in-flight ones finish),
 * and the summary says `interrupted` with `stopReason: 'max-cost'`. When `signal` aborts, no new cell
 * starts, in-flight cells are aborted and not stored (a resume runs them), everything already written
 * stays, the manifest says `interrupted`, and the promise *resolves* with status `interrupted` and
 * `stopReason: 'signal'` (the CLI exits 130). A signal already aborted at the call rejects with its
 * reason before anything is touched. A failure of the run itself (a disk error, `onResult` throwing)
 * aborts in-flight cells, marks the manifest `failed` and rejects with that error. A failing *cell* is
 * never a failed run: it is a record with status `error` or `timeout`.
 *
 * @throws {InputError} for a bad experiment or a refused run directory (see openRunStore).
 * @example const summary = await runExperiment(experiment, { outDir: 'runs/today', signal });
 */
export async function runExperiment(experiment: Experiment, options: RunOptions = {}): Promise<RunSummary> {
  const { outDir, signal, onResult, onProgress, timers = systemTimers } = options;
  signal?.throwIfAborted();
  checkExperiment(experiment);
  const policy = resolveRunPolicy(experiment, options);
  const variants = Object.keys(experiment.variants);
  const cells = planCells(experiment.items, variants, { samples: policy.samples, seed: policy.seed });
  const { score } = experiment;
  const scorer = typeof score === 'function' ? score : score === undefined ? defaultScorer : scorerFromConfig(score);
  const targets = new Map<string, TargetFunction>(variants.map((v) => [v, resolveTarget(experiment.variants[v]!)]));
  const limiters = new Map<string, RateLimiter>(
    Object.entries(policy.rateLimit).map(([variant, rpm]) => [variant, createRateLimiter(rpm, { timers })]),
  );
  const startedAt = new Date().toISOString();
  const began = timers.now();
  const store: RunStore | undefined =
    outDir === undefined
      ? undefined
      : await openRunStore(
          outDir,
          {
            name: experiment.name,
            configHash: configHash(experiment, policy.seed),
            plan: { items: experiment.items.length, variants, samples: policy.samples, cells: cells.length },
            seed: policy.seed,
            policy: { ...policy },
            command: [...(options.command ?? process.argv)],
          },
          { ...options, timers },
        );
  const counters = new RunCounters(variants);
  const prior = store?.prior;
  if (prior !== undefined)
    for (const cell of cells) {
      const stored = prior.get(cell.key);
      if (stored !== undefined) counters.replace(undefined, stored);
    }
  const todo = store === undefined ? cells : cells.filter((cell) => !store.isDone(cell.key));
  const stop = new AbortController();
  const runSignal = signal === undefined ? stop.signal : AbortSignal.any([signal, stop.signal]);
  // Each running cell listens on the run signal once (its deadline) and p-map once: not a leak.
  setMaxListeners(policy.concurrency + 10, runSignal);
  const overBudget = () => policy.maxCostUsd !== undefined && counters.costUsd >= policy.maxCostUsd;
  let executed = 0;
  let fatal: { error: unknown } | undefined;
  const inFlight = new Set<Promise<unknown>>();

  const runOne = async (cell: (typeof cells)[number]) => {
    if (runSignal.aborted || overBudget()) return pMapSkip;
    try {
      const record = await runCell(cell, targets.get(cell.variant)!, {
        scorer,
        timeoutMs: policy.timeoutMs,
        retries: policy.retries,
        signal: runSignal,
        timers,
        ...(options.random === undefined ? {} : { random: options.random }),
        ...(limiters.has(cell.variant) ? { rateLimiter: limiters.get(cell.variant)! } : {}),
        ...(options.onRetry === undefined ? {} : { onRetry: options.onRetry }),
      });
      store?.append(record);
      counters.replace(prior?.get(cell.key), record);
      executed++;
      await onResult?.(record);
      onProgress?.(
        counters.progress({ planned: cells.length, executed, toExecute: todo.length, elapsedMs: timers.now() - began }),
      );
      return pMapSkip;
    } catch (error) {
      if (!runSignal.aborted) {
        fatal = { error };
        stop.abort(error);
      }
      throw error;
    }
  };
  try {
    await pMap(
      todo,
      (cell) => {
        const promise = runOne(cell);
        inFlight.add(promise);
        return promise.finally(() => inFlight.delete(promise));
      },
      { concurrency: policy.concurrency, signal: runSignal },
    );
  } catch (error) {
    if (!runSignal.aborted) fatal ??= { error };
  }
  // p-map settles on the first rejection; wait for the cells still running so nothing is appended after close.
  await Promise.allSettled([...inFlight]);

  const complete = counters.completed >= cells.length;
  const stopReason: RunStopReason | undefined =
    fatal !== undefined || complete ? undefined : signal?.aborted ? 'signal' : overBudget() ? 'max-cost' : undefined;
  const status: RunStatus = fatal !== undefined ? 'failed' : stopReason !== undefined ? 'interrupted' : 'completed';
  const finishedAt = new Date().toISOString();
  const outcome = {
    status,
    ...(stopReason === undefined ? {} : { stopReason }),
    counts: counters.totals(),
    completed: counters.completed,
    costUsd: counters.costUsd,
    executed,
  };
  try {
    store?.finish({ ...outcome, ...(fatal === undefined ? {} : { error: errorText(fatal.error) }) });
  } catch (error) {
    if (fatal === undefined) throw error;
  }
  if (fatal !== undefined) throw fatal.error;
  return {
    status,
    ...(stopReason === undefined ? {} : { stopReason }),
    ...counters.totals(),
    planned: cells.length,
    completed: counters.completed,
    executed,
    resumed: cells.length - todo.length,
    durationMs: timers.now() - began,
    startedAt,
    finishedAt,
    variants: counters.perVariant(),
    costUsd: counters.costUsd,
    ...(outDir === undefined ? {} : { outDir }),
  };
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
