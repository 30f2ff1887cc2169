import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type JobType, Queue, Worker } from 'bullmq';
import { assertPositiveInteger } from '../../stats/validate';
import { CacheTally } from '../cache/cache-summary';
import { checkExperiment } from '../runner/check-experiment';
import { assertUniqueItemIds, countCells, iterateCells } from '../runner/plan-cells';
import { RunCounters } from '../runner/run-counters';
import type { RunOptions } from '../runner/run-experiment';
import { resolveRunPolicy } from '../runner/run-policy';
import { StoppingSchedule, stoppingPolicyOf } from '../runner/stopping-schedule';
import type { RunSummary } from '../runner/types';
import { cellKey } from '../schema/cell-key';
import type { CellRecord } from '../schema/cell-record';
import type { Experiment } from '../schema/experiment-definition';
import type { RunStatus, RunStopReason } from '../schema/run-manifest';
import { configHash } from '../store/config-hash';
import { readManifest } from '../store/manifest';
import { openRunStore } from '../store/run-store';
import { type CellJob, cellJob, cellJobId } from './cell-job';
import { acquireCoordinatorLease } from './coordinator-lease';
import { DEFAULT_QUEUE_WINDOW, DEFAULT_STALLED_AFTER_MS } from './defaults';
import { EnqueueWindow } from './enqueue-window';
import { noticeOnStderr } from './notice';
import { requeueOrphanedResults } from './orphaned-results';
import { defaultQueueName, KEY_PREFIX, queueKeys } from './queue-keys';
import { type QueueUrl, redactSecret } from './queue-url';
import { RedisLink } from './redis-link';
import { ResultJob } from './result-job';
import { type RunMeta, readRunMeta, writeRunMeta } from './run-meta';
import { WorkerClosing } from './worker-closing';

/** What an interrupted coordinator does with the cells in flight: abort them (back in the queue) or let them finish. */
export type InterruptMode = 'cancel' | 'drain';

/** Every state a cell's job can be in while its record is not stored. */
export const QUEUED_STATES: JobType[] = ['waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed'];
/** Times a cell may be found stalled (its worker died) before it is stored as an error. */
export const MAX_STALLED_COUNT = 2;
/** Attempts of a cell's job when a worker throws (not a cell failure: those are records). */
const JOB_ATTEMPTS = 3;
/** Cells added to the queue in one round trip. */
const ENQUEUE_BATCH = 500;
const POLL_MS = 250;

export interface DistributedRunOptions
  extends Omit<RunOptions, 'isolation' | 'timers' | 'random' | 'onRetry' | 'outDir' | 'cache'> {
  /** The run directory, as for a local run. */
  readonly outDir: string;
  /** The Redis server (parseQueueUrl). */
  readonly queue: QueueUrl;
  /** @default the experiment's name made safe (defaultQueueName) */
  readonly queueName?: string;
  /** What an abort of `signal` does to the cells in flight on workers. @default 'cancel' */
  readonly onInterrupt?: InterruptMode;
  /** Lock duration of the coordinator's own result jobs. @default DEFAULT_STALLED_AFTER_MS */
  readonly stalledAfterMs?: number;
  /** Cells in Redis and not yet stored, at most (backpressure: the queue is topped up as records come back). @default DEFAULT_QUEUE_WINDOW */
  readonly queueWindow?: number;
  /**
   * The workers serve cells from the output cache shared in Redis (RedisCache, on the queue's server) and write
   * every `ok` cell to it; the summary's `cache` adds up what they report. @default false
   */
  readonly cache?: boolean;
  /** News: Redis lost and back, waiting for a lease, refused results. @default a line on stderr */
  readonly onNotice?: (message: string) => void;
}

