import { describe, expect, it } from 'vitest';
import { formatRunSummary } from '../../src/cli/format-run-summary';
import { interruptOnSignals } from '../../src/cli/handle-signals';
import { createProgressDisplay, progressLine } from '../../src/cli/progress';
import type { RunProgress, RunSummary } from '../../src/runner/types';
import { proportionInterval } from '../../stats/index';

const progress = (completed: number, elapsedMs: number): RunProgress => ({
  planned: 400,
  completed,
  executed: completed,
  toExecute: 400,
  elapsedMs,
  ok: completed - 2,
  error: 1,
  timeout: 1,
  skipped: 0,
  costUsd: 0,
  variants: {
    A: { ok: completed / 2 - 1, passes: completed / 4, error: 1, timeout: 0, skipped: 0 },
    B: { ok: 0, passes: 0, error: 0, timeout: 1, skipped: 0 },
  },
});

/** A stream that records what is written. */
function recorder(isTTY: boolean): NodeJS.WritableStream & { isTTY: boolean; text: () => string } {
  const chunks: string[] = [];
  return { isTTY, write: (chunk: string) => chunks.push(chunk) > 0, text: () => chunks.join('') } as never;
}

describe('progress on stderr', () => {
  it('says done/total, ok/error/timeout, pass rate per variant so far, rate and ETA', () => {
    expect(progressLine(progress(100, 10_000))).toBe(
      '100/400 (25.0%) | ok 98 error 1 timeout 1 | pass A 51.0% B - | 10.0 cells/s | ETA 30.0 s',
    );
  });

  it('writes a plain line every interval when stderr is not a terminal, and the final state at the end', () => {
    let now = 0;
    const stream = recorder(false);
    const display = createProgressDisplay({ stream, intervalMs: 5000, now: () => now });
    for (const [at, done] of [
      [1000, 20],
      [3000, 60],
      [6500, 100],
      [8000, 140],
    ] as const) {
      now = at;
      display.update(progress(done, at));
    }
    display.finish();
    expect(
      stream
        .text()
        .split('\n')
        .map((line) => line.split(' |')[0]),
    ).toEqual(['progress: 20/400 (5.0%)', 'progress: 100/400 (25.0%)', 'progress: 140/400 (35.0%)', '']);
  });

  it('redraws one line in place on a terminal, and ends it with a newline', () => {
    const stream = recorder(true);
    const display = createProgressDisplay({ stream, now: () => 0 });
    display.update(progress(200, 1000));
    display.finish();
    display.finish();
    expect(stream.text()).toBe(`\r\x1b[2K[##########..........] ${progressLine(progress(200, 1000))}\n`);
  });

  it('writes nothing when off (--quiet)', () => {
    const stream = recorder(true);
    const display = createProgressDisplay({ stream, mode: 'off' });
    display.update(progress(200, 1000));
    display.finish();
    expect(stream.text()).toBe('');
  });
});

describe('the summary', () => {
  it('gives each variant its pass rate with the Wilson interval, errors and timeouts apart, and how to resume', () => {
    const summary: RunSummary = {
      status: 'interrupted',
      stopReason: 'signal',
      planned: 200,
      completed: 150,
      executed: 100,
      resumed: 50,
      ok: 140,
      error: 8,
      timeout: 2,
      skipped: 0,
      durationMs: 12_300,
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:00:12.300Z',
      costUsd: 0,
      outDir: 'runs/qa',
      variants: {
        A: { ok: 75, passes: 60, error: 0, timeout: 0, skipped: 0 },
        B: { ok: 65, passes: 40, error: 8, timeout: 2, skipped: 0 },
      },
    };
    const a = proportionInterval(60, 75);
    const b = proportionInterval(40, 65);
    const pct = (p: number) => `${(100 * p).toFixed(1)}%`;
    expect(formatRunSummary(summary, { experimentFile: 'qa.yaml' })).toBe(
      [
        'run interrupted (by a signal) in 12.3 s: 150/200 cells stored (100 run now, 50 from before); ok 140, error 8, timeout 2',
        '',
        'variant  ok  passes  pass rate  95% Wilson interval  error  timeout',
        `A        75      60      80.0%  ${`[${pct(a.lower)}, ${pct(a.upper)}]`.padStart(19)}      0        0`,
        `B        65      40      61.5%  ${`[${pct(b.lower)}, ${pct(b.upper)}]`.padStart(19)}      8        2`,
        '',
        'results: runs/qa',
        'resume: verdict run qa.yaml --out runs/qa --resume',
        '',
      ].join('\n'),
    );
  });
});

describe('interruptOnSignals', () => {
  it('aborts the run on the first signal and exits 130 at once on the second, then removes its listeners', () => {
    const controller = new AbortController();
    const exits: number[] = [];
    const stream = recorder(false);
    const before = process.listenerCount('SIGTERM');
    const handlers = interruptOnSignals(controller, { stream, exit: (code) => exits.push(code), signals: ['SIGTERM'] });
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    process.emit('SIGTERM', 'SIGTERM');
    expect({ aborted: controller.signal.aborted, received: handlers.received(), exits }).toEqual({
      aborted: true,
      received: 'SIGTERM',
      exits: [],
    });
    process.emit('SIGTERM', 'SIGTERM');
    expect(exits).toEqual([130]);
    handlers.dispose();
    expect(process.listenerCount('SIGTERM')).toBe(before);
    expect(stream.text()).toBe(
      '\nverdict: SIGTERM: stopping (in-flight cells are aborted, results kept); press Ctrl-C again to exit at once\n' +
        '\nverdict: SIGTERM again: exiting now; results written so far are kept (resume with --resume)\n',
    );
  });
});
