import { TRANSIENT_ERROR_CODES } from '../is-transient-error';
import { TransientError } from '../transient-error';

/** The first `code` found on an error or along its `cause` chain. */
function errorCode(error: unknown): string | undefined {
  for (
    let e: unknown = error, depth = 0;
    e instanceof Object && depth < 8;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** The innermost message of an error's cause chain: fetch says only "fetch failed"; the cause says why. */
function innermostMessage(error: unknown): string {
  let message = error instanceof Error ? error.message : String(error);
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e.message) message = e.message;
  }
  return message;
}

/**
 * Classify an error thrown by `fetch` (or while reading a response body) that is not an abort:
 * a dropped or refused connection becomes a {@link TransientError} the runner retries; anything
 * else (a bad URL, a TLS certificate problem) stays a permanent error. The message is built from
 * the error's code and innermost message only, never from the request, so that no header leaks.
 *
 * @example networkError(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }), url)
 *   // TransientError: network error calling http://127.0.0.1:9/v1/chat/completions: ECONNREFUSED ...
 */
export function networkError(error: unknown, url: string): Error {
  const code = errorCode(error);
  const detail = innermostMessage(error);
  const message = `network error calling ${url}: ${code && !detail.includes(code) ? `${code} ${detail}` : detail}`;
  if (code !== undefined && TRANSIENT_ERROR_CODES.has(code)) return new TransientError(message);
  // fetch's own "fetch failed" without a known code is almost always a connection dropped mid-way.
  if (code === undefined && error instanceof TypeError && error.message === 'fetch failed') {
    return new TransientError(message);
  }
  return new Error(message);
}
