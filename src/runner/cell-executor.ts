import { setMaxListeners } from 'node:events';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RandomSource } from '../../stats/seeded-random';
import type { CellRecord } from '../schema/cell-record';
import type { Experiment, Scorer, TargetFunction } from '../schema/experiment-definition';
import { systemTimers, type Timers } from '../time/timers';
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
  #epoch: { controller: AbortController; deadlines: CellDeadlines; cellOptions: Map<string, RunCellOptions> };

  private constructor(
    targets: ReadonlyMap<string, TargetFunction>,
    scorer: Scorer,
    options: CellExecutorOptions,
    pool: CellWorkerPool | undefined,
  ) {
    this.#targets = targets;
    this.#scorer = scorer;
    this.#options = options;
    this.#pool = pool;
    this.#epoch = this.#newEpoch();
  }

  /** Resolve the targets and scorer, and start the worker threads when the experiment's functions are isolated. */
  static async start(experiment: Experiment, options: CellExecutorOptions): Promise<CellExecutor> {
    const { concurrency, signal } = options;
    const variants = Object.keys(experiment.variants);
    const { score } = experiment;
    let scorer: Scorer = experimentScorer(score, {
      retries: options.policy.retries,
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
    return new CellExecutor(targets, scorer, options, pool);
  }

  /** Run one cell to its record; rejects only when the cell is aborted (cancelAll), with the reason. */
  run(cell: Cell): Promise<CellRecord> {
    const target = this.#targets.get(cell.variant);
    if (target === undefined)
      return Promise.reject(
        new RangeError(`CellExecutor: the experiment has no variant ${JSON.stringify(cell.variant)}`),
      );
    return runCell(cell, target, this.#epoch.cellOptions.get(cell.variant)!);
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
