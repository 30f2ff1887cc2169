import { describe, expect, it } from 'vitest';
import { isTransientError, TransientError } from '../../src/index';
import { backoffDelay } from '../../src/runner/backoff-delay';
import { retryAfterOf } from '../../src/runner/is-transient-error';

const withStatus = (status: number) => Object.assign(new Error(`HTTP ${status}`), { status });
const withCode = (code: string) => Object.assign(new Error(`connect ${code}`), { code });

describe('isTransientError', () => {
  it.each([408, 425, 429, 500, 502, 503, 504, 599])('retries HTTP %i', (status) => {
    expect(isTransientError(withStatus(status))).toBe(true);
  });

  it.each([400, 401, 403, 404, 409, 413, 422])('does not retry HTTP %i', (status) => {
    expect(isTransientError(withStatus(status))).toBe(false);
  });

  it.each([
    'ECONNRESET',
    'ECONNREFUSED',
    'EPIPE',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'UND_ERR_SOCKET',
    'UND_ERR_CONNECT_TIMEOUT',
  ])('retries the network failure %s', (code) => {
    expect(isTransientError(withCode(code))).toBe(true);
  });

  it('does not retry a name that does not exist (ENOTFOUND) or a plain error', () => {
    expect(isTransientError(withCode('ENOTFOUND'))).toBe(false);
    expect(isTransientError(new Error('bad prompt'))).toBe(false);
    expect(isTransientError('a string')).toBe(false);
    expect(isTransientError(undefined)).toBe(false);
  });

  it('retries a TransientError and anything marked transient, anywhere in the cause chain', () => {
    expect(isTransientError(new TransientError('slow down'))).toBe(true);
    expect(isTransientError({ transient: true })).toBe(true);
    const fetchFailed = new TypeError('fetch failed', { cause: withCode('ECONNRESET') });
    expect(isTransientError(fetchFailed)).toBe(true);
    const deep = new Error('outer', { cause: new Error('middle', { cause: new TransientError('inner') }) });
    expect(isTransientError(deep)).toBe(true);
  });

  it('lets the outermost link that says something decide', () => {
    expect(isTransientError(Object.assign(withStatus(404), { cause: withCode('ECONNRESET') }))).toBe(false);
    expect(isTransientError(Object.assign(new Error('no'), { transient: false, cause: new TransientError('x') }))).toBe(
      false,
    );
  });

  it('never retries an abort or a timeout of the signal', () => {
    expect(isTransientError(new DOMException('aborted', 'AbortError'))).toBe(false);
    expect(isTransientError({ name: 'TimeoutError', message: 't', code: 'ETIMEDOUT' })).toBe(false);
  });

  it('survives a cause cycle', () => {
    const a: { cause?: unknown } = {};
    a.cause = a;
    expect(isTransientError(a)).toBe(false);
  });
});

describe('retryAfterOf', () => {
  it('finds the wait a server asked for on the error or its causes', () => {
    expect(retryAfterOf(new TransientError('429', { retryAfterMs: 2000 }))).toBe(2000);
    expect(retryAfterOf(new Error('wrap', { cause: new TransientError('429', { retryAfterMs: 0 }) }))).toBe(0);
    expect(retryAfterOf(new TransientError('503'))).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  it('is full jitter: uniform on [0, base * 2^(retry-1)]', () => {
    expect(backoffDelay(1, { baseDelayMs: 100, random: () => 0.5 })).toBe(50);
    expect(backoffDelay(3, { baseDelayMs: 100, random: () => 0.5 })).toBe(200);
    expect(backoffDelay(3, { baseDelayMs: 100, random: () => 0 })).toBe(0);
  });

  it('caps the exponential term at maxDelayMs', () => {
    expect(backoffDelay(30, { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999 })).toBeCloseTo(999, 9);
  });

  it('never waits less than the Retry-After, even above the cap', () => {
    expect(backoffDelay(1, { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.5, retryAfterMs: 5000 })).toBe(5000);
    expect(backoffDelay(5, { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.5, retryAfterMs: 10 })).toBe(500);
  });
});

describe('an SDK-shaped error (status and headers, as the OpenAI and Anthropic SDKs throw)', () => {
  const sdkError = (status: number, headers: Headers | Record<string, string>) =>
    Object.assign(new Error(`${status} status code`), { status, headers });

  it('gives the wait of retry-after-ms or Retry-After from a Headers object or a plain one, in a cause too', () => {
    expect(retryAfterOf(sdkError(429, new Headers({ 'retry-after': '3' })))).toBe(3000);
    expect(retryAfterOf(sdkError(429, new Headers({ 'retry-after': '3', 'retry-after-ms': '120' })))).toBe(120);
    expect(retryAfterOf(sdkError(429, { 'Retry-After': '2' }))).toBe(2000);
    expect(retryAfterOf(new TransientError('wrapped', { cause: sdkError(529, { 'retry-after-ms': '50' }) }))).toBe(50);
    expect(retryAfterOf(sdkError(429, { etag: 'x' }))).toBeUndefined();
  });

  it('obeys x-should-retry over the status', () => {
    expect(isTransientError(sdkError(503, { 'x-should-retry': 'false' }))).toBe(false);
    expect(isTransientError(sdkError(409, new Headers({ 'x-should-retry': 'true' })))).toBe(true);
    expect(isTransientError(sdkError(429, {}))).toBe(true);
  });
});
