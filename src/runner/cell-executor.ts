import { setMaxListeners } from 'node:events';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RandomSource } from '../../stats/seeded-random';
import type { CellCacheOutcome } from '../cache/cache-summary';
import type { OutputCache } from '../cache/output-cache';
import type { CellRecord } from '../schema/cell-record';
import type { Experiment, Scorer, TargetFunction } from '../schema/experiment-definition';
import { systemTimers, type Timers } from '../time/timers';
import { CellCache } from './cell-cache';
import { CellDeadlines } from './cell-deadline';
import { CellWorkerPool } from './isolation/cell-worker-pool';
import type { RateLimiter } from './rate-limiter';
import { type RetryContext, type RunCellOptions, runCell } from './run-cell';
import { type Isolation, resolveIsolation } from './run-experiment';
import type { RunPolicy } from './run-policy';
import { experimentScorer } from './scorers/scorer-from-config';
import { resolveTarget } from './targets/resolve-target';
import type { Cell } from './types';

export interface CellExecutorOptions {
  /** The run's policy: its timeout and retries hold for every cell. */
  readonly policy: Pick<RunPolicy, 'timeoutMs' | 'retries' | 'attemptTimeoutMs'>;
  /** Cells run at once (worker threads are started for as many). */
  readonly concurrency: number;
  /** @see RunOptions.isolation */
  readonly isolation?: Isolation;
  /** The rate limiter each attempt of a variant's cells waits on, if any. */
  readonly rateLimiterFor?: (variant: string) => RateLimiter | undefined;
  /** The rate limiter the judge scorer's calls wait on (its account's), if any. */
  readonly judgeRateLimiter?: RateLimiter;
  /** The output cache (a shared one, for a distributed run): the cells' and the judge's, as in runExperiment. */
  readonly cache?: OutputCache;
  /** Where a cache warning goes (a corrupt entry, a failed lookup). @default a line on stderr */
  readonly onWarning?: (message: string) => void;
  readonly onRetry?: (context: RetryContext) => void;
  readonly maxOutputChars?: number;
  readonly random?: RandomSource;
  /** @default systemTimers */
  readonly timers?: Timers;
  /** Aborts the start (the worker threads' warm-up). */
  readonly signal?: AbortSignal;
}

/**
 * The runner's cell execution, set up once for an experiment and then handed cells one at a time: its
 * targets (built-in ones resolved, function ones in worker threads when isolated), its scorer, each
 * cell's deadline and retries (runCell) and the variant's rate limiter. `verdict worker` runs the cells
 * a queue hands it through this, so that a cell behaves on a worker exactly as in a local run.
 *
 * {@link CellExecutor.cancelAll} aborts every cell in flight (their `run` rejects with the reason, as
 * runCell does on an abort) and leaves the executor ready for more cells.
 */
export class CellExecutor {
  readonly #targets: ReadonlyMap<string, TargetFunction>;
  readonly #scorer: Scorer;
  readonly #options: CellExecutorOptions;
  readonly #pool: CellWorkerPool | undefined;
  readonly #cellCache: CellCache | undefined;
  #epoch: { controller: AbortController; deadlines: CellDeadlines; cellOptions: Map<string, RunCellOptions> };

  private constructor(
    targets: ReadonlyMap<string, TargetFunction>,
    scorer: Scorer,
    options: CellExecutorOptions,
    pool: CellWorkerPool | undefined,
    variants: Experiment['variants'],
  ) {
    this.#targets = targets;
    this.#scorer = scorer;
    this.#options = options;
    this.#pool = pool;
    this.#cellCache =
      options.cache === undefined
        ? undefined
        : new CellCache({
            cache: options.cache,
            location: options.cache.location,
            variants,
            onWarning: options.onWarning ?? warnOnStderr,
          });
    this.#epoch = this.#newEpoch();
  }

