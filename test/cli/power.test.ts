import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { discordantRatesFromPassRates, planMcNemarPower } from '../../src/analysis/plan-mcnemar-power';
import { runCli } from '../../src/cli/run-cli';
import { mcnemarDetectableDifference, mcnemarPower, mcnemarSampleSize } from '../../stats/index';

/** Run `verdict <args>` in-process and capture what it writes. */
async function verdict(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await runCli(['node', 'verdict', ...args]);
    return { code, stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('verdict power', () => {
  it('prints the pairs needed for the default power', async () => {
    const { code, stdout, stderr } = await verdict('power', '--p10', '0.05', '--p01', '0.10');
    const { n, nUnrounded } = mcnemarSampleSize({ p10: 0.05, p01: 0.1 });
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toBe(
      [
        'McNemar test, two-sided, alpha 0.05, method connor',
        'p10 0.05 (baseline passes, candidate fails), p01 0.1 (baseline fails, candidate passes)',
        'difference in pass rate (candidate - baseline) +5.00 points, discordance 0.15',
        `pairs needed for power 0.8: ${n} (Connor's formula gives ${nUnrounded!.toFixed(1)})`,
        '',
      ].join('\n'),
    );
    expect(n).toBe(469); // the figure the --help example quotes
  });

  it('adds the power and the minimum detectable difference at --n', async () => {
    const { code, stdout } = await verdict('power', '--p10', '0.05', '--p01', '0.10', '--n', '500');
    expect(code).toBe(0);
    const power = mcnemarPower({ n: 500, p10: 0.05, p01: 0.1 });
    const mdd = mcnemarDetectableDifference({ n: 500, discordance: 0.15 });
    expect(stdout).toContain(`power at n = 500: ${Number(power.toFixed(4))}\n`);
    expect(stdout).toContain(
      `minimum detectable difference at n = 500 (power 0.8, discordance 0.15): ${(100 * mdd).toFixed(2)} points\n`,
    );
    expect(stdout).toContain('power at n = 500: 0.825\n');
  });

  it('accepts pass rates with a discordance, and the exact method', async () => {
    const { code, stdout } = await verdict(
      'power',
      '--baseline-rate',
      '0.70',
      '--candidate-rate',
      '0.75',
      '--discordance',
      '0.15',
      '--method',
      'exact',
    );
    expect(code).toBe(0);
    expect(stdout).toContain('p10 0.05 (baseline passes, candidate fails), p01 0.1');
    expect(stdout).toContain(
      `pairs needed for power 0.8: ${mcnemarSampleSize({ p10: 0.05, p01: 0.1, method: 'exact' }).n}\n`,
    );
    expect(stdout).toContain('pairs needed for power 0.8: 498\n');
  });

  it.each([
    [['--p10', 'abc', '--p01', '0.1'], 'verdict: `--p10`: expected a rate in [0, 1], got "abc"'],
    [['--p10', '0.1'], 'verdict: `--p01`: missing (give --p10 and --p01 together)'],
    [
      ['--p10', '0.1', '--p01', '0.2', '--alpha', '1'],
      'verdict: `--alpha`: expected a number strictly between 0 and 1, got 1',
    ],
    [['--p10', '0.1', '--p01', '0.2', '--n', '2.5'], 'verdict: `--n`: expected a positive integer, got 2.5'],
    [['--p10', '0.1', '--p01', '0.2', '--method', 'midp'], 'verdict: `--method`: expected connor or exact, got "midp"'],
    [
      ['--p10', '0.1', '--p01', '0.2', '--baseline-rate', '0.5'],
      'verdict: give either --p10 and --p01, or --baseline-rate, --candidate-rate and --discordance (see verdict power --help)',
    ],
    [
      ['--baseline-rate', '0.9', '--candidate-rate', '0.95', '--discordance', '0.01'],
      'verdict: `--discordance`: 0.01 is below |candidate rate - baseline rate| = 0.05: every item whose result changed is discordant',
    ],
    [
      ['--p10', '0.1', '--p01', '0.1'],
      "verdict: `--p10` and `--p01` are equal (0.1): with no difference to detect no n is enough; give --n for the power (the test's size)",
    ],
  ])('rejects %j with one line and exit code 2', async (args, message) => {
    const { code, stdout, stderr } = await verdict('power', ...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`${message}\n`);
  });

  it('shows a worked example in --help', async () => {
    const { code, stdout } = await verdict('power', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('$ verdict power --p10 0.05 --p01 0.10\n');
    expect(stdout).toContain("pairs needed for power 0.8: 469 (Connor's formula gives 468.6)");
  });

  it('runs as a real process', async () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'power', '--p10', '0.05', '--p01', '0.10', '--n', '500'],
      { cwd: root },
    );
    expect(stdout).toContain('pairs needed for power 0.8: 469');
    expect(stdout).toContain('power at n = 500: 0.825');
  });
});

describe('planMcNemarPower', () => {
  it('returns the plan as plain data for other inputs to reuse', () => {
    const plan = planMcNemarPower({ p10: 0.1, p01: 0.1, alpha: 0.05, power: 0.8, method: 'connor', n: 100 });
    expect(plan.required).toBeUndefined();
    expect(plan.atN?.power).toBeCloseTo(0.05, 14);
    expect(plan.difference).toBe(0);
  });

  it('derives the discordant cells from pass rates', () => {
    expect(discordantRatesFromPassRates({ baselineRate: 0.7, candidateRate: 0.75, discordance: 0.15 })).toEqual({
      p10: 0.05,
      p01: 0.1,
    });
  });
});
