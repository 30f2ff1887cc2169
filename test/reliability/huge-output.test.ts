/**
 * Issue 11, defect 7 (one huge output kills the run): an output longer than `maxOutputChars` (default
 * 4 Mi characters of JSON) is not stored; its cell is an `error` saying why, and the run goes on. The
 * case that used to end the run with exit 2, and every resume at the same cell: an output whose JSON
 * V8 cannot build at all (280 million characters that each need escaping), through `verdict run`.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_OUTPUT_CHARS, runExperiment } from '../../src/index';
import { startCli } from '../cli/run-cli-process';
import { doublingExperiment, temporaryDirectory } from '../store/helpers';
import { runOutcomes } from './run-outcomes';

describe('a huge output', () => {
  it('stores an output over maxOutputChars as an error naming the limit, and one under it as it is', async () => {
    const long = 'x'.repeat(DEFAULT_MAX_OUTPUT_CHARS + 1);
    const experiment = doublingExperiment({
      items: [{ id: 'q', input: 1, expected: long }],
      variants: { A: () => long },
    });
    const records: unknown[] = [];
    const summary = await runExperiment(experiment, { onResult: (r) => void records.push(r) });
    expect(summary).toMatchObject({ status: 'completed', error: 1 });
    expect(records).toEqual([
      expect.objectContaining({
        status: 'error',
        error: `target output is ${DEFAULT_MAX_OUTPUT_CHARS + 1} characters long, over the ${DEFAULT_MAX_OUTPUT_CHARS} characters a cell stores (maxOutputChars); not stored`,
      }),
    ]);
    expect(records[0]).not.toHaveProperty('output');
    const larger = await runExperiment(experiment, { maxOutputChars: 2 * DEFAULT_MAX_OUTPUT_CHARS });
    expect(larger).toMatchObject({ ok: 1, error: 0 });
  });

  it('goes on past an output JSON cannot hold, and a resume has nothing left to run', async () => {
    const dir = temporaryDirectory();
    const fixture = 'test/reliability/fixtures/huge-output-experiment.ts';
    const run = await startCli(['run', fixture, '--out', dir, '--quiet']).done;
    expect(run.code, run.stderr).toBe(0);
    const { outcomes, duplicates } = runOutcomes(dir);
    expect({ cells: outcomes.size, duplicates }).toEqual({ cells: 8, duplicates: [] });
    expect(outcomes.get('["huge","A",0]')).toMatchObject({
      status: 'error',
      error: expect.stringMatching(/^target output is 280000000 characters long, over the 4194304 characters/),
    });
    const resumed = await startCli(['run', fixture, '--out', dir, '--resume', '--json']).done;
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ executed: 0, completed: 8 });
  }, 60_000);
});
