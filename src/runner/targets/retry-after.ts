/**
 * How long a server asked the client to wait, from an HTTP response's headers, in milliseconds.
 * `Retry-After` is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3); OpenAI-compatible
 * servers also send `retry-after-ms`, which is more precise and wins when both are present.
 * A date in the past gives 0; a missing or unreadable header gives undefined (the runner then
 * falls back to its own backoff).
 *
 * @param now the current time in ms since the epoch (an argument, so that tests need no clock)
 * @example retryAfterMs(new Headers({ 'retry-after': '2' })) // 2000
 */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const precise = headers.get('retry-after-ms');
  if (precise !== null && /^\s*\d+(\.\d+)?\s*$/.test(precise)) return Math.ceil(Number(precise));
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