  /** Resolve the targets and scorer, and start the worker threads when the experiment's functions are isolated. */
  static async start(experiment: Experiment, options: CellExecutorOptions): Promise<CellExecutor> {
    const { concurrency, signal } = options;
    const variants = Object.keys(experiment.variants);
    const { score } = experiment;
    let scorer: Scorer = experimentScorer(score, {
      retries: options.policy.retries,
      ...(options.judgeRateLimiter === undefined ? {} : { rateLimiter: options.judgeRateLimiter }),
      ...(options.cache === undefined ? {} : { cache: options.cache }),
      onWarning: options.onWarning ?? warnOnStderr,
      ...(experiment.attemptTimeoutMs === undefined ? {} : { attemptTimeoutMs: experiment.attemptTimeoutMs }),
      ...(options.random === undefined ? {} : { random: options.random }),
      ...(options.timers === undefined ? {} : { timers: options.timers }),
    });
    const targets = new Map<string, TargetFunction>(variants.map((v) => [v, resolveTarget(experiment.variants[v]!)]));
    let pool: CellWorkerPool | undefined;
    if (resolveIsolation(experiment, options.isolation) === 'worker') {
      const module = experiment.module!.startsWith('file:') ? fileURLToPath(experiment.module!) : experiment.module!;
      pool = await CellWorkerPool.start(module, {
        // As runExperiment: one call per thread, and spares for runaways being replaced.
        threads: concurrency + Math.ceil(concurrency / 4),
        displayPath: relative(process.cwd(), module),
        ...(signal === undefined ? {} : { signal }),
      });
      for (const variant of variants)
        if (typeof experiment.variants[variant] === 'function') targets.set(variant, pool.target(variant));
      if (typeof score === 'function') scorer = pool.scorer();
    }
    return new CellExecutor(targets, scorer, options, pool, experiment.variants);
  }

  /**
   * Run one cell to its record (served from the cache when it holds the cell, as in runExperiment), with what the
   * cache did for it when there is one; rejects only when the cell is aborted (cancelAll), with the reason.
   */
  async run(cell: Cell): Promise<{ readonly record: CellRecord; readonly cache?: CellCacheOutcome }> {
    const target = this.#targets.get(cell.variant);
    if (target === undefined)
      throw new RangeError(`CellExecutor: the experiment has no variant ${JSON.stringify(cell.variant)}`);
    const options = this.#epoch.cellOptions.get(cell.variant)!;
    if (this.#cellCache === undefined) return { record: await runCell(cell, target, options) };
    return this.#cellCache.runCounted(cell, target, options);
  }

  /** Abort every cell in flight with `reason`; cells run after this start afresh. */
  cancelAll(reason: unknown): void {
    const { controller, deadlines } = this.#epoch;
    this.#epoch = this.#newEpoch();
    controller.abort(reason);
    deadlines.dispose();
  }

  /** Abort what is in flight and stop the worker threads. */
  async close(): Promise<void> {
    this.#epoch.controller.abort(new DOMException('the cell executor closed', 'AbortError'));
    this.#epoch.deadlines.dispose();
    await this.#pool?.close();
  }

  #newEpoch() {
    const {
      policy,
      concurrency,
      rateLimiterFor,
      onRetry,
      maxOutputChars,
      random,
      timers = systemTimers,
    } = this.#options;
    const controller = new AbortController();
    setMaxListeners(concurrency + 10, controller.signal);
    const deadlines = new CellDeadlines(controller.signal, policy.timeoutMs, timers);
    const cellOptions = new Map<string, RunCellOptions>();
    for (const variant of this.#targets.keys()) {
      const rateLimiter = rateLimiterFor?.(variant);
      cellOptions.set(variant, {
        scorer: this.#scorer,
        retries: policy.retries,
        ...(policy.attemptTimeoutMs === undefined ? {} : { attemptTimeoutMs: policy.attemptTimeoutMs }),
        signal: controller.signal,
        timers,
        deadlines,
        ...(random === undefined ? {} : { random }),
        ...(rateLimiter === undefined ? {} : { rateLimiter }),
        ...(onRetry === undefined ? {} : { onRetry }),
        ...(maxOutputChars === undefined ? {} : { maxOutputChars }),
      });
    }
    return { controller, deadlines, cellOptions };
  }
}

const warnOnStderr = (message: string) => void process.stderr.write(`verdict: ${message}\n`);
