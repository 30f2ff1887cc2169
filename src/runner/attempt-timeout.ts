import type { Timers } from '../time/timers';
import type { CellDeadline } from './cell-deadline';
import { TransientError } from './transient-error';

/**
 * One attempt took longer than the attempt timeout (as inspect_ai's `attempt_timeout`): a hung request
 * is abandoned and counted as a transient failure, so it is retried within the cell's deadline rather
 * than ending the cell as `timeout` on its first hang.
 */
export class AttemptTimeoutError extends TransientError {
  override readonly name: string = 'AttemptTimeoutError';
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super(`attempt timed out after ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/** Whether `error` is an {@link AttemptTimeoutError}, also after a thread boundary (by name). */
export const isAttemptTimeout = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AttemptTimeoutError';

/**
 * One attempt's deadline within its cell's: its signal aborts at the cell's deadline or after
 * `timeoutMs`, whichever is first (with an {@link AttemptTimeoutError} as the reason), and `race`
 * settles with a promise or rejects at that moment. Created only when an attempt timeout is set; call
 * `end` when the attempt is over (its timer and listener are then gone).
 */
export class AttemptDeadline {
  readonly #controller = new AbortController();
  readonly #cell: CellDeadline;
  readonly #timers: Timers;
  readonly #handle: unknown;
  readonly #onCellAbort = () => this.#abort(this.#cell.reason);
  #reject: ((reason: unknown) => void) | undefined;

  constructor(cell: CellDeadline, timeoutMs: number, timers: Timers) {
    this.#cell = cell;
    this.#timers = timers;
    this.#handle = timers.setTimeout(() => this.#abort(new AttemptTimeoutError(timeoutMs)), timeoutMs);
    if (cell.aborted) this.#abort(cell.reason);
    else cell.signal.addEventListener('abort', this.#onCellAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  race<T>(promise: PromiseLike<T>): Promise<T> {
    const { signal } = this.#controller;
    if (signal.aborted) {
      promise.then(undefined, () => {});
      return Promise.reject(signal.reason);
    }
    return new Promise<T>((resolve, reject) => {
      this.#reject = reject;
      promise.then(resolve, reject);
    });
  }

  end(): void {
    this.#timers.clearTimeout(this.#handle);
    this.#cell.signal.removeEventListener('abort', this.#onCellAbort);
    this.#reject = undefined;
  }

  #abort(reason: unknown): void {
    if (this.#controller.signal.aborted) return;
    this.#controller.abort(reason);
    this.#reject?.(reason);
    this.#reject = undefined;
  }
}
