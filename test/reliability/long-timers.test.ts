/**
 * Issue 11, defect 3 (timers over 2^31-1 ms fire at once): Node replaces a longer delay by 1 ms. A
 * `timeoutMs` above it is refused with a clear message (API, experiment file, --timeout), the system
 * timers chain a longer wait instead of firing it at once, and a Retry-After of 2^31 s is waited for
 * (until the cell's deadline ends it as a timeout after one call) instead of retried at once.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runExperiment, TransientError } from '../../src/index';
import { MAX_TIMER_DELAY_MS } from '../../src/schema/experiment';
import { systemTimers } from '../../src/time/timers';
import { runCliInProcess } from '../cli/run-cli-process';
import { doublingExperiment, temporaryDirectory } from '../store/helpers';

afterEach(() => {
  vi.useRealTimers();
});

describe('long timers', () => {
  it('refuses a timeoutMs beyond 2^31-1 ms, naming it and the value', async () => {
    await expect(runExperiment(doublingExperiment({ timeoutMs: 2 ** 31 }))).rejects.toThrow(
      'runExperiment: `timeoutMs` must be at most 2147483647 ms (about 24.8 days; Infinity turns the deadline off), got 2147483648',
    );
    await expect(runExperiment(doublingExperiment({ retries: { maxDelayMs: 1e12 } }))).rejects.toThrow(
      'runExperiment: `retries.maxDelayMs` must be at most 2147483647 ms (about 24.8 days), got 1000000000000',
    );
  });

  it('refuses --timeout 2147483648 and an experiment file with that timeoutMs (exit 2, one line)', async () => {
    const dir = temporaryDirectory();
    const file = join(dir, 'exp.json');
    const experiment = {
      name: 'long',
      items: [{ id: 1, input: 'a', expected: 'a' }],
      variants: { A: { type: 'command', argv: ['cat'] }, B: { type: 'command', argv: ['cat'] } },
    };
    writeFileSync(file, JSON.stringify({ ...experiment, timeoutMs: 2 ** 31 }));
    const fromFile = await runCliInProcess(['run', file, '--dry-run']);
    expect(fromFile.code).toBe(2);
    expect(fromFile.stderr).toBe(`verdict: ${file}:1: \`timeoutMs\`: expected a value <= 2147483647, got 2147483648\n`);
    writeFileSync(file, JSON.stringify(experiment));
    const fromFlag = await runCliInProcess(['run', file, '--dry-run', '--timeout', '2147483648']);
    expect({ code: fromFlag.code, stderr: fromFlag.stderr }).toEqual({
      code: 2,
      stderr: 'verdict: `--timeout`: expected an integer from 1 to 2147483647, got "2147483648"\n',
    });
  });

  it('chains a system timer longer than 2^31-1 ms rather than firing it after 1 ms', () => {
    vi.useFakeTimers();
    const fired = vi.fn();
    systemTimers.setTimeout(fired, MAX_TIMER_DELAY_MS + 1000);
    vi.advanceTimersByTime(MAX_TIMER_DELAY_MS);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(999);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
    const cleared = vi.fn();
    const handle = systemTimers.setTimeout(cleared, 3 * MAX_TIMER_DELAY_MS);
    vi.advanceTimersByTime(MAX_TIMER_DELAY_MS + 5);
    systemTimers.clearTimeout(handle);
    vi.advanceTimersByTime(3 * MAX_TIMER_DELAY_MS);
    expect(cleared).not.toHaveBeenCalled();
  });

  it('does not retry at once when the server asks to wait 2^31 s (one call, then a timeout at the deadline)', async () => {
    let calls = 0;
    const summary = await runExperiment(
      doublingExperiment({
        items: [{ id: 'q', input: 1, expected: '2' }],
        variants: {
          A: () => {
            calls++;
            throw new TransientError('HTTP 429 Too Many Requests', { retryAfterMs: (2 ** 31 + 1) * 1000 });
          },
        },
        timeoutMs: 300,
      }),
      {
        onResult: (record) => {
          expect(record).toMatchObject({ status: 'timeout', attempts: 1 });
          expect(record.latencyMs).toBeGreaterThanOrEqual(290);
        },
      },
    );
    expect({ calls, timeout: summary.timeout }).toEqual({ calls: 1, timeout: 1 });
  });
});
