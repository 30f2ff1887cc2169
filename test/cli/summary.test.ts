import { readFileSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatPercent } from '../../reports/index';
import { proportionInterval } from '../../stats/index';
import { runCliInProcess } from './run-cli-process';

// Real per-trial outcomes: tau-bench airline, gpt-4o, 50 tasks x 4 trials (read from ../shared).
const TAU = '../shared/datasets/taubench_airline_gpt4o_trials.jsonl';

/** Passes per task, counted straight from the file. */
function passesPerTask(): number[] {
  const counts = new Map<number, number>();
  for (const line of readFileSync(TAU, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const row = JSON.parse(line) as { item: number; pass: boolean };
    counts.set(row.item, (counts.get(row.item) ?? 0) + (row.pass ? 1 : 0));
  }
  return [...counts.values()];
}

describe('verdict summary', () => {
  it('shows every variant with its pass rate and Wilson interval, errors and replaced rows', async () => {
    const { code, stdout } = await runCliInProcess(['summary', 'test/fixtures/results/small.jsonl']);
    expect(code).toBe(0);
    const { lower, upper } = proportionInterval(3, 5);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^variant +items +n +passes +pass rate +95% Wilson CI +errors +timeouts +skipped/);
    expect(lines[1]).toMatch(
      new RegExp(`^A +5 +5 +3 +60\\.0% +${formatPercent(lower)} to ${formatPercent(upper)} +0 +0 +1 `),
    );
    expect(lines[2]).toMatch(/^B +5 +5 +3 +60\.0% .* +1 +0 +0 /);
    expect(stdout).toContain('Replaced by a later row of the same cell (not counted): B 1');
  });

  it('adds pass@k and pass^k for k = 1..4 when items have several samples', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'verdict-summary-'));
    const json = join(directory, 'summary.json');
    const { code, stdout } = await runCliInProcess(['summary', TAU, '--json', json]);
    expect(code).toBe(0);
    expect(stdout).toContain('pass@k and pass^k of gpt-4o (tau-bench tool-calling agent)');
    const summary = JSON.parse(await readFile(json, 'utf8')) as {
      variants: { n: number; passes: number }[];
      passAtK: { k: number; passAtK: number; passHatK: number }[];
    };
    const perTask = passesPerTask();
    expect(summary.variants[0]).toMatchObject({ n: 200, passes: 84 });
    expect(summary.passAtK.map((p) => p.k)).toEqual([1, 2, 3, 4]);
    const last = summary.passAtK[3]!;
    // pass@4 of 4 samples: the share of tasks solved at least once; pass^4: solved every time.
    expect(last.passAtK).toBeCloseTo(perTask.filter((c) => c > 0).length / perTask.length, 14);
    expect(last.passHatK).toBeCloseTo(perTask.filter((c) => c === 4).length / perTask.length, 14);
    expect(summary.passAtK[0]!.passHatK).toBeCloseTo(0.42, 14);
  });

  it('exits 2 on a file it cannot read', async () => {
    const { code, stderr } = await runCliInProcess(['summary', 'test/fixtures/results/absent.jsonl']);
    expect(code).toBe(2);
    expect(stderr).toBe('verdict: test/fixtures/results/absent.jsonl: cannot read the file (ENOENT)\n');
  });
});
