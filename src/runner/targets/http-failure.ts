import { isTransientStatus } from '../is-transient-error';
import { TransientError } from '../transient-error';
import { retryAfterMs } from './retry-after';

/**
 * The error for a non-2xx response: `HTTP 429 Too Many Requests: <excerpt>`. Statuses worth retrying
 * (isTransientStatus: 408, 425, 429, 5xx, Anthropic's 529 among them) become a {@link TransientError}
 * carrying the server's `Retry-After` / `retry-after-ms`; the rest are permanent. `x-should-retry`
 * (sent by Anthropic and OpenAI, and obeyed by their SDKs) overrides the status either way.
 *
 * @param bodyExcerpt the body, already redacted and cut (redact first: a key crossing the cut would leak in part)
 * @param detail what the body says the error is (Anthropic's `overloaded_error`), put before the excerpt
 */
export function httpFailure(response: Response, bodyExcerpt: string, detail?: string): Error {
  const { status } = response;
  const statusText = response.statusText ? ` ${response.statusText}` : '';
  const message = `HTTP ${status}${statusText}${detail ? ` ${detail}` : ''}${bodyExcerpt ? `: ${bodyExcerpt}` : ''}`;
  const shouldRetry = response.headers.get('x-should-retry');
  const transient = shouldRetry === 'true' ? true : shouldRetry === 'false' ? false : isTransientStatus(status);
  if (transient) return new TransientError(message, { retryAfterMs: retryAfterMs(response.headers) });
  // `transient: false` decides before `status` does (isTransientError): an `x-should-retry: false` 503 stays permanent.
  return Object.assign(new Error(message), { status, transient: false });
}

/** `error.message` passed through `clean` (redaction), the same error returned. */
export function withCleanMessage(error: Error, clean: (text: string) => string): Error {
  error.message = clean(error.message);
  return error;
}
