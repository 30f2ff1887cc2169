import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../stats/seeded-random';
import { type CliResult, resultLines, runCli, runCliInProcess, startCli, waitUntil } from './run-cli-process';

const EXPERIMENT = 'test/fixtures/experiments/deterministic.ts';
const PLANNED = 2000; // 1000 items x 2 variants x 1 sample
/** Each end-to-end test starts several CLI processes; on a loaded 2-core machine one start can take seconds. */
const PROCESS_TESTS_TIMEOUT_MS = 180_000;

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'verdict-run-'));
});
afterAll(() => rm(directory, { recursive: true, force: true }));

interface Outcome {
  readonly status: string;
  readonly pass?: boolean;
  readonly output?: unknown;
  readonly error?: string;
}

/** Each cell's outcome by key, failing if any cell appears twice. */
function outcomes(dir: string): Map<string, Outcome> {
  const byKey = new Map<string, Outcome>();
  for (const line of resultLines(dir)) {
    const { key, status, pass, output, error } = JSON.parse(line) as Outcome & { key: string };
    expect(byKey.has(key), `cell ${key} stored twice`).toBe(false);
    byKey.set(key, { status, pass, output, error });
  }
  return byKey;
}

const manifest = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { status: string; sessions: unknown[] };

// The kill and signal tests run without the output cache (on by default): a reference run beside the killed one
// would fill it, and the killed run would then finish before it could be killed. test/cli/run-cache-openai.test.ts
// kills a cached run.
describe('verdict run, end to end', () => {
  it(
    'holds every planned cell exactly once, with the outcomes of an uninterrupted run, after kill -9 at random moments and resumes',
    async () => {
      const reference = join(directory, 'reference');
      const killed = join(directory, 'killed');
      const uninterrupted = runCli(['run', EXPERIMENT, '--out', reference, '--quiet', '--no-cache']);

      const random = seededRandom(20261121);
      let kills = 0;
      for (let round = 0; round < 4; round++) {
        const stored = resultLines(killed).length;
        const threshold = stored + 1 + Math.floor(random() * 0.25 * (PLANNED - stored));
        const { child, done } = startCli(['run', EXPERIMENT, '--out', killed, '--resume', '--quiet', '--no-cache']);
        let ended = false;
        void done.then(() => {
          ended = true;
        });
        await waitUntil(
          () => resultLines(killed).length >= threshold,
          () => ended,
        );
        if (ended) break;
        child.kill('SIGKILL');
        const result = await done;
        expect(result.signal).toBe('SIGKILL');
        kills++;
      }
      const last = await runCli(['run', EXPERIMENT, '--out', killed, '--resume', '--quiet', '--no-cache']);
      expect(last.code, last.stderr).toBe(0);
      expect(kills).toBeGreaterThanOrEqual(3);

      const done = await uninterrupted;
      expect(done.code, done.stderr).toBe(0);
      const want = outcomes(reference);
      const got = outcomes(killed);
      expect(want.size).toBe(PLANNED);
      expect(got.size).toBe(PLANNED);
      expect(got).toEqual(want);
      expect([...want.values()].some((o) => o.status === 'error')).toBe(true);
      expect(manifest(killed).status).toBe('completed');
      expect(manifest(killed).sessions).toHaveLength(kills + 1);
    },
    PROCESS_TESTS_TIMEOUT_MS,
  );

  it(
    'SIGINT: exits 130, keeps what was written, marks the manifest interrupted, and a resume completes',
    async () => {
      const dir = join(directory, 'sigint');
      const { child, done } = startCli(['run', EXPERIMENT, '--out', dir, '--no-cache'], {
        VERDICT_TEST_DELAY_MS: '20',
      });
      let ended = false;
      void done.then(() => {
        ended = true;
      });
      await waitUntil(
        () => resultLines(dir).length >= 100,
        () => ended,
      );
      child.kill('SIGINT');
      const interrupted: CliResult = await done;
      expect(interrupted.code, interrupted.stderr).toBe(130);
      expect(manifest(dir).status).toBe('interrupted');
      const kept = resultLines(dir).length;
      expect(kept).toBeGreaterThanOrEqual(100);
      expect(kept).toBeLessThan(PLANNED);
      expect(interrupted.stdout).toContain(`resume: verdict run ${EXPERIMENT} --out ${dir} --resume`);
      expect(interrupted.stderr).toContain('verdict: SIGINT: stopping');

      const resumed = await runCli(['run', EXPERIMENT, '--out', dir, '--resume', '--quiet', '--no-cache']);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(manifest(dir).status).toBe('completed');
      expect(outcomes(dir).size).toBe(PLANNED);
      expect(resumed.stdout).toMatch(
        new RegExp(
          `^run completed in .*: ${PLANNED}/${PLANNED} cells stored \\(${PLANNED - kept} run now, ${kept} from before\\)`,
        ),
      );
    },
    PROCESS_TESTS_TIMEOUT_MS,
  );

  it('runs a YAML experiment of command targets and ends with a summary per variant (--json: as data)', async () => {
    const dir = join(directory, 'commands');
    const result = await runCliInProcess([
      'run',
      'test/fixtures/experiments/commands.yaml',
      '--out',
      dir,
      '--quiet',
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect({ status: summary.status, planned: summary.planned, ok: summary.ok, variants: summary.variants }).toEqual({
      status: 'completed',
      planned: 6,
      ok: 6,
      variants: {
        echo: { ok: 3, passes: 3, error: 0, timeout: 0, skipped: 0 },
        upper: { ok: 3, passes: 0, error: 0, timeout: 0, skipped: 0 },
      },
    });
    const outputs = resultLines(dir).map(
      (line) => JSON.parse(line) as { item: string; variant: string; output: string },
    );
    expect(outputs.find((r) => r.item === '008' && r.variant === 'echo')?.output).toBe('$(touch pwned)');
    expect(existsSync(join('test/fixtures/experiments', 'pwned'))).toBe(false);
    expect(result.stderr).toBe('');
  });

  it('refuses a directory that holds a run unless told to --resume or start --fresh', async () => {
    const dir = join(directory, 'fresh');
    const args = ['run', 'test/fixtures/experiments/commands.yaml', '--out', dir, '--quiet', '--json'];
    expect((await runCliInProcess(args)).code).toBe(0);
    const again = await runCliInProcess(args);
    expect({ code: again.code, stderr: again.stderr }).toEqual({
      code: 2,
      stderr: `verdict: ${dir}: already holds a run; continue it with --resume (--retry-errors to re-run failed cells), start over with --force, or choose another --out directory\n`,
    });
    const resumed = JSON.parse((await runCliInProcess([...args, '--resume'])).stdout);
    expect({ executed: resumed.executed, resumed: resumed.resumed }).toEqual({ executed: 0, resumed: 6 });
    const fresh = JSON.parse((await runCliInProcess([...args, '--fresh'])).stdout);
    expect({ executed: fresh.executed, resumed: fresh.resumed }).toEqual({ executed: 6, resumed: 0 });
    expect(resultLines(dir)).toHaveLength(6);
  });

  it('--dry-run validates and prints the plan without running anything', async () => {
    const dir = join(directory, 'dry');
    const result = await runCliInProcess(['run', EXPERIMENT, '--out', dir, '--dry-run', '--samples', '3']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split('\n').slice(0, 5)).toEqual([
      `experiment: deterministic (${EXPERIMENT})`,
      'cells: 6000 = 1000 items x 2 variants x 3 samples',
      'variants:',
      '  baseline   function (anonymous)',
      '  candidate  function (anonymous)',
    ]);
    expect(result.stdout).toContain(
      'policy: concurrency 16, timeout 60000 ms per cell, retries 3 (backoff 500-30000 ms), seed 11',
    );
    expect(existsSync(dir)).toBe(false);
  });
});

describe('verdict run: a bad experiment or flag is one line on stderr and exit 2', () => {
  const fixtures = 'test/fixtures/experiments';
  it.each([
    [
      [`${fixtures}/invalid-unknown-field.yaml`],
      `${fixtures}/invalid-unknown-field.yaml:7: \`concurency\`: unknown field`,
    ],
    [
      [`${fixtures}/invalid-one-variant.json`],
      `${fixtures}/invalid-one-variant.json:4: \`variants\`: expected two or more variants (a baseline and a candidate), got only "A"`,
    ],
    [
      [`${fixtures}/invalid-not-a-target.yaml`],
      `${fixtures}/invalid-not-a-target.yaml:5: \`variants.B\`: expected a target: an async function, or { type: 'openai' | 'anthropic' | 'http' | 'command', ... }, got "gpt-4o"`,
    ],
    [[`${fixtures}/invalid-missing-items.yaml`], `${fixtures}/no-such-items.csv: items file not found`],
    [
      [`${fixtures}/invalid-duplicate-id.yaml`],
      `${fixtures}/duplicate-id.jsonl:3: \`id\`: duplicate item id "a" (first on line 1)`,
    ],
    [
      [`${fixtures}/invalid-missing-key.yaml`],
      `${fixtures}/invalid-missing-key.yaml: \`variants.B.apiKeyEnv\`: environment variable VERDICT_TEST_UNSET_KEY is not set (the openai target's API key)`,
    ],
    [[`${fixtures}/no-such-experiment.ts`], `${fixtures}/no-such-experiment.ts: experiment file not found`],
    [[EXPERIMENT, '--concurrency', '0'], '`--concurrency`: expected an integer >= 1, got "0"'],
    [[EXPERIMENT, '--fresh', '--resume'], '--fresh and --resume contradict each other: choose one'],
  ])('%j', async (args, message) => {
    const result = await runCliInProcess(['run', ...args, '--dry-run']);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 2, stderr: `verdict: ${message}\n` });
  });

  it(
    'as a process too: exit code 2, the one line, no stack trace',
    async () => {
      const result = await runCli(['run', `${fixtures}/invalid-unknown-field.yaml`]);
      expect({ code: result.code, stderr: result.stderr }).toEqual({
        code: 2,
        stderr: `verdict: ${fixtures}/invalid-unknown-field.yaml:7: \`concurency\`: unknown field\n`,
      });
    },
    PROCESS_TESTS_TIMEOUT_MS,
  );
});
