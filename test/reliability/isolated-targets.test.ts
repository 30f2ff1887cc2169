/**
 * Issue 11, defect 4 (a synchronous CPU-bound target beats its deadline): function targets and
 * scorers run in worker threads by default, so a deadline holds for any code. Through `verdict run`:
 * a 10 s busy loop in a target and in a scorer each end as `timeout` at their 2 s deadline (the run
 * does not wait them out), `process.exit(0)` in a target ends only its worker (an `error` record; the
 * run completes with every cell stored once, the manifest `completed` and the lock released), an
 * exception thrown from a target's timer is that cell's error, and a transient failure is retried
 * across the thread boundary with its usage kept. `--in-process` keeps the old mode; asking for
 * workers without a module to import is a clear error.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/index';
import { startCli } from '../cli/run-cli-process';
import { doublingExperiment, temporaryDirectory } from '../store/helpers';
import { runOutcomes } from './run-outcomes';

const FIXTURE = 'test/reliability/fixtures/runaway-experiment.ts';

describe('isolated function targets and scorers', () => {
  it('stops runaways at their deadline and survives process.exit, storing every cell once', async () => {
    const dir = temporaryDirectory();
    const result = await startCli(['run', FIXTURE, '--out', dir, '--json']).done;
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ status: 'completed', planned: 14, completed: 14, executed: 14 });
    // Two 10 s loops did not hold the run: it ends soon after their 2 s deadlines.
    expect(summary.durationMs).toBeLessThan(9000);
    const { outcomes, duplicates } = runOutcomes(dir);
    expect({ cells: outcomes.size, duplicates }).toEqual({ cells: 14, duplicates: [] });
    const lines = readFileSync(join(dir, 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const record = (item: string, variant: string) => lines.find((r) => r.item === item && r.variant === variant);
    expect(record('spin', 'A')).toMatchObject({ status: 'timeout', error: 'target timed out after 2000 ms' });
    expect(record('spin', 'A').latencyMs).toBeLessThan(3500);
    expect(record('slow-score', 'A')).toMatchObject({ status: 'timeout', error: 'scorer timed out after 2000 ms' });
    expect(record('exit', 'B')).toMatchObject({
      status: 'error',
      error: `the target ended its worker thread (exit code 0; process.exit() in ${FIXTURE} ends only the worker, not the run)`,
    });
    expect(record('crash', 'A')).toMatchObject({
      status: 'error',
      error: expect.stringContaining('thrown from a timer'),
    });
    expect(record('flaky', 'A')).toMatchObject({ status: 'ok', pass: true, attempts: 3, costUsd: 0.75 });
    for (const item of ['a', 'b', 'spin', 'exit', 'crash', 'slow-score', 'flaky'])
      if (!['spin', 'slow-score', 'crash'].includes(item) || item === 'slow-score')
        expect(record(item, 'B')).toMatchObject({
          status: item === 'exit' ? 'error' : item === 'slow-score' ? 'timeout' : 'ok',
        });
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ status: 'completed', completed: 14, policy: { isolation: 'worker' } });
    expect(existsSync(join(dir, 'lock'))).toBe(false);
  }, 60_000);

  it('keeps the in-process mode as an option (there process.exit would end the run, so it is left out)', async () => {
    const dir = temporaryDirectory();
    const experiment = doublingExperiment();
    const summary = await runExperiment(experiment, { outDir: dir, isolation: 'in-process' });
    expect(summary).toMatchObject({ status: 'completed', ok: 12 });
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).policy.isolation).toBe('in-process');
  });

  it('says what is missing when workers are asked for without a module to import', async () => {
    await expect(runExperiment(doublingExperiment(), { isolation: 'worker' })).rejects.toThrow(
      "`module`: isolation 'worker' needs the experiment's module, for worker threads to import: load the experiment with loadExperiment, or set `module` to the file that defines it",
    );
  });
});
