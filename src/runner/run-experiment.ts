import { setMaxListeners } from 'node:events';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import pMap, { pMapSkip } from 'p-map';
import type { RandomSource } from '../../stats/seeded-random';
import { assertPositiveInteger } from '../../stats/validate';
import type { OutputCache } from '../cache/output-cache';
import { accountOfVariant } from '../schema/accounts';
import type { CellRecord } from '../schema/cell-record';
import type { Experiment, Scorer, TargetFunction } from '../schema/experiment-definition';
import { InputError } from '../schema/input-error';
import type { RunStatus, RunStopReason } from '../schema/run-manifest';
import type { StoppingPolicyInput } from '../schema/stopping-policy';
import { configHash } from '../store/config-hash';
import { openRunStore, type RunStore } from '../store/run-store';
import { systemTimers, type Timers } from '../time/timers';
import { CellCache } from './cell-cache';
import { CellDeadlines } from './cell-deadline';
import { checkExperiment } from './check-experiment';
import { CellWorkerPool } from './isolation/cell-worker-pool';
import { assertUniqueItemIds, countCells, iterateCells } from './plan-cells';
import { accountRateLimiter, createAccountLimiter, createRateLimiter, type RateLimiter } from './rate-limiter';
import { type RetryContext, type RunCellOptions, runCell } from './run-cell';
import { RunCounters } from './run-counters';
import { type PolicyOverrides, resolveRunPolicy } from './run-policy';
import { experimentScorer } from './scorers/scorer-from-config';
import { StoppingSchedule, stoppingPolicyOf } from './stopping-schedule';
import { resolveTarget } from './targets/resolve-target';
import type { Cell, RunProgress, RunSummary } from './types';

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
  /** Outputs longer than this (characters of JSON) are not stored; the cell is an `error`. @default DEFAULT_MAX_OUTPUT_CHARS (4 Mi) */
  readonly maxOutputChars?: number;
  /**
   * Where function targets and a function scorer run. `'worker'`: in worker threads (one call at a
   * time each, as many as `concurrency`), which import `experiment.module` and find the targets by
   * variant name; a deadline then holds for any code (a busy loop is terminated, its cell stored as
   * `timeout`) and a target cannot end the run (`process.exit` ends its worker). `'in-process'`: called
   * in this thread, as plain functions (faster per cell, see BENCHMARKS.md; a synchronous loop blocks
   * the run past its deadline, and `process.exit` ends it). Built-in targets and scorers always run
   * in this thread (commands are processes already). @default 'worker' when the experiment has a
   * `module` (loadExperiment sets it), else 'in-process'
   */
  readonly isolation?: Isolation;
  /**
   * The output cache (a DirectoryCache, or any OutputCache): a cell whose target, input, sample and seed it holds
   * is served from it (no call; the record says `cached: true`), and every `ok` cell computed is written to it
   * (CellCache). @default none: every cell calls its target
   */
  readonly cache?: OutputCache;
  /**
   * Stop early (`verdict run --stop-early`): items start in a seeded random order, all variants of an item
   * together; the anytime-valid sequential comparison of the policy's baseline and candidate is updated as their
   * pairs complete, and no new item starts once it has reached a finding (after `minItems` pairs) or `maxItems`
   * items have started. Cells in flight finish and are stored. `true` uses the experiment's `stopping` policy
   * (or the defaults); an object overrides fields of it. The manifest's `stopping` records why and where it
   * stopped. @default false
   */
  readonly stopEarly?: boolean | StoppingPolicyInput;
}

/** Where function targets and scorers run: see {@link RunOptions.isolation}. */
export type Isolation = 'worker' | 'in-process';

