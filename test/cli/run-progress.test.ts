import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { formatRunSummary } from '../../src/cli/format-run-summary';
import { interruptOnSignals } from '../../src/cli/handle-signals';
import { createProgressDisplay, progressLine } from '../../src/cli/progress';
import { terminalWidth } from '../../src/cli/terminal-width';
import type { RunProgress, RunSummary } from '../../src/runner/types';
import { neutraliseTerminalControls } from '../../src/schema/terminal-controls';
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
  it('says done/total, errors and timeouts, ETA, rate, cost and the pass rate per variant so far', () => {
    expect(progressLine(progress(100, 10_000), { columns: 120 })).toBe(
      '100/400 25.0% | error 1 timeout 1 | ETA 30.0 s | 10.0 cells/s | pass A 51.0% B -',
    );
    const costly = { ...progress(1234, 23_700), planned: 4000, toExecute: 4000, costUsd: 1.2, skipped: 3 };
    expect(progressLine(costly, { columns: 120 })).toBe(
      '1,234/4,000 30.9% | error 1 timeout 1 skipped 3 | ETA 53.1 s | 52.1 cells/s | $1.20 | pass A 50.1% B -',
    );
  });

  it('gives up the least needed parts first as the terminal narrows', () => {
    const costly = { ...progress(1234, 23_700), planned: 4000, toExecute: 4000, costUsd: 0.0123 };
    expect([80, 70, 60, 50, 40, 30, 20, 12, 8].map((columns) => [columns, progressLine(costly, { columns })])).toEqual([
      [80, '1,234/4,000 30.9% | error 1 timeout 1 | ETA 53.1 s | 52.1 cells/s | $0.012'],
      [70, '1,234/4,000 30.9% | error 1 timeout 1 | ETA 53.1 s | 52.1/s | $0.012'],
      [60, '1,234/4,000 30.9% | err 1 t/o 1 | ETA 53.1 s | $0.012'],
      [50, '1,234/4,000 30.9% | err 1 t/o 1 | ETA 53.1 s'],
      [40, '1,234/4,000 | err 1 t/o 1 | ETA 53.1 s'],
      [30, '1,234/4,000 | err 1 t/o 1'],
      [20, '1,234/4,000'],
      [12, '1,234/4,000'],
      [8, '1,234/4…'],
    ]);
  });

  test.prop(
    [
      fc.nat(1e12),
      fc.nat(1e12),
      fc.nat(1e9),
      fc.nat(1e9),
      fc.double({ min: 0, max: 1e9, noNaN: true }),
      fc.dictionary(
        fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 })),
        fc.nat(1e9),
        { maxKeys: 6 },
      ),
      fc.integer({ min: 1, max: 200 }),
    ],
    { seed: 15, numRuns: 300 },
  )(
    'fits in the columns given at any counts, names and widths',
    (planned, completed, error, elapsedMs, costUsd, names, columns) => {
      const variants = Object.fromEntries(
        Object.entries(names).map(([name, ok]) => [
          name,
          { ok, passes: Math.floor(ok / 2), error: 0, timeout: 0, skipped: 0 },
        ]),
      );
      const p: RunProgress = {
        planned,
        completed,
        executed: completed,
        toExecute: planned,
        elapsedMs,
        ok: completed,
        error,
        timeout: error,
        skipped: error,
        costUsd,
        variants,
      };
      const line = progressLine(p, { columns });
      expect(terminalWidth(line), line).toBeLessThanOrEqual(columns);
      expect(neutraliseTerminalControls(line)).toBe(line); // no control reaches the terminal
    },
  );

  it('keeps wide and hostile variant names inside the line, each cut to 16 columns', () => {
    const p = {
      ...progress(100, 10_000),
      variants: {
        '数学模型-第二版-很长的名字': { ok: 10, passes: 5, error: 0, timeout: 0, skipped: 0 },
        'evil\u001b[2J\rname': { ok: 10, passes: 10, error: 0, timeout: 0, skipped: 0 },
      },
    };
    const line = progressLine(p, { columns: 200 });
    expect(line).toBe(
      '100/400 25.0% | error 1 timeout 1 | ETA 30.0 s | 10.0 cells/s | pass 数学模型-第二版… 50.0% evil\\u001b[2J\\u… 100.0%',
    );
    expect(terminalWidth('数学模型-第二版…')).toBe(16);
  });

  it("draws within the terminal's width, one column short of it, with a bar from 60 columns", () => {
    for (const columns of [200, 80, 59, 30]) {
      const stream = Object.assign(recorder(true), { columns });
      const display = createProgressDisplay({ stream, now: () => 0 });
      display.update({ ...progress(200, 1000), costUsd: 12.5 });
      display.finish();
      const drawn = stream.text().replace('\r\x1b[2K', '').replace(/\n$/, '');
      expect(terminalWidth(drawn), drawn).toBeLessThanOrEqual(columns - 1);
      expect(drawn.startsWith('[#####.....] 200/400'), drawn).toBe(columns >= 61);
    }
    const logged = recorder(false);
    const lines = createProgressDisplay({ stream: logged, now: () => 0 });
    lines.update({ ...progress(200, 1000), costUsd: 12.5 });
    lines.finish();
    expect(logged.text()).toBe('progress: 200/400 50.0% | error 1 timeout 1 | ETA 1.0 s | 200.0/s | $12.50\n');
    expect(terminalWidth(logged.text().trimEnd())).toBeLessThanOrEqual(79);
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
    ).toEqual(['progress: 20/400 5.0%', 'progress: 100/400 25.0%', 'progress: 140/400 35.0%', '']);
  });

  it('redraws one line in place on a terminal, and ends it with a newline', () => {
    const stream = recorder(true);
    const display = createProgressDisplay({ stream, now: () => 0 });
    display.update(progress(200, 1000));
    display.finish();
    display.finish();
    expect(stream.text()).toBe(`\r\x1b[2K[#####.....] ${progressLine(progress(200, 1000), { columns: 79 - 13 })}\n`);
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
