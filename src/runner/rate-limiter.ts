import { abortableDelay, systemTimers, type Timers } from './timers';

/** Hands out permission to send one request, waiting as long as the rate requires. */
export interface RateLimiter {
  /** Resolve when a request may be sent; reject with `signal.reason` if `signal` aborts first. */
  readonly acquire: (signal?: AbortSignal) => Promise<void>;
}

/**
 * A token bucket of capacity one refilled at `requestsPerMinute / 60` tokens a second (equivalently
 * the generic cell-rate algorithm of ITU-T I.371): requests are spaced at least `60000 / rpm` ms
 * apart, so no 60 s window ever holds more than `rpm` of them, the limit providers count, and
 * retries wait their turn like first attempts. Waiting callers are served in arrival order. A caller
 * whose wait is aborted gives its slot back when it was the last one handed out.
 *
 * @example const limiter = createRateLimiter(120); await limiter.acquire(signal) // at most 2 per second
 */
export function createRateLimiter(
  requestsPerMinute: number,
  { timers = systemTimers }: { readonly timers?: Timers } = {},
): RateLimiter {
  if (!Number.isFinite(requestsPerMinute) || requestsPerMinute <= 0)
    throw new RangeError(
      `createRateLimiter: \`requestsPerMinute\` must be a positive number, got ${requestsPerMinute}`,
    );
  const intervalMs = 60_000 / requestsPerMinute;
  let nextFreeAt = Number.NEGATIVE_INFINITY;
  return {
    acquire: async (signal) => {
      signal?.throwIfAborted();
      const now = timers.now();
      const slot = Math.max(now, nextFreeAt);
      nextFreeAt = slot + intervalMs;
      try {
        await abortableDelay(slot - now, { signal, timers });
      } catch (error) {
        if (nextFreeAt === slot + intervalMs) nextFreeAt = slot;
        throw error;
      }
    },
  };
}