/**
 * Run every cell (item x variant x sample) of an experiment through its targets and scorer, p-map
 * bounding the concurrency and pulling cells lazily from the plan (iterateCells: interleaved across
 * variants, constant memory at any size), each cell with its deadline,
 * retries and rate limit (runCell). Records stream out as cells finish: to `outDir/results.jsonl` (one
 * line each, written in batches within the event-loop turn, fsynced within a second, see JsonlWriter)
 * and to `onResult` (each record written to the file before its callback); only counters stay in memory.
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
  if (options.maxOutputChars !== undefined)
    assertPositiveInteger('runExperiment', 'maxOutputChars', options.maxOutputChars);
  const variants = Object.keys(experiment.variants);
  assertUniqueItemIds(experiment.items);
  const planOptions = { samples: policy.samples, seed: policy.seed };
  const planned = countCells(experiment.items.length, variants.length, policy.samples);
  const isolation = resolveIsolation(experiment, options.isolation);
  const onWarning = options.onWarning ?? ((message: string) => process.stderr.write(`verdict: ${message}\n`));
  const stopping = stoppingPolicyOf(experiment, options.stopEarly, variants);
  const cellCache =
    options.cache === undefined
      ? undefined
      : new CellCache({
          cache: options.cache,
          location: options.cache.location,
          variants: experiment.variants,
          onWarning,
        });
  const { score } = experiment;
  // Shared accounts: one limiter each, for every variant and the judge that use it (a Retry-After
  // seen by any of them pauses all); a variant's own `rateLimit` is a limiter of its own.
  const accountLimiter = createAccountLimiter(policy.accounts ?? {}, { timers });
  const accountOf = accountOfVariant(experiment.accounts);
  const judgeAccount = typeof score === 'object' && score.type === 'judge' ? score.account : undefined;
  let scorer: Scorer = experimentScorer(score, {
    ...(judgeAccount === undefined ? {} : { rateLimiter: accountRateLimiter(accountLimiter, judgeAccount) }),
    retries: policy.retries,
    timers,
    onWarning,
    ...(experiment.attemptTimeoutMs === undefined ? {} : { attemptTimeoutMs: experiment.attemptTimeoutMs }),
    ...(options.random === undefined ? {} : { random: options.random }),
    ...(options.cache === undefined ? {} : { cache: options.cache }),
  });
  const targets = new Map<string, TargetFunction>(variants.map((v) => [v, resolveTarget(experiment.variants[v]!)]));
  const limiters = new Map<string, RateLimiter>(
    Object.entries(policy.rateLimit).map(([variant, rpm]) => [variant, createRateLimiter(rpm, { timers })]),
  );
  for (const [variant, account] of accountOf) limiters.set(variant, accountRateLimiter(accountLimiter, account));
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
            plan: { items: experiment.items.length, variants, samples: policy.samples, cells: planned },
            seed: policy.seed,
            policy: { ...policy, isolation, ...(stopping === undefined ? {} : { stopping }) },
            command: [...(options.command ?? process.argv)],
          },
          { ...options, timers },
        );
  const counters = new RunCounters(variants);
  const prior = store?.prior;
  // A resume counts the stored outcomes of planned cells, and how many are done, in one pass over the
  // keys; the cells to run are then the plan's, lazily, less the done ones (same order, same keys).
  let resumed = 0;
  if (prior !== undefined && prior.size > 0)
    for (const cell of iterateCells(experiment.items, variants, planOptions)) {
      const stored = prior.get(cell.key);
      if (stored === undefined) continue;
      counters.replace(undefined, stored);
      if (store!.isDone(cell.key)) resumed++;
    }
  const skipDone = resumed > 0 ? store!.isDone : undefined;
  // With a stopping policy: the seeded order, item by item (StoppingSchedule); a resume feeds it what is stored.
  const schedule =
    stopping === undefined
      ? undefined
      : new StoppingSchedule(stopping, experiment, { variants, samples: policy.samples, seed: policy.seed });
  if (schedule !== undefined && prior !== undefined) schedule.resumeFrom(prior, store!.isDone);
  const toExecute = planned - resumed;
  const todo =
    schedule === undefined ? iterateCells(experiment.items, variants, planOptions, skipDone) : schedule.cells(skipDone);
  const stop = new AbortController();
  const runSignal = signal === undefined ? stop.signal : AbortSignal.any([signal, stop.signal]);
  // One listener for all cells' deadlines (CellDeadlines), one for p-map: not a leak.
  setMaxListeners(policy.concurrency + 10, runSignal);
  const deadlines = new CellDeadlines(runSignal, policy.timeoutMs, timers);
  const overBudget = () => policy.maxCostUsd !== undefined && counters.costUsd >= policy.maxCostUsd;
  let executed = 0;
  let fatal: { error: unknown } | undefined;
  // Cells still running, so that nothing is appended after the store closes.
  let inFlight = 0;
  let drained: (() => void) | undefined;
  // The options of runCell are the same for every cell of a variant: built once, not per cell.
  const buildCellOptions = () =>
    new Map<string, RunCellOptions>(
      variants.map((variant) => [
        variant,
        {
          scorer,
          retries: policy.retries,
          ...(policy.attemptTimeoutMs === undefined ? {} : { attemptTimeoutMs: policy.attemptTimeoutMs }),
          signal: runSignal,
          timers,
          deadlines,
          ...(options.random === undefined ? {} : { random: options.random }),
          ...(limiters.has(variant) ? { rateLimiter: limiters.get(variant)! } : {}),
          ...(options.onRetry === undefined ? {} : { onRetry: options.onRetry }),
          ...(options.maxOutputChars === undefined ? {} : { maxOutputChars: options.maxOutputChars }),
        },
      ]),
    );
  let cellOptions = buildCellOptions();
  let pool: CellWorkerPool | undefined;

  const runOne = async (cell: Cell) => {
    if (runSignal.aborted || overBudget()) return pMapSkip;
    inFlight++;
    try {
      const target = targets.get(cell.variant)!;
      const cellOption = cellOptions.get(cell.variant)!;
      let record = await (cellCache === undefined
        ? runCell(cell, target, cellOption)
        : cellCache.run(cell, target, cellOption));
      try {
        store?.append(record);
      } catch (error) {
        // A record JSON cannot hold (V8's "Invalid string length": a scorer's huge details) is stored
        // as an error saying so, so that the run goes on and a resume does not fail at the same cell.
        if (!(error instanceof RangeError)) throw error;
        record = unstorable(record, error);
        store?.append(record);
      }
      counters.replace(prior?.get(cell.key), record);
      schedule?.add({ item: String(cell.item.id), variant: cell.variant, status: record.status, pass: record.pass });
      executed++;
      if (onResult !== undefined) {
        // A record handed to onResult is in results.jsonl already (written, fsynced within a second).
        store?.flush();
        await onResult(record);
      }
      if (onProgress !== undefined)
        onProgress(counters.progress({ planned, executed, toExecute, elapsedMs: timers.now() - began }));
      return pMapSkip;
    } catch (error) {
      if (!runSignal.aborted) {
        fatal = { error };
        stop.abort(error);
      }
      throw error;
    } finally {
      if (--inFlight === 0) drained?.();
    }
  };
  try {
    if (isolation === 'worker' && toExecute > 0) {
      pool = await CellWorkerPool.start(modulePath(experiment.module!), {
        // One call per worker, and spares: a worker given up after a runaway's grace is replaced in
        // the background while a spare takes its place, so the cells after it do not wait for one.
        threads: Math.min(policy.concurrency, toExecute) + Math.ceil(Math.min(policy.concurrency, toExecute) / 4),
        displayPath: relative(process.cwd(), modulePath(experiment.module!)),
        signal: runSignal,
      });
      for (const variant of variants)
        if (typeof experiment.variants[variant] === 'function') targets.set(variant, pool.target(variant));
      if (typeof score === 'function') scorer = pool.scorer();
      cellOptions = buildCellOptions();
    }
    await pMap(todo, runOne, { concurrency: policy.concurrency, signal: runSignal });
  } catch (error) {
    if (!runSignal.aborted) fatal ??= { error };
  }
  // p-map settles on the first rejection; wait for the cells still running so nothing is appended after close.
  if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
  deadlines.dispose();
  await pool?.close();

  const complete = counters.completed >= planned;
  const stopReason: RunStopReason | undefined =
    fatal !== undefined || complete ? undefined : signal?.aborted ? 'signal' : overBudget() ? 'max-cost' : undefined;
  const status: RunStatus = fatal !== undefined ? 'failed' : stopReason !== undefined ? 'interrupted' : 'completed';
  const finishedAt = new Date().toISOString();
  const stoppingRecord = schedule?.record();
  const outcome = {
    status,
    ...(stopReason === undefined ? {} : { stopReason }),
    ...(stoppingRecord === undefined ? {} : { stopping: stoppingRecord }),
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
    planned,
    completed: counters.completed,
    executed,
    resumed,
    durationMs: timers.now() - began,
    startedAt,
    finishedAt,
    variants: counters.perVariant(),
    costUsd: counters.costUsd,
    ...(stoppingRecord === undefined ? {} : { stopping: stoppingRecord }),
    ...(cellCache === undefined ? {} : { cache: cellCache.summary() }),
    ...(outDir === undefined ? {} : { outDir }),
  };
}

/** The error record that replaces one whose JSON cannot be built: the cell's identity and timing, no output. */
function unstorable(record: CellRecord, error: RangeError): CellRecord {
  const { key, item, variant, sample, tags, latencyMs, attempts, costUsd, tokens, seed, finishedAt } = record;
  return {
    key,
    item,
    variant,
    sample,
    status: 'error',
    error: `the cell's record cannot be stored as JSON (${error.message}): its output or score details are too large`,
    ...(tags === undefined ? {} : { tags }),
    latencyMs,
    attempts,
    ...(costUsd === undefined ? {} : { costUsd }),
    ...(tokens === undefined ? {} : { tokens }),
    seed,
    finishedAt,
  };
}

/**
 * The isolation a run uses: nothing to isolate without a function target or scorer; otherwise the
 * one asked for, by default workers when the experiment's module is known.
 * @throws {InputError} for `'worker'` without `experiment.module`.
 */
export function resolveIsolation(experiment: Experiment, asked: Isolation | undefined): Isolation {
  if (asked !== undefined && asked !== 'worker' && asked !== 'in-process')
    throw new TypeError(`runExperiment: \`isolation\` must be 'worker' or 'in-process', got ${JSON.stringify(asked)}`);
  const functions =
    typeof experiment.score === 'function' ||
    Object.values(experiment.variants).some((target) => typeof target === 'function');
  if (!functions || asked === 'in-process') return 'in-process';
  if (experiment.module === undefined) {
    if (asked === 'worker')
      throw new InputError(
        "isolation 'worker' needs the experiment's module, for worker threads to import: load the experiment with loadExperiment, or set `module` to the file that defines it",
        { field: 'module' },
      );
    return 'in-process';
  }
  return 'worker';
}

/** A module given as a file URL or a path, as a path. */
const modulePath = (module: string): string => (module.startsWith('file:') ? fileURLToPath(module) : module);

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