/**
 * Run an experiment on workers through a BullMQ queue on Redis, this process being the coordinator:
 * it plans the cells as a local run does, enqueues each not yet stored (job id: the cell's key, so
 * that a resume never enqueues a cell twice), and stores every record the workers send back (a
 * second BullMQ queue of results, BullMQ's documented way to hand results on reliably) into the run
 * directory through the same store as runExperiment: same results.jsonl, manifest, lock, resume and
 * summary. A record is stored once whatever happens: the coordinator drops a second record of a
 * cell it stored (a cell run twice after its worker was taken for dead), and acknowledges a result
 * only once it is written, so a result in flight when the coordinator dies is delivered again.
 *
 * The workers (runWorker) run the cells with the policy recorded here (timeout, retries, rate limits).
 * Global concurrency across workers is BullMQ's (`setGlobalConcurrency`), from `concurrency` when it is
 * given (or set in the experiment). Interrupting (`signal`): the queue is paused, the workers cancel
 * their cells in flight (`onInterrupt: 'cancel'`, they go back to the queue) or finish them (`'drain'`),
 * and the summary says `interrupted`; the queue keeps what was not run, for `resume`.
 *
 * @throws {InputError} for a bad experiment, a refused run directory or another coordinator on the queue.
 */
export async function runDistributed(experiment: Experiment, options: DistributedRunOptions): Promise<RunSummary> {
  const { outDir, queue, signal, onResult, onProgress, onInterrupt = 'cancel' } = options;
  const { stalledAfterMs = DEFAULT_STALLED_AFTER_MS, resume = false, queueWindow = DEFAULT_QUEUE_WINDOW } = options;
  signal?.throwIfAborted();
  checkExperiment(experiment);
  assertPositiveInteger('runDistributed', 'stalledAfterMs', stalledAfterMs);
  assertPositiveInteger('runDistributed', 'queueWindow', queueWindow);
  const policy = resolveRunPolicy(experiment, options);
  const variants = Object.keys(experiment.variants);
  const stopping = stoppingPolicyOf(experiment, options.stopEarly, variants);
  assertUniqueItemIds(experiment.items);
  const planOptions = { samples: policy.samples, seed: policy.seed };
  const planned = countCells(experiment.items.length, variants.length, policy.samples);
  const hash = configHash(experiment, policy.seed);
  const keys = queueKeys(options.queueName ?? defaultQueueName(experiment.name));
  const notice = (message: string) => (options.onNotice ?? noticeOnStderr)(redactSecret(message, queue));
  const globalConcurrency = options.concurrency ?? experiment.concurrency;
  const link = new RedisLink(queue, { onNotice: notice, name: 'verdict-coordinator' });
  const redis = link.connect();
  const began = Date.now();
  const startedAt = new Date().toISOString();
  try {
    await link.check(redis);
    const lease = await acquireCoordinatorLease(redis, keys.lease, {
      display: queue.display,
      onNotice: notice,
      ...(signal === undefined ? {} : { signal }),
    });
    try {
      const previous = resume ? safely(() => readManifest(outDir)) : undefined;
      const previousRunId = (previous?.policy?.queue as { runId?: unknown } | undefined)?.runId;
      const existing = await readRunMeta(redis, keys.meta).catch(() => undefined);
      const reuse =
        resume && existing !== undefined && existing.runId === previousRunId && existing.configHash === hash;
      const runId = reuse ? existing.runId : randomUUID();
      const store = await openRunStore(
        outDir,
        {
          name: experiment.name,
          configHash: hash,
          plan: { items: experiment.items.length, variants, samples: policy.samples, cells: planned },
          seed: policy.seed,
          policy: {
            ...policy,
            ...(stopping === undefined ? {} : { stopping }),
            queue: { name: keys.name, url: queue.display, runId },
          },
          command: (options.command ?? process.argv).map((arg) => redactSecret(arg, queue)),
        },
        options,
      );
      const cells = new Queue<CellJob>(keys.cells, { connection: redis, prefix: KEY_PREFIX });
      const results = new Queue(keys.results, { connection: redis, prefix: KEY_PREFIX });
      for (const emitter of [cells, results]) emitter.on('error', () => undefined);
      const meta: RunMeta = {
        format: 'verdict-queue-run',
        formatVersion: 1,
        runId,
        name: experiment.name,
        configHash: hash,
        planned,
        seed: policy.seed,
        samples: policy.samples,
        timeoutMs: Number.isFinite(policy.timeoutMs) ? policy.timeoutMs : null,
        retries: policy.retries,
        rateLimit: policy.rateLimit,
        ...(policy.accounts === undefined ? {} : { accounts: policy.accounts }),
        ...(options.cache === true ? { cache: true } : {}),
        ...(options.maxOutputChars === undefined ? {} : { maxOutputChars: options.maxOutputChars }),
        ...(policy.attemptTimeoutMs === undefined ? {} : { attemptTimeoutMs: policy.attemptTimeoutMs }),
        status: 'running',
        coordinator: { host: hostname(), pid: process.pid },
        updatedAt: startedAt,
      };
      if (!reuse) {
        await cells.obliterate({ force: true });
        await results.obliterate({ force: true });
      }
      // --stop-early: the queue stays paused while the cells of items not started are taken back (below), and on a
      // resume until it is known whether the stored records have decided, so that no worker starts an item meanwhile.
      let holding = stopping !== undefined && reuse;
      const publish = async () => {
        await writeRunMeta(redis, keys.meta, meta);
        if (globalConcurrency !== undefined) await cells.setGlobalConcurrency(globalConcurrency);
        else await cells.removeGlobalConcurrency();
        if (holding) await cells.pause();
        else if (meta.status === 'running') await cells.resume();
      };
      await publish();

      const counters = new RunCounters(variants);
      const cacheTally = options.cache === true ? new CacheTally() : undefined;
      const prior = store.prior;
      let resumed = 0;
      const indexOf = new Map<string, number>(experiment.items.map((item, index) => [String(item.id), index]));
      if (prior.size > 0)
        for (const cell of iterateCells(experiment.items, variants, planOptions)) {
          const stored = prior.get(cell.key);
          if (stored === undefined) continue;
          counters.replace(undefined, stored);
          if (store.isDone(cell.key)) resumed++;
        }
      // --stop-early: the local runner's schedule (seeded item order, the sequential comparison fed as records are
      // stored), pulled by the enqueue window instead of by p-map.
      const schedule =
        stopping === undefined
          ? undefined
          : new StoppingSchedule(stopping, experiment, { variants, samples: policy.samples, seed: policy.seed });
      // Resumed after a kill: the items whose cells the killed coordinator left in the queue (waiting, on a worker,
      // or done and not yet stored) have started too, so that they are walked again (their records awaited) and
      // counted, however the stored records have decided.
      const queuedItems: string[] = [];
      if (schedule !== undefined && reuse)
        for (const job of await cells.getJobs(QUEUED_STATES, 0, -1)) {
          const item = experiment.items[(job.data as CellJob).index];
          if (item !== undefined) queuedItems.push(String(item.id));
        }
      schedule?.resumeFrom(prior, store.isDone, queuedItems);
      // Undecided: the workers go on (decided, the withdrawal below resumes the queue once it has taken cells back).
      if (holding && !schedule?.decided) {
        holding = false;
        await cells.resume();
      }
      const toExecute = planned - resumed;
      const storedNow = new Set<string>();
      const isSettled = (key: string) => storedNow.has(key) || store.isDone(key);
      let executed = 0;
      let fatal: { error: unknown } | undefined;
      let stopReason: RunStopReason | undefined;
      let wake: (() => void) | undefined;
      // Stopped early by design: every cell the schedule gave is stored (those withdrawn before they started aside).
      let scheduleDone = () => false;
      const check = () => {
        if (executed >= toExecute || fatal !== undefined || stopReason !== undefined || scheduleDone()) wake?.();
      };
      const fail = (error: unknown) => {
        fatal ??= { error };
        check();
      };

      // Records are written by the end of the turn they arrive in (one write for all of them) and acknowledged after.
      let written: Promise<void> | undefined;
      const flushed = () =>
        (written ??= new Promise<void>((resolve, reject) =>
          setImmediate(() => {
            written = undefined;
            try {
              store.flush();
              resolve();
            } catch (error) {
              reject(error);
            }
          }),
        ));
      const dropCellJob = (key: string) => {
        cells.remove(cellJobId(key)).catch(() => undefined);
      };
      let settle: (key: string) => void = () => undefined;
      // Set once the enqueue window exists (below); a decision before then is acted on there.
      let withdrawUnstarted: (() => Promise<void>) | undefined;
      let restartWindow: (() => Promise<void>) | undefined;
      const storeRecord = async (record: CellRecord) => {
        storedNow.add(record.key);
        store.append(record);
        counters.replace(prior.get(record.key), record);
        const startedAgain = schedule?.add({
          item: String(record.item),
          variant: record.variant,
          status: record.status,
          pass: record.pass,
        });
        executed++;
        await flushed();
        dropCellJob(record.key);
        settle(record.key);
        if (onResult !== undefined) await onResult(record);
        onProgress?.(counters.progress({ planned, executed, toExecute, elapsedMs: Date.now() - began }));
        if (policy.maxCostUsd !== undefined && counters.costUsd >= policy.maxCostUsd && stopReason === undefined)
          stopReason = 'max-cost';
        if (schedule?.decided) void withdrawUnstarted?.().catch(fail);
        // An item taken back when Redis lost the queue (below) whose cell was on a worker: its other cells are
        // enqueued again (the walk yields the cells not stored of every started item), so that it runs whole.
        if (startedAgain === true) void restartWindow?.().catch(fail);
        check();
      };
      const itemIds = new Set(indexOf.keys());
      const inPlan = (record: ResultJob['record']) =>
        itemIds.has(String(record.item)) && variants.includes(record.variant) && record.sample < policy.samples;

      // A killed coordinator's unacknowledged results: back to waiting now, not after its locks expire (--stalled-after).
      if (reuse) await requeueOrphanedResults(results, redis, signal === undefined ? {} : { signal });
      const closing = new WorkerClosing();
      const consumer = new Worker(
        keys.results,
        closing.processor(async (job) => {
          if (fatal !== undefined) throw fatal.error;
          const parsed = ResultJob.safeParse(job.data);
          if (!parsed.success || !inPlan(parsed.data.record)) {
            notice(`ignored result ${job.id}: not a record of a planned cell of this run`);
            return;
          }
          const record: CellRecord = parsed.data.record;
          const key = cellKey(record.item, record.variant, record.sample);
          if (key !== record.key) {
            notice(`ignored result ${job.id}: its key does not match its item, variant and sample`);
            return;
          }
          if (isSettled(key)) {
            dropCellJob(key);
            return;
          }
          try {
            await storeRecord(record);
            if (parsed.data.cache !== undefined) cacheTally?.add(parsed.data.cache, parsed.data.record.judge);
          } catch (error) {
            fail(error);
            throw error;
          }
        }),
        {
          connection: redis,
          prefix: KEY_PREFIX,
          concurrency: 64,
          lockDuration: stalledAfterMs,
          stalledInterval: Math.max(500, Math.floor(stalledAfterMs / 2)),
          maxStalledCount: 1000,
          removeOnComplete: { count: 0 },
          removeOnFail: { count: 1000 },
        },
      );
      consumer.on('error', () => undefined);

      // A cell whose job failed on the workers (thrown repeatedly, or its workers died MAX_STALLED_COUNT
      // times while running it) is stored as an error, so that the run completes and says so.
      const collectFailed = async () => {
        const failed = await cells.getJobs(['failed'], 0, 199);
        for (const job of failed) {
          const data = job.data as CellJob;
          const item = experiment.items[data.index];
          if (item !== undefined && !isSettled(data.key))
            await storeRecord({
              key: data.key,
              item: item.id,
              variant: data.variant,
              sample: data.sample,
              status: 'error',
              error: `the cell's job failed on the workers: ${job.failedReason ?? 'no reason given'}`,
              ...(item.tags === undefined ? {} : { tags: item.tags }),
              latencyMs: 0,
              attempts: 0,
              seed: data.seed,
              finishedAt: new Date().toISOString(),
            });
          await job.remove().catch(() => undefined);
        }
      };

      const jobDefaults = {
        attempts: JOB_ATTEMPTS,
        backoff: { type: 'exponential', delay: 1000 },
        // Kept until the coordinator has stored the record (then removed): its id keeps a resumed
        // coordinator from enqueueing again a cell whose result is still on its way.
        removeOnComplete: false,
        removeOnFail: false,
      };
      const window = new EnqueueWindow({
        size: queueWindow,
        batch: ENQUEUE_BATCH,
        cells: () =>
          schedule === undefined
            ? iterateCells(experiment.items, variants, planOptions, isSettled)
            : schedule.cells(isSettled),
        stopped: () => stopReason !== undefined || fatal !== undefined,
        add: async (batch) => {
          // --retry-errors: the finished job of a cell stored as an error goes, so that it can be added again.
          for (const cell of batch)
            if (prior.has(cell.key)) await cells.remove(cellJobId(cell.key)).catch(() => undefined);
          await cells.addBulk(
            batch.map((cell) => ({
              name: 'cell',
              data: cellJob(cell, indexOf.get(String(cell.item.id))!),
              opts: { jobId: cellJobId(cell.key), ...jobDefaults },
            })),
          );
        },
      });
      settle = (key) => void window.settled(key).catch(fail);
      restartWindow = () => window.restart();
      scheduleDone = () => schedule !== undefined && window.exhausted && window.outstanding === 0;

      // Decided (--stop-early): the cells in the queue of items no worker has started are taken back, as a local run
      // starts no new item; the cells in flight finish and are stored. The queue is paused first, so that no worker
      // takes a cell meanwhile (BullMQ's moveToActive checks the pause in the same script), and no cell is added
      // (EnqueueWindow.exclusive): else the window's walk, still yielding the cells of started items on a resume, could
      // add again the cells of an item just removed.
      let withdrawing: Promise<void> | undefined;
      withdrawUnstarted = () =>
        (withdrawing ??= (async () => {
          holding = true;
          try {
            await cells.pause();
            await window.exclusive(async () => {
              // An item has started if a cell of it is on a worker, done, failed, being retried or has its result on
              // the way: listed before the waiting ones, so that a job moved back to waiting meanwhile (its worker
              // died) counts as started. Not one cell: an item some of whose cells a killed coordinator took back, or
              // had not yet enqueued, is not started either (all its queued cells are waiting, none is stored).
              const started = new Set<number>();
              for (const job of await cells.getJobs(['active', 'completed', 'failed', 'delayed'], 0, -1))
                started.add((job.data as CellJob).index);
              const waiting = await cells.getJobs(['waiting', 'prioritized'], 0, -1);
              for (const job of await results.getJobs(['waiting', 'active', 'prioritized', 'delayed'], 0, -1)) {
                const parsed = ResultJob.safeParse(job.data);
                const index = parsed.success ? indexOf.get(String(parsed.data.record.item)) : undefined;
                if (index !== undefined) started.add(index);
              }
              const byItem = new Map<string, string[]>();
              for (const job of waiting) {
                const { index, key } = job.data as CellJob;
                const item = experiment.items[index];
                if (item === undefined || started.has(index)) continue;
                byItem.set(String(item.id), [...(byItem.get(String(item.id)) ?? []), key]);
              }
              // Withdrawn from the schedule first (those with a stored cell stay), so that its walk yields none of
              // these items' cells again; BullMQ removes any job that is not locked, and none is while paused.
              for (const id of schedule!.withdraw(byItem.keys())) {
                const jobs = byItem.get(id)!;
                await Promise.all(jobs.map((key) => cells.remove(cellJobId(key))));
                for (const key of jobs) await window.settled(key);
              }
            });
          } finally {
            holding = false;
            if (stopReason === undefined && fatal === undefined) await cells.resume();
          }
          // The window was topped up as the exclusive task ended (a restart meanwhile included).
          check();
        })());
      if (schedule?.decided) void withdrawUnstarted().catch(fail);
      // A cell's job is removed once its record is stored (dropCellJob); one that was still locked then
      // (the worker had sent the result but not yet marked the job done) is swept here.
      const sweepCompleted = async () => {
        const completed = await cells.getJobs(['completed'], 0, 999);
        await Promise.all(
          completed.map((job) =>
            isSettled((job.data as CellJob).key) ? job.remove().catch(() => undefined) : undefined,
          ),
        );
      };

      // After Redis comes back: if it lost the run (restarted without persistence), describe it again
      // and enqueue what is not stored; cells it kept are not added twice (job ids).
      const offReconnect = link.onReconnect(() => {
        void (async () => {
          const now = await readRunMeta(redis, keys.meta).catch(() => undefined);
          if (now === undefined || now.runId !== runId) {
            if (schedule?.decided) {
              // Decided: no new item starts, and which of the items in the queue a worker had begun is lost with it.
              // Every item with no stored cell is taken back (one whose cell was on a worker starts again when its
              // record arrives, storeRecord); the items with a stored cell get the cells they lack.
              const withdrawn = schedule.withdrawUnstored();
              notice(
                `Redis lost the run's queue after the run had decided; not starting again the ${withdrawn.length} items with no stored cell (any whose cell was on a worker finishes whole), enqueueing again the cells the others lack`,
              );
            } else {
              notice(`Redis lost the run's queue; enqueueing the ${toExecute - executed} cells not stored yet again`);
            }
            await publish();
            await window.restart();
            // Decided, every started item may be stored whole already: the run ends now, not at a record to come.
            check();
          }
        })().catch(fail);
      });

      const onAbort = () => {
        stopReason ??= 'signal';
        check();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const poller = setInterval(() => {
        if (!link.down) {
          collectFailed().catch(() => undefined);
          sweepCompleted().catch(() => undefined);
        }
        if (lease.lost())
          fail(new Error(`another coordinator took the queue ${keys.name} while Redis was unreachable`));
      }, 1000);
      const done = new Promise<void>((resolve) => {
        wake = resolve;
      });
      try {
        if (signal?.aborted) onAbort();
        await window.fill().catch(fail);
        check();
        await done;
        if (stopReason !== undefined && fatal === undefined && executed < toExecute) {
          // Interrupted: pause the queue, tell the workers, and wait for the cells in flight to go back
          // to the queue (cancel) or to finish and be stored (drain), storing what arrives meanwhile.
          const mode: InterruptMode = stopReason === 'max-cost' ? 'drain' : onInterrupt;
          await cells.pause();
          Object.assign(meta, { status: 'interrupted', interrupt: mode });
          await writeRunMeta(redis, keys.meta, meta);
          if (mode === 'drain')
            notice('draining: waiting for the cells in flight on workers (Ctrl-C again to exit at once)');
          for (;;) {
            const counts = await cells.getJobCounts('active');
            const pending = await results.getJobCounts('waiting', 'active', 'prioritized');
            const left =
              (counts.active ?? 0) + (pending.waiting ?? 0) + (pending.active ?? 0) + (pending.prioritized ?? 0);
            if (left === 0 || executed >= toExecute || fatal !== undefined) break;
            await new Promise((resolve) => setTimeout(resolve, POLL_MS));
          }
        }
      } finally {
        clearInterval(poller);
        offReconnect();
        signal?.removeEventListener('abort', onAbort);
        await window.fill().catch(() => undefined);
        await closing.close(consumer);
        await written?.catch(() => undefined);
      }
      const complete = executed >= toExecute || scheduleDone();
      const finalStop = fatal !== undefined || complete ? undefined : stopReason;
      const status: RunStatus = fatal !== undefined ? 'failed' : finalStop !== undefined ? 'interrupted' : 'completed';
      if (status === 'completed') {
        Object.assign(meta, { status: 'completed' });
        delete (meta as { interrupt?: unknown }).interrupt;
        await writeRunMeta(redis, keys.meta, meta).catch(() => undefined);
        await cells.obliterate({ force: true }).catch(() => undefined);
        await results.obliterate({ force: true }).catch(() => undefined);
      }
      await cells.close();
      await results.close();
      const stoppingRecord = schedule?.record();
      const outcome = {
        status,
        ...(finalStop === undefined ? {} : { stopReason: finalStop }),
        ...(stoppingRecord === undefined ? {} : { stopping: stoppingRecord }),
        counts: counters.totals(),
        completed: counters.completed,
        costUsd: counters.costUsd,
        executed,
      };
      try {
        store.finish({ ...outcome, ...(fatal === undefined ? {} : { error: errorText(fatal.error) }) });
      } catch (error) {
        if (fatal === undefined) throw error;
      }
      if (fatal !== undefined) throw fatal.error;
      return {
        status,
        ...(finalStop === undefined ? {} : { stopReason: finalStop }),
        ...counters.totals(),
        planned,
        completed: counters.completed,
        executed,
        resumed,
        durationMs: Date.now() - began,
        startedAt,
        finishedAt: new Date().toISOString(),
        variants: counters.perVariant(),
        costUsd: counters.costUsd,
        ...(stoppingRecord === undefined ? {} : { stopping: stoppingRecord }),
        ...(cacheTally === undefined ? {} : { cache: cacheTally.summary(queue.display) }),
        outDir,
      };
    } finally {
      await lease.release();
    }
  } finally {
    await link.close();
  }
}

function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
