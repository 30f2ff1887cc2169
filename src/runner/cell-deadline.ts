import type { Timers } from '../time/timers';

/**
 * The deadlines of a run's cells: each cell ends at its timeout or when the run's signal aborts,
 * whichever comes first. What `AbortSignal.any([runSignal, AbortSignal.timeout(ms)])` per cell would
 * give, at a fraction of the cost, because a run starts hundreds of thousands of cells:
 * - one listener on the run's signal for the whole run (not one per cell: on Node 20 each
 *   `AbortSignal.any` stays attached to a long-lived signal, about 2 kB per cell, nodejs/node#55351;
 *   and removing one of many listeners walks the list); it aborts every live deadline;
 * - one timer per cell from the injectable `timers` (fake timers cannot reach `AbortSignal.timeout`);
 *   Node keeps timers of one duration in one list, so arming and clearing it are O(1);
 * - the cell's `AbortSignal` is created only when the target asks for it (`signal` is a getter), and
 *   a promise is raced against the deadline by keeping its `reject`, with no listener at all.
 *
 * Call {@link CellDeadlines.dispose} when the run ends, and {@link CellDeadline.end} when a cell does:
 * then nothing (timer, listener) is left behind.
 *
 * @example const deadlines = new CellDeadlines(runSignal, 60_000, timers); const d = deadlines.start(); try { await d.race(work) } finally { d.end() }
 */
export class CellDeadlines {
  readonly #live = new Set<CellDeadline>();
  readonly #runSignal: AbortSignal | undefined;
  readonly #onRunAbort = () => {
    for (const deadline of this.#live) deadline.fire(this.#runSignal?.reason, false);
  };

  constructor(
    runSignal: AbortSignal | undefined,
    readonly timeoutMs: number,
    readonly timers: Timers,
  ) {
    this.#runSignal = runSignal;
    if (runSignal !== undefined && !runSignal.aborted)
      runSignal.addEventListener('abort', this.#onRunAbort, { once: true });
  }

  /** The deadline of a cell starting now. */
  start(): CellDeadline {
    const deadline = new CellDeadline(this);
    if (this.#runSignal?.aborted) deadline.fire(this.#runSignal.reason, false);
    else this.#live.add(deadline);
    return deadline;
  }

  /** @internal */
  release(deadline: CellDeadline): void {
    this.#live.delete(deadline);
  }

  /** Remove the listener on the run's signal. */
  dispose(): void {
    this.#runSignal?.removeEventListener('abort', this.#onRunAbort);
  }
}

/** One cell's deadline: see {@link CellDeadlines}. */
export class CellDeadline {
  #fired = false;
  #timedOut = false;
  #reason: unknown;
  #controller: AbortController | undefined;
  #reject: ((reason: unknown) => void) | undefined;
  readonly #group: CellDeadlines;
  readonly #handle: unknown;

  constructor(group: CellDeadlines) {
    this.#group = group;
    const { timeoutMs } = group;
    this.#handle = Number.isFinite(timeoutMs)
      ? group.timers.setTimeout(
          () => this.fire(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'), true),
          timeoutMs,
        )
      : undefined;
  }

  /** Whether the deadline has passed (timeout or run abort). */
  get aborted(): boolean {
    return this.#fired;
  }

  /** The run signal's reason, or a `TimeoutError` DOMException as `AbortSignal.timeout` gives. */
  get reason(): unknown {
    return this.#reason;
  }

  /** Whether the timeout (not the run's signal) ended the cell. */
  get timedOut(): boolean {
    return this.#timedOut;
  }

  /** An AbortSignal that aborts at the deadline, created on first use. */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#fired) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  /**
   * Settle with `promise`, or reject with the deadline's reason the moment it passes, whichever comes
   * first, so a target that ignores its signal still ends on time. The promise is left to settle on its
   * own (its rejection is handled, never unhandled).
   */
  race<T>(promise: PromiseLike<T>): Promise<T> {
    if (this.#fired) {
      promise.then(undefined, () => {});
      return Promise.reject(this.#reason);
    }
    return new Promise<T>((resolve, reject) => {
      this.#reject = reject;
      promise.then(
        (value) => {
          this.#reject = undefined;
          resolve(value);
        },
        (error: unknown) => {
          this.#reject = undefined;
          reject(error);
        },
      );
    });
  }

  /** @internal Pass the deadline now. */
  fire(reason: unknown, timedOut: boolean): void {
    if (this.#fired) return;
    this.#fired = true;
    this.#timedOut = timedOut;
    this.#reason = reason;
    this.#release();
    this.#controller?.abort(reason);
    const reject = this.#reject;
    this.#reject = undefined;
    reject?.(reason);
  }

  /** The cell is over: clear its timer and forget it. Ending twice is harmless. */
  end(): void {
    this.#release();
    this.#reject = undefined;
  }

  #release(): void {
    if (this.#handle !== undefined) this.#group.timers.clearTimeout(this.#handle);
    this.#group.release(this);
  }
}
