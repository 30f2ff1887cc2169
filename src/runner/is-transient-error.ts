import { retryAfterMs } from './targets/retry-after';

/**
 * Node and undici error codes of failures that a later attempt may not meet: dropped and refused
 * connections, socket and connect timeouts, temporary DNS failures. `ENOTFOUND` is not here: the
 * resolver reports a temporary failure as `EAI_AGAIN`, and `ENOTFOUND` means the name does not exist.
 */
export const TRANSIENT_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENETRESET',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/** How deep into a `cause` chain to look; chains longer than this are cut (and cycles never loop). */
const MAX_CAUSE_DEPTH = 16;

/**
 * Whether an HTTP status is worth retrying: 408 Request Timeout, 425 Too Early, 429 Too Many Requests
 * and every 5xx (RFC 9110 section 15; the set the OpenAI and Anthropic SDKs retry, plus 425).
 *
 * @example isTransientStatus(429) // true; isTransientStatus(404) // false
 */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || (status >= 500 && status <= 599);
}

function statusOf(link: Record<string, unknown>): number | undefined {
  for (const value of [link.status, link.statusCode]) if (typeof value === 'number') return value;
  return undefined;
}

/**
 * Whether a failure is transient, walking the error and its `cause` chain from the outside in. The
 * first link that says something decides: `transient: true`/`false` (a `TransientError` carries
 * `true`), then an `x-should-retry: true|false` in its `headers` (an SDK error's), then an HTTP `status` (or `statusCode`), then a Node/undici `code` listed in
 * {@link TRANSIENT_ERROR_CODES}. So a 404 wrapping a reset is permanent, and `fetch`'s
 * `TypeError('fetch failed')` is transient when its cause is `ECONNRESET`. An abort (`AbortError`,
 * `TimeoutError`) is never transient: the runner stops rather than retries.
 */
export function isTransientError(error: unknown): boolean {
  let link: unknown = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && typeof link === 'object' && link !== null; depth++) {
    const record = link as Record<string, unknown>;
    if (record.name === 'AbortError' || record.name === 'TimeoutError') return false;
    if (typeof record.transient === 'boolean') return record.transient;
    // The server's own word, as the SDKs obey it: an SDK error's `x-should-retry` beats its status.
    const shouldRetry = headersOf(record.headers)?.get('x-should-retry');
    if (shouldRetry === 'true' || shouldRetry === 'false') return shouldRetry === 'true';
    const status = statusOf(record);
    if (status !== undefined) return isTransientStatus(status);
    if (typeof record.code === 'string' && TRANSIENT_ERROR_CODES.has(record.code)) return true;
    link = record.cause;
  }
  return false;
}

/**
 * The wait a server asked for, or undefined: `retryAfterMs` on the error or anywhere in its `cause`
 * chain (a `TransientError` built from an HTTP `Retry-After` header carries it), else the
 * `retry-after-ms` / `Retry-After` of a link's `headers`, the shape the OpenAI and Anthropic SDKs'
 * `APIError` has (a `Headers` object in their current versions, a plain object of names in older ones).
 * The first link that says something decides.
 */
export function retryAfterOf(error: unknown): number | undefined {
  let link: unknown = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && typeof link === 'object' && link !== null; depth++) {
    const value = (link as Record<string, unknown>).retryAfterMs;
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
    const headers = headersOf((link as Record<string, unknown>).headers);
    const fromHeaders = headers === undefined ? undefined : retryAfterMs(headers);
    if (fromHeaders !== undefined) return fromHeaders;
    link = (link as Record<string, unknown>).cause;
  }
  return undefined;
}

/** The headers the runner reads from an error (retry-after-ms, retry-after, x-should-retry). */
export const RETRY_HEADERS = ['retry-after-ms', 'retry-after', 'x-should-retry'] as const;

/**
 * An error's `headers` as a Headers object: a Headers (or anything with `get`) as it is, a plain
 * object of string values by name, in any case. Undefined for anything else.
 */
export function headersOf(value: unknown): Headers | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (value instanceof Headers) return value;
  const get = (value as { get?: unknown }).get;
  const headers = new Headers();
  for (const name of RETRY_HEADERS) {
    const found =
      typeof get === 'function'
        ? (get as (name: string) => unknown).call(value, name)
        : Object.entries(value).find(([key]) => key.toLowerCase() === name)?.[1];
    if (typeof found === 'string') headers.set(name, found);
  }
  return headers;
}
