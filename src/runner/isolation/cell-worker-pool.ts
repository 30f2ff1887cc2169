import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { workerExecArgv, workerModuleFile } from '../../formats/worker-module';
import type {
  ExperimentItem,
  Scorer,
  ScorerContext,
  ScoreValue,
  TargetFunction,
} from '../../schema/experiment-definition';
import { InputError } from '../../schema/input-error';
import type { CellReply, CellTask, CellWorkerData } from './cell-task';
import { fromThrownValue, toThrownValue } from './thrown-value';

/**
 * Time a target gets, once its cell's deadline has passed and its signal aborted inside the worker,
 * to stop by itself (to kill a process it started, close a socket) before its worker is terminated.
 * The cell is stored as `timeout` at the deadline either way. @default 1000
 */
export const DEFAULT_ABORT_GRACE_MS = 1000;

export interface CellWorkerPoolOptions {
  /** Worker threads: one cell's call at a time each, so as many as cells run at once. */
  readonly threads: number;
  /** @default DEFAULT_ABORT_GRACE_MS */
  readonly abortGraceMs?: number;
  /** The module as the user wrote it, for messages. @default the module */
  readonly displayPath?: string;
  /** Aborts the warm-up. */
  readonly signal?: AbortSignal;
}

/**
 * The worker threads that run an experiment's function targets and scorer isolated from the runner
 * (RunOptions.isolation 'worker'). The pool is piscina's: a well-kept pool (Node.js collaborators,
 * used by Fastify and Astro) that starts, replaces and terminates workers, terminates a worker whose
 * task is aborted even in a busy loop, and turns a worker that exits (`process.exit` in a target) into
 * a rejected task rather than the end of the process. tinypool, its fork, would do as well; piscina
 * was chosen for its AbortSignal support on running tasks and its documented semantics. Each worker
 * runs one call at a time (`concurrentTasksPerWorker: 1`), so terminating a runaway takes only its own
 * cell with it, and there are as many workers as cells run at once.
 *
 * A call's deadline (the cell's signal): the reason is posted to the worker, where the target's own
 * signal aborts; a call still running `abortGraceMs` later has its worker terminated (piscina's abort),
 * and piscina starts another. What crosses the boundary is structured-cloned: inputs and items in,
 * outputs, score values and thrown values out (errors keep their fields, see thrown-value.ts).
 */
export class CellWorkerPool {
  readonly #pool: Piscina;
  readonly #graceMs: number;
  readonly #displayPath: string;

  private constructor(pool: Piscina, graceMs: number, displayPath: string) {
    this.#pool = pool;
    this.#graceMs = graceMs;
    this.#displayPath = displayPath;
  }

  /**
   * Start `threads` workers and wait until each has imported the module.
   * @throws {InputError} naming the module when a worker cannot load it.
   */
  static async start(
    module: string,
    { threads, abortGraceMs = DEFAULT_ABORT_GRACE_MS, displayPath = module, signal }: CellWorkerPoolOptions,
  ): Promise<CellWorkerPool> {
    const workerData: CellWorkerData = { module, displayPath };
    const pool = new Piscina({
      filename: WORKER_FILE.href,
      minThreads: threads,
      maxThreads: threads,
      concurrentTasksPerWorker: 1,
      idleTimeout: Number.POSITIVE_INFINITY,
      // Workers run a normal event loop between tasks: a target's background work (a keep-alive
      // socket, a timer) goes on rather than freezing in piscina's Atomics.wait.
      atomics: 'disabled',
      workerData,
      execArgv: workerExecArgv(WORKER_FILE),
    });
    const self = new CellWorkerPool(pool, abortGraceMs, displayPath);
    try {
      const arrived = new Int32Array(new SharedArrayBuffer(4));
      const task: CellTask = { kind: 'warm', arrived, expected: threads };
      const replies = await Promise.all(
        Array.from(
          { length: threads },
          () => pool.run(task, signal === undefined ? {} : { signal }) as Promise<CellReply>,
        ),
      );
      const failed = replies.find((reply) => !reply.ok);
      if (failed !== undefined && !failed.ok) {
        const error = fromThrownValue(failed.thrown);
        throw new InputError(
          `${error instanceof Error ? error.message : String(error)} (in a worker thread; --in-process, or isolation: 'in-process', runs targets in verdict's own thread)`,
        );
      }
    } catch (error) {
      await pool.destroy();
      if (signal?.aborted) throw signal.reason;
      throw error;
    }
    return self;
  }

  /** The variant's target, called in a worker. */
  target(variant: string): TargetFunction {
    return async (input, ctx) => {
      const { item, sample, attempt, seed } = ctx;
      const context = { item, variant: ctx.variant, sample, attempt, seed };
      const reply = await this.#call((abort) => ({ kind: 'target', variant, input, context, abort }), ctx.signal);
      for (const usage of reply.usage) ctx.report(usage);
      if (!reply.ok) throw fromThrownValue(reply.thrown);
      return reply.value;
    };
  }

  /** The module's scorer, called in a worker. */
  scorer(): Scorer {
    return async (output: unknown, item: ExperimentItem, context?: ScorerContext) => {
      const signal = context?.signal ?? new AbortController().signal;
      const reply = await this.#call((abort) => ({ kind: 'score', output, item, abort }), signal);
      if (!reply.ok) throw fromThrownValue(reply.thrown);
      return reply.value as ScoreValue;
    };
  }

  /** Terminate every worker (the run is over: no call is waited for). */
  close(): Promise<void> {
    return this.#pool.destroy();
  }

  async #call(task: (abort: MessagePort) => CellTask, signal: AbortSignal): Promise<CellReply> {
    signal.throwIfAborted();
    const { port1, port2 } = new MessageChannel();
    const terminate = new AbortController();
    let grace: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      port1.postMessage(toThrownValue(signal.reason));
      grace = setTimeout(() => terminate.abort(), this.#graceMs);
      grace.unref();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      return (await this.#pool.run(task(port2), { transferList: [port2], signal: terminate.signal })) as CellReply;
    } catch (error) {
      if (terminate.signal.aborted || signal.aborted) throw signal.reason;
      throw workerFailure(error, this.#displayPath);
    } finally {
      signal.removeEventListener('abort', onAbort);
      if (grace !== undefined) clearTimeout(grace);
      port1.close();
    }
  }
}

type MessagePort = import('node:worker_threads').MessagePort;

const WORKER_FILE = workerModuleFile(import.meta.url, 'cell-worker');

/** A worker that ended during a call: the target exited it or crashed it; the run goes on. */
function workerFailure(error: unknown, displayPath: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  const exit = /worker exited with code: (-?\d+)/.exec(message);
  if (exit !== null)
    return new Error(
      `the target ended its worker thread (exit code ${exit[1]}; process.exit() in ${displayPath} ends only the worker, not the run)`,
    );
  return new Error(`the target's worker thread failed: ${message}`);
}
