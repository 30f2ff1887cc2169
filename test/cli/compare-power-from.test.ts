import { describe, expect, it } from 'vitest';
import { mcnemarDetectableDifference, mcnemarPower, mcnemarSampleSize } from '../../stats/index';
import { runCliInProcess } from './run-cli-process';

const FILE = '../shared/datasets/swebench_verified_bash_only.jsonl';
const BASELINE = 'Claude 4 Sonnet (20250514)';
const CANDIDATE = 'Claude 4.5 Sonnet (20250929)';

describe('verdict power --from (planning from the discordance a run observed)', () => {
  it('plans for a drop of the margin at the observed discordance (n10 = 25, n01 = 54 of 500)', async () => {
    const { code, stdout } = await runCliInProcess([
      'power',
      '--from',
      FILE,
      '--baseline',
      BASELINE,
      '--candidate',
      CANDIDATE,
      '--margin',
      '3',
    ]);
    expect(code).toBe(0);
    const discordance = 79 / 500;
    const rates = { p10: (discordance + 0.03) / 2, p01: (discordance - 0.03) / 2 };
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(
      `Observed: ${CANDIDATE} vs ${BASELINE}, n = 500 paired items, n10 = 25, n01 = 54 (discordance 0.158)`,
    );
    expect(lines[1]).toBe('Planning for a drop of 3.0 points at discordance 0.158');
    expect(stdout).toContain(`pairs needed for power 0.8: ${mcnemarSampleSize(rates).n} `);
    expect(stdout).toContain(`power at n = 500: ${Number(mcnemarPower({ n: 500, ...rates }).toFixed(4))}\n`);
    const mde = mcnemarDetectableDifference({ n: 500, discordance });
    expect(stdout).toContain(`discordance 0.158): ${(100 * mde).toFixed(2)} points\n`);
  });

  it('refuses an unknown variant', async () => {
    const { code, stderr } = await runCliInProcess([
      'power',
      '--from',
      FILE,
      '--baseline',
      'X',
      '--candidate',
      CANDIDATE,
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^verdict: unknown variant "X"; the results have "Claude 4\.5 Opus medium \(20251101\)", /);
  });
});
