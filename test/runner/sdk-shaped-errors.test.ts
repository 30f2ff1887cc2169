/**
 * Issue 15: a function target that throws what the OpenAI and Anthropic SDKs throw (`status`, `headers`
 * with `retry-after` / `retry-after-ms`), as it is or inside a TransientError, has its Retry-After
 * honoured, in worker threads (across the structured-clone boundary, where a Headers object does not
 * survive) as in process; `x-should-retry: false` is obeyed.
 */
import { describe, expect, it } from 'vitest';
import { isTransientError, retryAfterOf } from '../../src/runner/is-transient-error';
import { fromThrownValue, toThrownValue } from '../../src/runner/isolation/thrown-value';
import { loadExperiment } from '../../src/runner/load-experiment';
import { runExperiment } from '../../src/runner/run-experiment';
import type { CellRecord } from '../../src/schema/cell-record';

const FIXTURE = 'test/runner/fixtures/sdk-error-experiment.ts';

async function recordsOf(isolation: 'worker' | 'in-process'): Promise<Record<string, Partial<CellRecord>>> {
  const records: CellRecord[] = [];
  const experiment = await loadExperiment(FIXTURE);
  const summary = await runExperiment(experiment, { isolation, onResult: (record) => void records.push(record) });
  expect(summary.status).toBe('completed');
  return Object.fromEntries(
    records.map(({ variant, status, attempts, latencyMs }) => [variant, { status, attempts, latencyMs }]),
  );
}

describe.each(['worker', 'in-process'] as const)(
  'an SDK-shaped error thrown by a function target (%s)',
  (isolation) => {
    it('is retried after the wait its headers ask for; x-should-retry: false is not retried', async () => {
      const records = await recordsOf(isolation);
      const expected = { status: 'ok', attempts: 2 };
      expect(records['sdk error, Headers']).toMatchObject(expected);
      expect(records['sdk error, plain headers']).toMatchObject(expected);
      expect(records['TransientError wrapping it']).toMatchObject(expected);
      expect(records['TransientError with headers']).toMatchObject(expected);
      expect(records['x-should-retry false']).toMatchObject({ status: 'error', attempts: 1 });
      // The runner's own backoff is 1 to 5 ms: only the headers explain these waits.
      expect(records['sdk error, Headers']!.latencyMs).toBeGreaterThanOrEqual(395);
      expect(records['sdk error, plain headers']!.latencyMs).toBeGreaterThanOrEqual(995);
      expect(records['TransientError wrapping it']!.latencyMs).toBeGreaterThanOrEqual(395);
      expect(records['TransientError with headers']!.latencyMs).toBeGreaterThanOrEqual(395);
    });
  },
);

describe('headers across the thread boundary', () => {
  it('carries the retry headers of a Headers object or a plain object, and drops the rest', () => {
    const sdkError = Object.assign(new Error('429'), {
      status: 429,
      headers: new Headers({ 'retry-after': '2', 'set-cookie': 'session=secret', 'x-should-retry': 'true' }),
    });
    const rebuilt = fromThrownValue(structuredClone(toThrownValue(new Error('outer', { cause: sdkError })))) as Error;
    const cause = rebuilt.cause as { status: number; headers: Record<string, string> };
    expect(cause.status).toBe(429);
    expect(cause.headers).toEqual({ 'retry-after': '2', 'x-should-retry': 'true' });
    expect(retryAfterOf(rebuilt)).toBe(2000);
    // The outer error says nothing, so the cause's `x-should-retry: true` decides.
    expect(isTransientError(rebuilt)).toBe(true);
    const plain = fromThrownValue(
      toThrownValue(Object.assign(new Error('429'), { headers: { 'Retry-After-Ms': '250' } })),
    );
    expect(retryAfterOf(plain)).toBe(250);
    expect(toThrownValue(Object.assign(new Error('no retry headers'), { headers: { etag: 'x' } }))).not.toHaveProperty(
      'error.headers',
    );
  });
});
