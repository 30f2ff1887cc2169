import type { RandomSource } from '../../stats/seeded-random';
import type { RetryPolicy } from '../schema/experiment-definition';
import { abortableDelay, type Timers } from '../time/timers';
import { AttemptDeadline } from './attempt-timeout';
import { backoffDelay, DEFAULT_RETRY_BASE_DELAY_MS, DEFAULT_RETRY_MAX_DELAY_MS } from './backoff-delay';
import type { CellDeadline } from './cell-deadline';
import { isTransientError, retryAfterOf } from './is-transient-error';
import type { RateLimiter } from './rate-limiter';

import { DEFAULT_MAX_RETRIES } from './run-defaults';

export { DEFAULT_MAX_RETRIES } from './run-defaults';

/** One attempt as the called function sees it. */
export interface Attempt {
  /** 1 for the first. */
  readonly number: number;
  /** Aborted at the cell's deadline, or at the attempt timeout when there is one. Created on first use. */
  readonly signal: AbortSignal;
}

/** How a call ended: its value, or the error that ended it; with the attempts made either way. */
export type CallOutcome<T> =
  | { readonly ok: true; readonly value: T; readonly attempts: number }
  | {
      readonly ok: false;
      readonly error: unknown;
      readonly attempts: number;
      /**
       * The cell's deadline passed while it waited for a rate-limit slot (the limiter's wait, a `Retry-After`
       * pause or a tokens-per-minute window), so the attempt it waited for was never sent: `attempts` counts the
       * ones that were, and `error` is the last of theirs (the deadline's reason when none was sent).
       */
      readonly limiterWait?: true;
    };

/** What a retry hook sees before its backoff wait, as p-retry's `onFailedAttempt` does. */
export interface FailedAttempt {
  readonly error: unknown;
  /** The attempt that failed (1 for the first). */
  readonly attempt: number;
  readonly retriesLeft: number;
  readonly delayMs: number;
}

export interface CallWithRetriesOptions {
  /** The cell's deadline: it bounds every attempt, wait and backoff. */
  readonly deadline: CellDeadline;
  readonly timers: Timers;
  /** @default { max: 3, baseDelayMs: 500, maxDelayMs: 30000 } */
  readonly retries?: RetryPolicy;
  /** Jitter of the backoff. @default Math.random */
  readonly random?: RandomSource;
  /** Waited on before every attempt; paused for the wait a server asks for (`Retry-After`). */
  readonly rateLimiter?: RateLimiter;
  /** Deadline of one attempt, after which it is abandoned as a transient failure. @default none */
  readonly attemptTimeoutMs?: number;
  readonly onRetry?: (failed: FailedAttempt) => void;
}

/**
 * Call `call` until it succeeds, fails permanently or runs out of retries, within the cell's deadline:
 * a rate-limit slot before each attempt, the attempt raced against the deadline (and the attempt
 * timeout), transient failures (isTransientError) retried after full-jitter backoff with a server's
 * `Retry-After` as the floor, which also pauses the rate limiter's account for everyone using it.
 * A synchronous result costs no race. Never throws: the outcome says how it ended (the caller tells
 * a timeout from an error by the deadline).
 */
export async function callWithRetries<T>(
  call: (attempt: Attempt) => T | PromiseLike<T>,
  options: CallWithRetriesOptions,
): Promise<CallOutcome<T>> {
  const { deadline, timers, retries = {}, random, rateLimiter, attemptTimeoutMs, onRetry } = options;
  const { max = DEFAULT_MAX_RETRIES } = retries;
  let number = 0;
  let lastError: { error: unknown } | undefined;
  for (;;) {
    number++;
    let timed: AttemptDeadline | undefined;
    try {
      if (rateLimiter !== undefined)
        try {
          await rateLimiter.acquire(deadline.signal);
        } catch (error) {
          if (!deadline.aborted) throw error;
          // Ended by the deadline (or the run's abort) before this attempt could be sent: not the target's timeout.
          return { ok: false, error: lastError?.error ?? error, attempts: number - 1, limiterWait: true };
        }
      // The attempt's clock starts once it may be sent: a rate-limit wait is the cell's time, not the attempt's.
      if (attemptTimeoutMs !== undefined) timed = new AttemptDeadline(deadline, attemptTimeoutMs, timers);
      const returned = call({
        number,
        get signal() {
          return timed === undefined ? deadline.signal : timed.signal;
        },
      });
      const value = isThenable(returned)
        ? await (timed === undefined ? deadline.race(returned) : timed.race(deadline.race(returned)))
        : returned;
      if (deadline.aborted) throw deadline.reason;
      return { ok: true, value: value as T, attempts: number };
    } catch (error) {
      if (deadline.aborted || !isTransientError(error) || number > max) return { ok: false, error, attempts: number };
      lastError = { error };
      const retryAfterMs = retryAfterOf(error);
      if (retryAfterMs !== undefined) rateLimiter?.pause(retryAfterMs);
      const { baseDelayMs = DEFAULT_RETRY_BASE_DELAY_MS, maxDelayMs = DEFAULT_RETRY_MAX_DELAY_MS } = retries;
      const delayMs = backoffDelay(number, { baseDelayMs, maxDelayMs, random, retryAfterMs });
      onRetry?.({ error, attempt: number, retriesLeft: max - number + 1, delayMs });
      try {
        await abortableDelay(delayMs, { signal: deadline.signal, timers });
      } catch {
        return { ok: false, error, attempts: number };
      }
    } finally {
      timed?.end();
    }
  }
}

/** Whether a value is a promise (or any thenable): such a result is raced against the deadline. */
export function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as PromiseLike<T>).then === 'function'
  );
}
