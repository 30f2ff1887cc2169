import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Cell, type CellRecord, exactMatch, type TargetFunction, TransientError } from '../../src/index';
import { planCells } from '../../src/runner/plan-cells';
import { createRateLimiter } from '../../src/runner/rate-limiter';
import { type RetryContext, type RunCellOptions, runCell } from '../../src/runner/run-cell';
import { seededRandom } from '../../stats/seeded-random';

const [cell] = planCells([{ id: 'q1', input: 'question', expected: 'answer', tags: { topic: 'geo' } }], ['A']) as [
  Cell,
];

/** Start a cell and let fake time run until it settles, so a test never waits for real. */
async function settle(target: TargetFunction, options: Partial<RunCellOptions> = {}): Promise<CellRecord> {
  const promise = runCell(cell, target, { scorer: exactMatch(), random: seededRandom(1), ...options });
  await vi.runAllTimersAsync();
  return promise;
}

const http = (status: number) => Object.assign(new Error(`HTTP ${status}`), { status });

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('runCell', () => {
  it('records an ok cell with its output, outcome, attempts, seed, tags and time', async () => {
    const target = vi.fn(
      async (input: unknown, ctx: { seed: number; attempt: number; sample: number; variant: string }) => {
        expect([input, ctx.seed, ctx.attempt, ctx.sample, ctx.variant]).toEqual(['question', cell.seed, 1, 0, 'A']);
        return ' answer\n';
      },
    );
    const record = await settle(target);
    expect(record).toEqual({
      key: '["q1","A",0]',
      item: 'q1',
      variant: 'A',
      sample: 0,
      status: 'ok',
      pass: true,
      output: ' answer\n',
      input: 'question',
      expected: 'answer',
      tags: { topic: 'geo' },
      latencyMs: 0,
      attempts: 1,
      seed: cell.seed,
      finishedAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('stores a wrong answer as pass: false, keeps the score, the reason and the other details', async () => {
    expect((await settle(() => 'wrong')).pass).toBe(false);
    const record = await settle(() => 'x', { scorer: () => ({ score: 0.25, reason: 'partly', rubric: 2 }) });
    expect([record.status, record.pass, record.score, record.reason, record.scoreDetails]).toEqual([
      'ok',
      false,
      0.25,
      'partly',
      { rubric: 2 },
    ]);
    expect((await settle(() => 'x', { scorer: () => 0.5 })).pass).toBe(true);
  });

  it('retries transient failures with capped full-jitter backoff, then succeeds', async () => {
    const retries: RetryContext[] = [];
    let calls = 0;
    const target = () => {
      calls++;
      if (calls === 1) throw http(503);
      if (calls === 2)
        throw new TypeError('fetch failed', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) });
      return 'answer';
    };
    const record = await settle(target, {
      retries: { max: 3, baseDelayMs: 100, maxDelayMs: 150 },
      random: () => 1,
      onRetry: (context) => retries.push(context),
    });
    expect([record.status, record.pass, record.attempts, record.latencyMs]).toEqual(['ok', true, 3, 250]);
    expect(retries.map((r) => [r.attempt, r.retriesLeft, r.delayMs])).toEqual([
      [1, 3, 100],
      [2, 2, 150],
    ]);
  });

  it('waits at least the Retry-After before the next attempt', async () => {
    const target = vi
      .fn()
      .mockRejectedValueOnce(new TransientError('HTTP 429', { retryAfterMs: 5000 }))
      .mockResolvedValue('answer');
    const promise = runCell(cell, target, { scorer: exactMatch(), retries: { baseDelayMs: 10 }, random: () => 0.5 });
    await vi.advanceTimersByTimeAsync(4999);
    expect(target).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(target).toHaveBeenCalledTimes(2);
    expect((await promise).attempts).toBe(2);
  });

  it('does not retry a 4xx or a plain error, and says why the cell failed', async () => {
    const notFound = vi.fn(() => Promise.reject(http(404)));
    const record = await settle(notFound);
    expect(notFound).toHaveBeenCalledTimes(1);
    expect(record).toMatchObject({ status: 'error', error: 'HTTP 404', attempts: 1 });
    expect(record).not.toHaveProperty('pass');
    const typeError = await settle(() => {
      throw new TypeError('cannot read x');
    });
    expect(typeError.error).toBe('TypeError: cannot read x');
  });

  it('gives up after max retries with the last error', async () => {
    const target = vi.fn(() => Promise.reject(http(500)));
    const record = await settle(target, { retries: { max: 2, baseDelayMs: 10 } });
    expect(target).toHaveBeenCalledTimes(3);
    expect(record).toMatchObject({ status: 'error', error: 'HTTP 500', attempts: 3 });
  });

  it('ends a hung target that ignores its signal as timeout, on time', async () => {
    const hung = () => new Promise<never>(() => {});
    const promise = runCell(cell, hung, { scorer: exactMatch(), timeoutMs: 1000 });
    await vi.advanceTimersByTimeAsync(1000);
    const record = await promise;
    expect(record).toMatchObject({
      status: 'timeout',
      error: 'target timed out after 1000 ms',
      attempts: 1,
      latencyMs: 1000,
    });
    expect(record).not.toHaveProperty('pass');
  });

  it('does not repeat the abort error of a target that honours its signal', async () => {
    const polite: TargetFunction = (_input, ctx) =>
      new Promise((_resolve, reject) => {
        ctx.signal.addEventListener('abort', () =>
          reject(new DOMException('This operation was aborted', 'AbortError')),
        );
      });
    const record = await settle(polite, { timeoutMs: 500 });
    expect(record).toMatchObject({ status: 'timeout', error: 'target timed out after 500 ms', attempts: 1 });
  });

  it('times out during a backoff wait, naming the last error', async () => {
    const record = await settle(() => Promise.reject(new TransientError('HTTP 429', { retryAfterMs: 60_000 })), {
      timeoutMs: 2000,
    });
    expect(record).toMatchObject({
      status: 'timeout',
      error: 'target timed out after 2000 ms; last error: TransientError: HTTP 429',
      attempts: 1,
    });
  });

  it('a deadline passed while waiting for the rate limiter is said as such, not as the target timing out', async () => {
    // One request a minute: the first cell takes the slot, the second waits 60 s for the next, past its 1 s deadline.
    const rateLimiter = createRateLimiter(1);
    const target = vi.fn(() => 'answer');
    expect(await settle(target, { rateLimiter, timeoutMs: 1000 })).toMatchObject({ status: 'ok', attempts: 1 });
    const waited = await settle(target, { rateLimiter, timeoutMs: 1000 });
    expect(target).toHaveBeenCalledTimes(1);
    expect(waited).toMatchObject({
      status: 'timeout',
      error: 'rate limit wait exceeded the deadline of 1000 ms',
      attempts: 0,
      latencyMs: 1000,
    });
    // A retry that waits for the limiter past the deadline names the attempt that failed before it.
    const flaky = vi.fn(() => Promise.reject(http(503)));
    const retried = await settle(flaky, {
      rateLimiter: createRateLimiter(1),
      timeoutMs: 5000,
      retries: { baseDelayMs: 1, maxDelayMs: 1 },
    });
    expect(flaky).toHaveBeenCalledTimes(1);
    expect(retried).toMatchObject({
      status: 'timeout',
      error: 'rate limit wait exceeded the deadline of 5000 ms; last error: HTTP 503',
      attempts: 1,
    });
  });

  it('isolates a scorer that throws or returns nonsense as an error, never pass: false', async () => {
    const thrown = await settle(() => 'answer', {
      scorer: () => {
        throw new Error('judge unavailable');
      },
    });
    expect(thrown).toMatchObject({ status: 'error', error: 'scorer failed: judge unavailable', output: 'answer' });
    expect(thrown).not.toHaveProperty('pass');
    const nonsense = await settle(() => 'answer', { scorer: () => Number.NaN });
    expect(nonsense.error).toBe('scorer failed: TypeError: scorer returned `score` NaN; expected a finite number');
  });

  it('makes an undefined or unstorable output an error', async () => {
    expect(await settle(() => undefined)).toMatchObject({
      status: 'error',
      error: 'target returned undefined (no output to score)',
    });
    expect((await settle(() => 10n)).error).toBe(
      'target output cannot be stored as JSON: TypeError: Do not know how to serialize a BigInt',
    );
  });

  it('sums the cost and tokens a target reports over its attempts', async () => {
    let calls = 0;
    const target: TargetFunction = (_input, ctx) => {
      ctx.report({ costUsd: 0.25, tokens: { input: 10, output: 2 } });
      if (++calls === 1) throw http(429);
      return 'answer';
    };
    const record = await settle(target);
    expect([record.costUsd, record.tokens]).toEqual([0.5, { input: 20, output: 4 }]);
  });

  it('rejects with the reason of an already-aborted run signal without calling the target', async () => {
    const target = vi.fn(() => 'answer');
    const reason = new Error('stop');
    await expect(runCell(cell, target, { scorer: exactMatch(), signal: AbortSignal.abort(reason) })).rejects.toBe(
      reason,
    );
    expect(target).not.toHaveBeenCalled();
  });

  it('rejects (is not recorded) when the run aborts in flight, and never retries after it', async () => {
    const controller = new AbortController();
    const target = vi.fn(() => Promise.reject(http(503)));
    const promise = runCell(cell, target, {
      scorer: exactMatch(),
      signal: controller.signal,
      retries: { baseDelayMs: 1000 },
      random: () => 1,
    });
    const outcome = expect(promise).rejects.toThrow('user stop');
    await vi.advanceTimersByTimeAsync(10);
    controller.abort(new Error('user stop'));
    await outcome;
    await vi.runAllTimersAsync();
    expect(target).toHaveBeenCalledTimes(1);
  });

  it('leaves no listener on the run signal behind, after ok, error, retry and timeout cells', async () => {
    const controller = new AbortController();
    const options = { scorer: exactMatch(), signal: controller.signal, timeoutMs: 50, retries: { baseDelayMs: 1 } };
    const targets: TargetFunction[] = [
      () => 'answer',
      () => Promise.reject(http(400)),
      vi.fn().mockRejectedValueOnce(http(503)).mockResolvedValue('answer'),
      () => new Promise(() => {}),
    ];
    for (const target of targets) await settle(target, options);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
