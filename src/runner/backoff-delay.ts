import type { RandomSource } from '../../stats/seeded-random';

export interface BackoffOptions {
  /** Delay before the first retry, before jitter. @default 500 */
  readonly baseDelayMs?: number;
  /** Cap on the exponential term. @default 30000 */
  readonly maxDelayMs?: number;
  /** Uniform [0, 1) source for the jitter; seeded in tests. @default Math.random */
  readonly random?: RandomSource;
  /** A wait the server asked for (HTTP `Retry-After`): the delay is never shorter. */
  readonly retryAfterMs?: number;
}

export const DEFAULT_RETRY_BASE_DELAY_MS = 500;
export const DEFAULT_RETRY_MAX_DELAY_MS = 30_000;

/**
 * The wait before retry number `retry` (1 for the first retry): "full jitter" from Brooker, "Exponential
 * Backoff and Jitter" (AWS Architecture Blog, 2015), `random() * min(maxDelayMs, baseDelayMs * 2^(retry-1))`,
 * which spreads clients that failed together far better than equal or no jitter. A server's
 * `Retry-After` is a floor: the result is `max(retryAfterMs, jittered)`, so the cap bounds the backoff
 * but never shortens a wait the server asked for (the cell's deadline still bounds the total).
 *
 * @example backoffDelay(3, { baseDelayMs: 100, random: () => 0.5 }) // 0.5 * 400 = 200
 */
export function backoffDelay(
  retry: number,
  {
    baseDelayMs = DEFAULT_RETRY_BASE_DELAY_MS,
    maxDelayMs = DEFAULT_RETRY_MAX_DELAY_MS,
    random = Math.random,
    retryAfterMs,
  }: BackoffOptions = {},
): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, retry - 1));
  const jittered = random() * ceiling;
  return retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, jittered);
}
