import { type Job, WaitingError, type Worker } from 'bullmq';

/**
 * The jobs a BullMQ Worker of ours is processing, so that closing it waits for them without BullMQ's own wait.
 *
 * BullMQ's `Worker.close()` (not forced) first disconnects its blocking connection and waits for its `end` event
 * (`whenCurrentJobsFinished` -> `disconnectBlocking(true)`). A connection that is reconnecting when it is closed
 * never emits it: ioredis's `disconnect()` clears its retry timer and, the socket being gone already, no close event
 * follows, so it stays `reconnecting` for ever (taskforcesh/bullmq#4585, which BullMQ guards against in its
 * stuck-connection watchdog only; the same code in 6.7.0 and 6.7.6). Seen after a Redis restart: a `--stop-early`
 * coordinator whose run had ended in less time than the blocking connection's backoff waited in `close()` for ever,
 * its blocking client `reconnecting`, in 3 of 9 runs of test/distributed/stop-early-withdrawal.test.ts's Redis restart,
 * and the worker process in 1 (its own `close()`).
 *
 * So the processor is wrapped (`processor`), `close` waits for the jobs under way itself, and then closes the
 * Worker forced, which disconnects without waiting for an `end`. A job fetched once closing has begun is put back in
 * the queue (moveToWait), not run, as BullMQ's own close would have left it unstarted.
 */
export class WorkerClosing {
  readonly #running = new Set<Promise<unknown>>();
  #closing = false;

  /** `process`, counted while it runs; once closing, a job is put back in its queue instead. */
  processor<T, R>(process: (job: Job<T>, token?: string) => Promise<R>): (job: Job<T>, token?: string) => Promise<R> {
    return async (job, token) => {
      if (this.#closing) {
        if (token !== undefined) await job.moveToWait(token);
        throw new WaitingError();
      }
      const running = process(job, token);
      this.#running.add(running);
      try {
        return await running;
      } finally {
        this.#running.delete(running);
      }
    };
  }

  /** Wait for the jobs under way (their errors are the processor's to report), then close `worker` forced. */
  async close(worker: Worker): Promise<void> {
    this.#closing = true;
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
    await worker.close(true);
  }
}
