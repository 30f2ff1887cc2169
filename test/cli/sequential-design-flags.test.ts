/**
 * The design flags of the sequential gate (issue 17): `--design-difference` and `--design-discordance`, in points,
 * through the one parser (`parseDesignFlags`), on `verdict run --stop-early` (over the experiment's
 * `stopping.design`, recorded in the manifest) and `verdict compare --sequential` (the likelihood-ratio tests at
 * that design); and `verdict power --sequential`, the plan of such a run beside the fixed-n exact McNemar design.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VerdictDocument } from '../../reports/index';
import { planSequentialDesign } from '../../src/analysis/plan-sequential-design';
import { parseDesignFlags } from '../../src/cli/parse-options';
import { calibratedTruncation } from '../../src/schema/stopping-policy';
import { calibratedDesignPlan, mcnemarSampleSize, truncatedDesignPlan } from '../../stats/index';
import { runCliInProcess } from './run-cli-process';

let directory: string;
let experimentFile: string;
let plainResults: string;

const T0 = Date.parse('2026-01-01T00:00:00Z');

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'verdict-design-flags-'));
  experimentFile = join(directory, 'experiment.mjs');
  // The candidate fails every third item the baseline passes: a drop of a third, far above the design's 5 points.
  await writeFile(
    experimentFile,
    `export default {
  name: 'design-flags',
  items: Array.from({ length: 300 }, (_, i) => ({ id: 'q' + i, input: i })),
  variants: { A: async () => true, B: async (i) => i % 3 !== 0 },
  score: (output) => output === true,
};
`,
  );
  // 60 discordant pairs, 45 lost by the candidate and 15 won (alternating 3 lost, 1 won), then 40 ties, timed.
  const rows: object[] = [];
  for (let i = 0; i < 100; i++) {
    const [a, b] = i < 60 ? (i % 4 === 3 ? [false, true] : [true, false]) : [true, true];
    rows.push({ item: `q${i}`, variant: 'A', pass: a, finishedAt: new Date(T0 + i * 1000).toISOString() });
    rows.push({ item: `q${i}`, variant: 'B', pass: b, finishedAt: new Date(T0 + i * 1000 + 500).toISOString() });
  }
  plainResults = join(directory, 'plain.jsonl');
  await writeFile(plainResults, `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`);
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('parseDesignFlags', () => {
  it('reads both flags in points, or neither', () => {
    expect(parseDesignFlags({ designDifference: '5', designDiscordance: '15' })).toEqual({
      difference: 5,
      discordance: 15,
    });
    expect(parseDesignFlags({ designDifference: '2.5 points', designDiscordance: '100' })).toEqual({
      difference: 2.5,
      discordance: 100,
    });
    expect(parseDesignFlags({})).toBeUndefined();
  });

  it('refuses one without the other, a zero or negative difference, a discordance not above it, and text', () => {
    for (const [flags, field, words] of [
      [{ designDifference: '5' }, '--design-discordance', /together/],
      [{ designDiscordance: '15' }, '--design-difference', /together/],
      [{ designDifference: '0', designDiscordance: '15' }, '--design-difference', /above 0 points, got "0"/],
      [{ designDifference: '-1', designDiscordance: '15' }, '--design-difference', /got "-1"/],
      [{ designDifference: '5', designDiscordance: '5' }, '--design-discordance', /above --design-difference \(5/],
      [{ designDifference: '5', designDiscordance: '101' }, '--design-discordance', /got "101"/],
      [{ designDifference: '0x5', designDiscordance: '15' }, '--design-difference', /got "0x5"/],
    ] as const) {
      let error: unknown;
      try {
        parseDesignFlags(flags);
      } catch (caught) {
        error = caught;
      }
      expect(error, JSON.stringify(flags)).toMatchObject({ name: 'InputError', field });
      expect((error as Error).message).toMatch(words);
    }
  });
});

describe('verdict power --sequential', () => {
  it('prints the truncated design’s maximum and mean items beside the fixed-n exact McNemar pairs', async () => {
    const { code, stdout, stderr } = await runCliInProcess(['power', '--p10', '0.10', '--p01', '0.05', '--sequential']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const plan = truncatedDesignPlan({ difference: 0.05, discordance: 0.15, power: 0.8 });
    const fixed = mcnemarSampleSize({ p10: 0.1, p01: 0.05, power: 0.8, method: 'exact' }).n;
    // 522, 358.6 and 498: the figures of BENCHMARKS.md ("design gate, power 0.8"), which simulation checks.
    expect([plan.maxItems, Number(plan.expectedItems.toFixed(1)), fixed]).toEqual([522, 358.6, 498]);
    expect(stdout).toBe(
      [
        'sequential gate (verdict run --stop-early), two-sided, alpha 0.05, checked after every pair',
        'p10 0.1 (baseline passes, candidate fails), p01 0.05 (baseline fails, candidate passes)',
        'design: a 5-point difference at discordance 15 points (--design-difference 5 --design-discordance 15)',
        `maximum items for power 0.8: 522 (stopping.maxItems; power there ${Number(plan.power.toFixed(4))})`,
        'items used on average at these rates: 358.6 (exact)',
        'fixed-n exact McNemar test, same power: 498 pairs; the sequential gate uses 28% fewer on average',
        '',
      ].join('\n'),
    );
  });

  it('plans from pass rates and a power too, and refuses --n, --method and equal rates', async () => {
    const { stdout } = await runCliInProcess([
      'power',
      ...['--baseline-rate', '0.70', '--candidate-rate', '0.75', '--discordance', '0.15', '--power', '0.9'],
      '--sequential',
    ]);
    const plan = planSequentialDesign({ p10: 0.05, p01: 0.1, alpha: 0.05, power: 0.9 });
    expect(plan.fixedItems).toBe(652);
    expect(stdout).toContain(`maximum items for power 0.9: ${plan.maxItems} `);
    expect(stdout).toContain(`${(100 * plan.saving).toFixed(1)}% fewer on average`);
    for (const [extra, words] of [
      [['--n', '500'], /`--n`: the sequential plan gives the maximum items itself/],
      [['--method', 'exact'], /`--method`: the sequential plan is exact/],
    ] as const) {
      const refused = await runCliInProcess(['power', '--p10', '0.10', '--p01', '0.05', '--sequential', ...extra]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(words);
    }
    const equal = await runCliInProcess(['power', '--p10', '0.1', '--p01', '0.1', '--sequential']);
    expect(equal.code).toBe(2);
    expect(equal.stderr).toMatch(/a sequential design is tuned to a difference/);
  });

  it('--design-calibrated plans the calibrated design a run with that flag uses, and needs --sequential', async () => {
    const { code, stdout } = await runCliInProcess([
      ...['power', '--p10', '0.10', '--p01', '0.05', '--sequential', '--design-calibrated'],
    ]);
    expect(code).toBe(0);
    // The plan the run records in its manifest (stopping.policy.design.truncation) for the same design.
    const run = calibratedTruncation({ difference: 5, discordance: 15 }, 0.05);
    const plan = calibratedDesignPlan({ difference: 0.05, discordance: 0.15, alpha: 0.05, power: 0.8 });
    expect([run.threshold, run.maxDiscordant]).toEqual([plan.threshold, plan.maxDiscordant]);
    // 33.15, K = 76, 342.5 items against 498: BENCHMARKS.md's calibrated design at power 0.8 (exact, and simulated).
    expect([plan.threshold, plan.maxDiscordant]).toEqual([33.15, 76]);
    expect(stdout).toContain(
      `crosses at 33.15 (below Ville's 40: valid up to K only), truncated at K = 76 discordant pairs with a final exact look; power ${Number(plan.power.toFixed(4))}`,
    );
    expect(stdout).toContain('K discordant pairs take 506.7 items on average at this discordance');
    expect(stdout).toContain(`items used on average at these rates: ${Number(plan.expectedItems.toFixed(1))} (exact)`);
    expect(stdout).toContain('fixed-n exact McNemar test, same power: 498 pairs; the sequential gate uses 31.2% fewer');
    expect(stdout).not.toContain('maximum items for power');
    const alone = await runCliInProcess(['power', '--p10', '0.10', '--p01', '0.05', '--design-calibrated']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/`--design-calibrated`: plans the sequential gate only: add --sequential/);
  });
});

describe('verdict run --stop-early with the design flags', () => {
  const common = ['--stop-early', '--in-process', '--no-cache', '--quiet'];

  it('runs on that design, records it in the manifest, and compare --sequential uses the run’s tests', async () => {
    const out = join(directory, 'run');
    const run = await runCliInProcess([
      'run',
      experimentFile,
      '--out',
      out,
      ...common,
      ...['--design-difference', '5', '--design-discordance', '15'],
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.stopping.policy.design).toEqual({ difference: 0.05, discordance: 0.15 });
    expect(manifest.stopping).toMatchObject({ reason: 'decided', finding: 'worse' });
    expect(manifest.stopping.itemsStarted).toBeLessThan(300);

    const json = join(directory, 'run-verdict.json');
    const compared = await runCliInProcess([
      'compare',
      out,
      '--baseline',
      'A',
      '--candidate',
      'B',
      '--sequential',
      '--json',
      json,
    ]);
    expect(compared.code).toBe(1);
    const doc = VerdictDocument.parse(JSON.parse(await readFile(json, 'utf8')));
    expect(doc.paired.test.method).toBe('design-likelihood-ratio');
    // The same design given again is the run's; another one is refused, naming the run's.
    const again = await runCliInProcess([
      ...['compare', out, '--baseline', 'A', '--candidate', 'B', '--sequential'],
      ...['--design-difference', '5', '--design-discordance', '15'],
    ]);
    expect(again.code).toBe(1);
    const other = await runCliInProcess([
      ...['compare', out, '--baseline', 'A', '--candidate', 'B', '--sequential'],
      ...['--design-difference', '3', '--design-discordance', '20'],
    ]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/stopped early on the design difference 5 at discordance 15 points/);
  });

  it('refuses a design without --stop-early, and half a design, before running anything', async () => {
    const out = join(directory, 'refused');
    const without = await runCliInProcess([
      ...['run', experimentFile, '--out', out, '--in-process', '--no-cache', '--quiet'],
      ...['--design-difference', '5', '--design-discordance', '15'],
    ]);
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(/`--design-difference`: the design tunes the early-stopping gate: add --stop-early/);
    const half = await runCliInProcess(['run', experimentFile, '--out', out, ...common, '--design-difference', '5']);
    expect(half.code).toBe(2);
    expect(half.stderr).toMatch(/`--design-discordance`: give --design-difference and --design-discordance together/);
  });
});

describe('verdict compare --sequential with the design flags', () => {
  it('tests drop and gain with the likelihood ratio at that design (no final look), the mixture without', async () => {
    const json = join(directory, 'plain-verdict.json');
    const args = ['compare', plainResults, '--baseline', 'A', '--candidate', 'B', '--sequential', '--json', json];
    const designed = await runCliInProcess([...args, '--design-difference', '5', '--design-discordance', '15']);
    expect(designed.stderr).toBe('');
    expect(designed.code).toBe(1);
    const doc = VerdictDocument.parse(JSON.parse(await readFile(json, 'utf8')));
    expect(doc.paired.test.method).toBe('design-likelihood-ratio');
    expect(doc.paired.sequential?.finding).toBe('worse');
    const plain = await runCliInProcess(args);
    expect(plain.code).toBe(1);
    const mixture = VerdictDocument.parse(JSON.parse(await readFile(json, 'utf8')));
    expect(mixture.paired.test.method).not.toMatch(/design/);
  });

  it('refuses a design for results with several samples per item (per-item pass rates)', async () => {
    const rows: object[] = [];
    for (let i = 0; i < 30; i++)
      for (const sample of [0, 1])
        for (const variant of ['A', 'B'])
          rows.push({
            item: `q${i}`,
            variant,
            sample,
            pass: variant === 'A' || (i + sample) % 3 !== 0,
            finishedAt: new Date(T0 + i * 1000 + sample * 100 + (variant === 'B' ? 50 : 0)).toISOString(),
          });
    const file = join(directory, 'samples.jsonl');
    await writeFile(file, `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`);
    const { code, stderr } = await runCliInProcess([
      ...['compare', file, '--baseline', 'A', '--candidate', 'B', '--sequential'],
      ...['--design-difference', '5', '--design-discordance', '15'],
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /`--design-difference`: the design tunes the sequential test of one sample per item; `B` has several samples/,
    );
  });

  it('refuses the design flags without --sequential', async () => {
    const { code, stderr } = await runCliInProcess([
      ...['compare', plainResults, '--baseline', 'A', '--candidate', 'B'],
      ...['--design-difference', '5', '--design-discordance', '15'],
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/`--design-difference`: the design tunes the sequential tests: add --sequential/);
  });
});

describe('--design-calibrated (the calibrated truncated design, opt-in)', () => {
  const common = ['--stop-early', '--in-process', '--no-cache', '--quiet'];
  const flags = ['--design-difference', '5', '--design-discordance', '15', '--design-calibrated'];

  it('run --stop-early records the planned threshold and K, and compare --sequential names the method', async () => {
    const out = join(directory, 'calibrated-run');
    const run = await runCliInProcess(['run', experimentFile, '--out', out, ...common, ...flags]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.stopping.policy.design).toMatchObject({
      difference: 0.05,
      discordance: 0.15,
      truncation: { maxDiscordant: 76, alpha: 0.05, power: 0.8 },
    });
    expect(manifest.stopping).toMatchObject({ reason: 'decided', finding: 'worse' });
    const json = join(directory, 'calibrated-verdict.json');
    const compared = await runCliInProcess([
      ...['compare', out, '--baseline', 'A', '--candidate', 'B', '--sequential', '--json', json],
    ]);
    expect(compared.code).toBe(1);
    const doc = VerdictDocument.parse(JSON.parse(await readFile(json, 'utf8')));
    expect(doc.paired.test.method).toBe('design-likelihood-ratio-calibrated');
    // The run's design without --design-calibrated is not the run's: refused.
    const plain = await runCliInProcess([
      ...['compare', out, '--baseline', 'A', '--candidate', 'B', '--sequential'],
      ...flags.slice(0, 4),
    ]);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/at discordance 15 points \(calibrated\)/);
  });

  it('--design-power plans the calibrated design for that power (stopping.design.power); it needs --design-calibrated', async () => {
    const out = join(directory, 'calibrated-run-0.9');
    const stopEarly = (into: string, extra: readonly string[]) =>
      runCliInProcess(['run', experimentFile, '--out', into, ...common, ...extra]);
    const run = await stopEarly(out, [...flags, '--design-power', '0.9']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    // K = 114 at threshold 32.35: the power-0.9 design of BENCHMARKS.md (bench/design-alternatives.ts).
    expect(manifest.stopping.policy.design).toMatchObject({
      truncation: { threshold: 32.35, maxDiscordant: 114, power: 0.9 },
    });
    expect(
      parseDesignFlags({ designDifference: '5', designDiscordance: '15', designCalibrated: true, designPower: '0.9' }),
    ).toEqual({ difference: 5, discordance: 15, calibrated: true, power: 0.9 });
    for (const [extra, words] of [
      [
        ['--design-difference', '5', '--design-discordance', '15', '--design-power', '0.9'],
        /`--design-power`: plans the calibrated design: add --design-calibrated/,
      ],
      [[...flags, '--design-power', '1.5'], /`--design-power`: .*1\.5/],
    ] as const) {
      const refused = await stopEarly(join(directory, 'refused-power'), extra);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(words);
    }
  });

  it('compare --sequential --design-calibrated on a results file; the flag alone is refused', async () => {
    const json = join(directory, 'plain-calibrated.json');
    const args = ['compare', plainResults, '--baseline', 'A', '--candidate', 'B', '--sequential', '--json', json];
    const designed = await runCliInProcess([...args, ...flags]);
    expect(designed.stderr).toBe('');
    expect(designed.code).toBe(1);
    const doc = VerdictDocument.parse(JSON.parse(await readFile(json, 'utf8')));
    expect(doc.paired.test.method).toBe('design-likelihood-ratio-calibrated');
    expect(doc.paired.sequential?.finding).toBe('worse');
    const alone = await runCliInProcess([...args, '--design-calibrated']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/--design-calibrated calibrates a design/);
  });
});
