export interface TransientErrorOptions {
  /** The server asked to wait this long before the next attempt (HTTP Retry-After). */
  readonly retryAfterMs?: number;
  readonly cause?: unknown;
}

/**
 * A failure worth retrying: a rate limit, a 5xx, a dropped connection. Throw it from a target (or
 * set `transient: true` on any error or its `cause`) and the runner retries with backoff; any other
 * error ends the cell as status `error` at once. Works like p-retry's marker classes.
 *
 * @example throw new TransientError('HTTP 429 Too Many Requests', { retryAfterMs: 2000 })
 */
export class TransientError extends Error {
  override readonly name: string = 'TransientError';
  readonly transient = true;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, { retryAfterMs, cause }: TransientErrorOptions = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.retryAfterMs = retryAfterMs;
  }
}
