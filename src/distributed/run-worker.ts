import { hostname } from 'node:os';
import { Queue, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { assertPositiveInteger } from '../../stats/validate';
import { CellExecutor } from '../runner/cell-executor';
import { checkExperiment } from '../runner/check-experiment';
import { assertUniqueItemIds } from '../runner/plan-cells';
import type { AccountLimit } from '../runner/rate-limiter';
import type { Isolation } from '../runner/run-experiment';
import { DEFAULT_CONCURRENCY } from '../runner/run-policy';
import type { CellRecord } from '../schema/cell-record';
import type { Experiment } from '../schema/experiment-definition';
import { InputError } from '../schema/input-error';
import type { StatusCounts } from '../schema/run-manifest';
import { configHash } from '../store/config-hash';
import { CellJob, cellJobId, cellOfJob, keyOfCellJobId } from './cell-job';
import { DEFAULT_STALLED_AFTER_MS } from './defaults';
import { noticeOnStderr } from './notice';
import { defaultQueueName, KEY_PREFIX, type QueueKeys, queueKeys } from './queue-keys';
import { type QueueUrl, redactSecret } from './queue-url';
import { RedisCache } from './redis-cache';
import { RedisLink } from './redis-link';
import { createRedisRateLimiter, type SharedLimitKeys } from './redis-rate-limiter';
import { type InterruptMode, MAX_STALLED_COUNT } from './run-coordinator';
import { type RunMeta, readRunMeta } from './run-meta';
import { WorkerClosing } from './worker-closing';

const META_POLL_MS = 500;

export interface WorkerRunOptions {
  readonly queue: QueueUrl;
  /** @default the experiment's name made safe (defaultQueueName), as the coordinator's */
  readonly queueName?: string;
  /** Cells this worker runs at once. @default DEFAULT_CONCURRENCY */
  readonly concurrency?: number;
  /** @see RunOptions.isolation */
  readonly isolation?: Isolation;
  /** Stops the worker: its cells in flight go back to the queue (`cancel`) or finish (`drain`). */
  readonly signal?: AbortSignal;
  /** @default 'cancel' */
  readonly onInterrupt?: InterruptMode;
  /** A job whose worker stops renewing its lock for this long is run again elsewhere (BullMQ's lockDuration). @default 30000 */
  readonly stalledAfterMs?: number;
  /** Stay when the run completes, waiting for the next run of the same experiment on the queue. @default false */
  readonly keepAlive?: boolean;
  /** Called with each record this worker sends. */
  readonly onCell?: (record: CellRecord) => void;
  /** @default a line on stderr */
  readonly onNotice?: (message: string) => void;
}

/** What a worker did, when it stops. */
export interface WorkerSummary extends StatusCounts {
  /** Cells this worker ran and sent to the coordinator. */
  readonly ran: number;
  /** `completed`: the run is complete; `interrupted`: this worker was stopped (signal). */
  readonly outcome: 'completed' | 'interrupted';
  readonly runId?: string;
}

/**
 * Run cells of a distributed run (runDistributed) from its queue until the run completes: wait for a
 * coordinator to describe the run, refuse to run when this process's experiment is not the one the
 * coordinator runs (configuration hashes differ: items, targets, scorer or seed), then take cells
 * `concurrency` at a time and run each with the runner's own cell execution (CellExecutor: targets,
 * scorers, the coordinator's deadline and retries, isolation) and a rate limiter shared in Redis by
 * every worker (createRedisRateLimiter; a Retry-After pauses the variant for all of them), and send
 * each record back. API keys are read from this process's environment; the queue never holds one.
 *
 * A worker killed in the middle of a cell loses nothing: BullMQ finds its job stalled once its lock
 * expires (`stalledAfterMs`) and hands it to another worker; the coordinator stores the cell once.
 *
 * @throws {InputError} when the experiment differs from the coordinator's.
 */
export async function runWorker(experiment: Experiment, options: WorkerRunOptions): Promise<WorkerSummary> {
  const { queue, signal, onInterrupt = 'cancel', keepAlive = false, onCell } = options;
  const { concurrency = DEFAULT_CONCURRENCY, stalledAfterMs = DEFAULT_STALLED_AFTER_MS } = options;
  signal?.throwIfAborted();
  checkExperiment(experiment);
  assertUniqueItemIds(experiment.items);
  assertPositiveInteger('runWorker', 'concurrency', concurrency);
  assertPositiveInteger('runWorker', 'stalledAfterMs', stalledAfterMs);
  const keys = queueKeys(options.queueName ?? defaultQueueName(experiment.name));
  const notice = (message: string) => (options.onNotice ?? noticeOnStderr)(redactSecret(message, queue));
  const link = new RedisLink(queue, { onNotice: notice, name: 'verdict-worker' });
  const redis = link.connect();
  const counts = { ok: 0, error: 0, timeout: 0, skipped: 0 };
  let ran = 0;
  let runId: string | undefined;
  const summary = (outcome: WorkerSummary['outcome']): WorkerSummary => ({
    ran,
    ...counts,
    outcome,
    ...(runId === undefined ? {} : { runId }),
  });
  try {
    await link.check(redis);
    const waiting = { notice, display: queue.display, name: keys.name, signal };
    let meta = await waitForRun(redis, keys.meta, waiting);
    if (meta === undefined) return summary('interrupted');
    const differs = (described: RunMeta) => configHash(experiment, described.seed) !== described.configHash;
    // A completed run of another experiment (configuration) is not this worker's: it is for the next run on the
    // queue, and waits for it (only a run in progress, or interrupted and to be resumed, is refused).
    if (meta.status === 'completed' && differs(meta)) {
      const finished = meta;
      notice(
        `the last run on queue ${keys.name} (${finished.runId}) is complete and was of another experiment (configuration hash ${finished.configHash.slice(0, 12)}); waiting for the next run`,
      );
      meta = await waitForRun(redis, keys.meta, {
        ...waiting,
        accept: (next) => next.runId !== finished.runId || next.status !== 'completed',
      });
      if (meta === undefined) return summary('interrupted');
    }
    if (meta.status === 'completed' && !keepAlive) {
      notice(`the run on queue ${keys.name} is complete: nothing to do`);
      return summary('completed');
    }
    const refuseDifferent = (described: RunMeta) => {
      const mine = configHash(experiment, described.seed);
      if (mine !== described.configHash)
        throw new InputError(
          `this worker's experiment differs from the one the coordinator runs on queue ${keys.name} (configuration hash ${mine.slice(0, 12)} here, ${described.configHash.slice(0, 12)} there: items, targets, scorer or seed); start the worker with the coordinator's experiment file, or give this experiment its own --queue-name`,
        );
    };
    refuseDifferent(meta);
    runId = meta.runId;
    const limits = sharedLimits(meta, keys);
    const limiter = createRedisRateLimiter(redis, { limits: limits.limits, keysOf: limits.keysOf });
    const executor = await CellExecutor.start(experiment, {
      policy: {
        timeoutMs: meta.timeoutMs ?? Number.POSITIVE_INFINITY,
        retries: meta.retries,
        ...(meta.attemptTimeoutMs === undefined ? {} : { attemptTimeoutMs: meta.attemptTimeoutMs }),
      },
      concurrency,
      ...(options.isolation === undefined ? {} : { isolation: options.isolation }),
      // A server that asks to wait (429 or 503 with Retry-After) pauses the limiter of the request's variant
      // (its account's, when it is in one) in Redis: every worker's requests to it wait, not only this cell's retry.
      rateLimiterFor: (variant) => limiter.forAccount(limits.ofVariant(variant)),
      ...(limits.judge === undefined ? {} : { judgeRateLimiter: limiter.forAccount(limits.judge) }),
      ...(meta.cache === true
        ? { cache: new RedisCache(redis, { location: queue.display, onWarning: notice }), onWarning: notice }
        : {}),
      ...(meta.maxOutputChars === undefined ? {} : { maxOutputChars: meta.maxOutputChars }),
      ...(signal === undefined ? {} : { signal }),
    });
    const results = new Queue(keys.results, { connection: redis, prefix: KEY_PREFIX });
    results.on('error', () => undefined);
    const closing = new WorkerClosing();
    const worker = new Worker(
      keys.cells,
      closing.processor(async (job, token) => {
        const parsed = CellJob.safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError(`job ${job.id} is not a verdict cell`);
        let cell: ReturnType<typeof cellOfJob>;
        try {
          cell = cellOfJob(parsed.data, experiment);
        } catch (error) {
          throw new UnrecoverableError((error as Error).message);
        }
        let done: Awaited<ReturnType<CellExecutor['run']>>;
        try {
          done = await executor.run(cell);
        } catch {
          // Aborted (this worker stops, or the coordinator cancels): back to the queue, for any worker.
          if (token !== undefined) await job.moveToWait(token);
          throw new WaitingError();
        }
        const { record } = done;
        await results.add(
          'result',
          { record, ...(done.cache === undefined ? {} : { cache: done.cache }) },
          { jobId: cellJobId(cell.key), removeOnComplete: true, removeOnFail: 1000 },
        );
        ran++;
        counts[record.status]++;
        onCell?.(record);
        return { status: record.status };
      }),
      {
        connection: redis,
        prefix: KEY_PREFIX,
        name: `${hostname()}:${process.pid}`,
        concurrency,
        lockDuration: stalledAfterMs,
        stalledInterval: Math.max(500, Math.floor(stalledAfterMs / 2)),
        maxStalledCount: MAX_STALLED_COUNT,
        autorun: false,
      },
    );
    worker.on('error', () => undefined);
    // A job found stalled is a cell whose worker died (or hung) mid-cell: say so, once per stalled check
    // (one line for all the cells of a dead worker, however many it ran at once).
    let stalled: string[] = [];
    worker.on('stalled', (jobId) => {
      if (stalled.push(jobId) > 1) return;
      setImmediate(() => {
        const ids = stalled.map(keyOfCellJobId);
        stalled = [];
        notice(
          `${ids.length === 1 ? `cell ${ids[0]}` : `${ids.length} cells (${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', ...' : ''})`} stalled: ${ids.length === 1 ? 'its' : 'their'} worker stopped renewing the lock (killed or hung); back in the queue, to run again`,
        );
      });
    });
    void worker.run().catch(() => undefined);

    // Follow the coordinator: a cancel aborts the cells in flight, a new run of another experiment
    // stops this worker, a completed run ends it.
    let handled = meta.updatedAt;
    let outcome: WorkerSummary['outcome'] | undefined;
    let failure: unknown;
    await new Promise<void>((resolve) => {
      const stop = (why: WorkerSummary['outcome']) => {
        outcome ??= why;
        clearInterval(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => stop('interrupted');
      signal?.addEventListener('abort', onAbort, { once: true });
      const timer = setInterval(() => {
        readRunMeta(redis, keys.meta)
          .then((now) => {
            if (now === undefined || now.updatedAt === handled) return;
            handled = now.updatedAt;
            if (now.runId !== meta!.runId) {
              try {
                refuseDifferent(now);
              } catch (error) {
                failure = error;
                stop('interrupted');
                return;
              }
              meta = now;
              runId = now.runId;
            }
            if (now.status === 'interrupted' && now.interrupt === 'cancel')
              executor.cancelAll(new DOMException('the coordinator cancelled the run', 'AbortError'));
            if (now.status === 'completed' && !keepAlive) stop('completed');
          })
          .catch(() => undefined);
      }, META_POLL_MS);
      if (signal?.aborted) onAbort();
    });
    if (outcome === 'interrupted' && onInterrupt === 'cancel')
      executor.cancelAll(new DOMException('the worker was stopped', 'AbortError'));
    await closing.close(worker);
    await executor.close();
    await results.close();
    if (failure !== undefined) throw failure;
    return summary(outcome ?? 'interrupted');
  } finally {
    await link.close();
  }
}

/**
 * The shared limits of the run the coordinator describes: a variant's own `rateLimit` under the variant's name, each
 * of the experiment's `accounts` under its own (`variant:` and `account:` keep the two apart), and which of them a
 * variant's requests and the judge's wait on. A variant with neither is not spaced but obeys a Retry-After's pause.
 */
function sharedLimits(meta: RunMeta, keys: QueueKeys) {
  const limits: Record<string, AccountLimit> = {};
  for (const [variant, requestsPerMinute] of Object.entries(meta.rateLimit))
    limits[`variant:${variant}`] = { requestsPerMinute };
  const accountOf = new Map<string, string>();
  let judge: string | undefined;
  for (const [name, { requestsPerMinute, tokensPerMinute, variants, judge: judged }] of Object.entries(
    meta.accounts ?? {},
  )) {
    limits[`account:${name}`] = {
      ...(requestsPerMinute === undefined ? {} : { requestsPerMinute }),
      ...(tokensPerMinute === undefined ? {} : { tokensPerMinute }),
    };
    for (const variant of variants) if (!accountOf.has(variant)) accountOf.set(variant, `account:${name}`);
    if (judged === true) judge = `account:${name}`;
  }
  return {
    limits,
    keysOf: (id: string): SharedLimitKeys =>
      id.startsWith('account:') ? keys.account(id.slice('account:'.length)) : keys.limiter(id.slice('variant:'.length)),
    ofVariant: (variant: string) => accountOf.get(variant) ?? `variant:${variant}`,
    judge,
  };
}

/**
 * The run's description once a coordinator has written one that `accept` takes (by default any); undefined if
 * `signal` aborts first.
 */
async function waitForRun(
  redis: Redis,
  key: string,
  {
    notice,
    display,
    name,
    signal,
    accept,
  }: {
    notice: (m: string) => void;
    display: string;
    name: string;
    signal?: AbortSignal | undefined;
    accept?: (meta: RunMeta) => boolean;
  },
): Promise<RunMeta | undefined> {
  let told = accept !== undefined;
  for (;;) {
    if (signal?.aborted) return undefined;
    const meta = await readRunMeta(redis, key);
    if (meta !== undefined && (accept === undefined || accept(meta))) return meta;
    if (!told) {
      told = true;
      notice(`waiting for a coordinator to start a run on queue ${name} at ${display}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
