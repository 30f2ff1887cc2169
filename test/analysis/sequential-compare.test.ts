/**
 * `compare` with `analysis: 'sequential'` (`verdict compare --sequential`): the anytime-valid analysis of a results
 * file in the recorded completion order (`finishedAt`), and what happens without one.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compare, loadResults } from '../../src/index';
import { runExperiment } from '../../src/runner/run-experiment';
import type { Experiment } from '../../src/schema/experiment-definition';
import { InputError } from '../../src/schema/input-error';
import { calibratedTruncation } from '../../src/schema/stopping-policy';
import { pairedSequentialTest } from '../../stats/index';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const at = (second: number) => new Date(T0 + second * 1000).toISOString();

/**
 * Pairs as records of A and B, pair i finishing at second `time(i)`: each outcome [a, b] (1 pass, 0 fail). The rows
 * are written baseline file first, then candidate (as two tools' files would be), so only `finishedAt` tells the
 * order in which pairs completed.
 */
function records(
  outcomes: readonly (readonly [number, number])[],
  { time = (i: number) => i, timed = true }: { time?: (i: number) => number; timed?: boolean } = {},
): object[] {
  const side = (variant: string, index: 0 | 1) =>
    outcomes.map(([a, b], i) => ({
      item: `q${i}`,
      variant,
      pass: (index === 0 ? a : b) === 1,
      ...(timed ? { finishedAt: at(time(i) + index * 0.5) } : {}),
    }));
  return [...side('A', 0), ...side('B', 1)];
}

// The candidate loses the first 8 pairs, then wins the next 8, then 20 ties: the drop is shown at pair 8
// (E_8(0) = (2^9 - 1) / 9 = 56.8 >= 2 / 0.05), and the final table (n10 = n01 = 8) shows nothing at a fixed n.
const lossesThenGains: [number, number][] = [
  ...Array.from({ length: 8 }, () => [1, 0] as [number, number]),
  ...Array.from({ length: 8 }, () => [0, 1] as [number, number]),
  ...Array.from({ length: 20 }, (_, i) => [i % 2, i % 2] as [number, number]),
];
const options = { baseline: 'A', candidates: ['B'] };

describe('compare, analysis sequential', () => {
  it('walks the pairs in the order they finished: a drop shown at pair 8 stays shown, where fixed-n sees nothing', () => {
    const doc = compare(records(lossesThenGains), { analysis: 'sequential' }, options);
    expect(doc.policy.analysis).toBe('sequential');
    const evidence = doc.paired.sequential!;
    expect(evidence.order).toBe('finishedAt');
    expect(evidence.pairs).toBe(36);
    expect(evidence.finding).toBe('worse');
    expect(evidence.decidedAt).toBe(8);
    expect(evidence.tests.drop.rejectedAt).toBe(8);
    expect(doc.paired.test.method).toBe('betting-mixture');
    expect(doc.paired.test.pValue).toBeLessThanOrEqual(0.05);
    // The interval shown is the running intersection, dual to the tests: it excludes 0 since pair 8.
    expect(doc.paired.difference.upper).toBeLessThan(0);
    expect(doc.paired.difference.estimate).toBeLessThanOrEqual(doc.paired.difference.upper);
    // The confidence sequence at the last pair alone covers 0 again; so does the fixed-n analysis of the same pairs.
    expect(evidence.lastInterval.lower).toBeLessThan(0);
    expect(evidence.lastInterval.upper).toBeGreaterThan(0);
    expect(evidence.fixedN.test.pValue).toBe(1);
    expect(doc.paired.otherTests[0]).toEqual(evidence.fixedN.test);
    expect(doc.verdict).toBe('regressed');
    expect(doc.gate.exitCode).toBe(1);
  });

  it('matches pairedSequentialTest fed the same pairs in finishing order, whatever the order of the rows', () => {
    const outcomes = Array.from(
      { length: 60 },
      (_, i) => [i % 3 === 0 ? 1 : 0, i % 5 === 0 ? 0 : 1] as [number, number],
    );
    // Pair i finishes at a scrambled time; the records are in item order.
    const time = (i: number) => (i * 37) % 61;
    const doc = compare(records(outcomes, { time }), { analysis: 'sequential' }, options);
    const order = outcomes.map((_, i) => i).sort((i, j) => time(i) - time(j));
    const want = pairedSequentialTest(
      order.map((i) => outcomes[i]![0]),
      order.map((i) => outcomes[i]![1]),
    );
    const evidence = doc.paired.sequential!;
    expect(evidence.tests.gain).toEqual({ pValue: want.tests.gain.pValue, rejectedAt: want.tests.gain.rejectedAt });
    expect(evidence.tests.drop).toEqual({ pValue: want.tests.drop.pValue, rejectedAt: want.tests.drop.rejectedAt });
    expect(evidence.lastInterval.lower).toBe(want.interval.lower);
    expect(evidence.lastInterval.upper).toBe(want.interval.upper);
    expect(evidence.finding).toBe('better');
    expect(doc.verdict).toBe('improved');
  });

  it('with no finishedAt uses the e-values at the last pair only: order-free, so the early drop is not claimed', () => {
    const doc = compare(records(lossesThenGains, { timed: false }), { analysis: 'sequential' }, options);
    const evidence = doc.paired.sequential!;
    expect(evidence.order).toBe('none');
    expect(evidence.finding).toBeNull();
    expect(evidence.tests.drop.rejectedAt).toBeNull();
    expect(doc.paired.difference.lower).toBe(evidence.lastInterval.lower);
    expect(doc.paired.difference.upper).toBe(evidence.lastInterval.upper);
    // The same pairs in reverse order of rows give the same analysis.
    const reversed = compare(records(lossesThenGains, { timed: false }).reverse(), { analysis: 'sequential' }, options);
    expect(reversed.paired.sequential!.tests).toEqual(evidence.tests);
    expect(doc.verdict).not.toBe('regressed');
  });

  it('the fixed-n analysis stays the default, and holds no sequential block', () => {
    const doc = compare(records(lossesThenGains), {}, options);
    expect(doc.policy.analysis).toBe('fixed-n');
    expect(doc.paired.sequential).toBeUndefined();
    expect(doc.paired.test.method).toBe('score');
  });

  it('per-item pass rates (several samples) use the empirical-Bernstein sequence', () => {
    const rows = Array.from({ length: 40 }, (_, i) =>
      [0, 1].flatMap((sample) => [
        { item: i, variant: 'A', sample, pass: (i + sample) % 2 === 0, finishedAt: at(i) },
        { item: i, variant: 'B', sample, pass: (i + sample) % 3 !== 0, finishedAt: at(i) },
      ]),
    ).flat();
    const doc = compare(rows, { analysis: 'sequential' }, options);
    expect(doc.paired.design).toBe('binary-samples');
    expect(doc.paired.sequential!.method).toBe('betting-mixture-eb');
    expect(doc.paired.difference.method).toBe('betting-mixture-eb');
  });

  it('adjusts several candidates together and rebuilds each sequence at its level', () => {
    const rows = [
      ...records(lossesThenGains),
      ...records(lossesThenGains)
        .filter((r) => (r as { variant: string }).variant === 'B')
        .map((r) => ({ ...r, variant: 'C' })),
    ];
    const doc = compare(
      rows,
      { analysis: 'sequential', correction: 'bonferroni' },
      { baseline: 'A', candidates: ['B', 'C'] },
    );
    for (const comparison of doc.comparisons) {
      expect(comparison.paired.sequential!.alpha).toBe(0.025);
      expect(comparison.paired.difference.confidence).toBe(0.975);
    }
  });

  it('refuses scores (no range known in advance) and clusters (not independent draws), naming --sequential', () => {
    const scores = records(lossesThenGains).map((r) => ({ ...r, score: 0.5 }));
    expect(() => compare(scores, { analysis: 'sequential', metric: 'score' }, options)).toThrow(InputError);
    expect(() => compare(scores, { analysis: 'sequential', metric: 'score' }, options)).toThrow(
      'the sequential analysis needs outcomes in a range known in advance: it works on pass rates (--metric pass), not on scores',
    );
    const tagged = records(lossesThenGains).map((r, i) => ({ ...r, tags: { passage: String(i % 4) } }));
    expect(() => compare(tagged, { analysis: 'sequential', cluster: 'tags.passage' }, options)).toThrow(
      'the sequential analysis treats items as independent draws: it cannot be combined with --cluster tags.passage',
    );
  });
});

describe('compare --sequential on a run stopped early', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'verdict-sequential-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reaches the finding the run stopped on, at the same pair', async () => {
    const items = Array.from({ length: 300 }, (_, i) => ({ id: `q${i}`, input: i, expected: true }));
    const experiment: Experiment = {
      name: 'stopped',
      items,
      variants: {
        A: async (input) => (input as number) % 10 !== 0,
        B: async (input) => (input as number) % 4 !== 1 && (input as number) % 10 !== 0,
      },
      score: (output, item) => output === item.expected,
    };
    const out = join(dir, 'run');
    const summary = await runExperiment(experiment, {
      outDir: out,
      stopEarly: true,
      concurrency: 1,
      isolation: 'in-process',
      onWarning: () => {},
    });
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.stopping.reason).toBe('decided');
    const doc = compare(await loadResults([out]), { analysis: 'sequential' }, options);
    const evidence = doc.paired.sequential!;
    expect(evidence.order).toBe('finishedAt');
    expect(evidence.finding).toBe(summary.stopping!.finding);
    expect(evidence.decidedAt).toBe(summary.stopping!.decidedAtPair);
    expect(doc.verdict).toBe('regressed');
  });
});

describe('compare --sequential with a calibrated design, at another level than it was planned at', () => {
  // The calibrated threshold (33.15 at alpha 0.05 for a 5-point drop at discordance 15) is valid at one level only,
  // and its tests' p-value is the crossing on the gate's scale: a family of candidates adjusted together (Holm)
  // tests the design's likelihood ratio at Ville's 2 / alpha instead, and says so by its method.
  it('uses the calibrated truncation for one candidate, and in a family judges the design at Ville threshold', () => {
    const truncation = calibratedTruncation({ difference: 5, discordance: 15 }, 0.05);
    expect(truncation).toMatchObject({ threshold: 33.15, maxDiscordant: 76, alpha: 0.05 });
    const n = 200;
    const rows = Array.from({ length: n }, (_, i) => {
      const finishedAt = at(i);
      const a = i % 3 !== 0;
      return [
        { item: `q${i}`, variant: 'A', pass: a, finishedAt },
        // B drops a pass in every other pass of A's; C loses and wins alike (no change).
        { item: `q${i}`, variant: 'B', pass: a && i % 4 !== 1, finishedAt },
        { item: `q${i}`, variant: 'C', pass: i % 10 === 5 ? !a : i % 10 === 6 ? !a : a, finishedAt },
      ];
    }).flat();
    const sequentialDesign = { difference: 0.05, discordance: 0.15, truncation };
    const alone = compare(rows, { analysis: 'sequential' }, { baseline: 'A', candidates: ['B'], sequentialDesign });
    // B loses 34 discordant pairs to 0: the calibrated design crossed (its gate-scale value alpha t / max E < 0.05).
    expect([alone.paired.n10, alone.paired.n01]).toEqual([34, 0]);
    expect(alone.paired.test.method).toBe('design-likelihood-ratio-calibrated');
    expect(alone.paired.test.pValue).toBeLessThan(0.05);
    expect(alone.verdict).toBe('regressed');

    const doc = compare(rows, { analysis: 'sequential' }, { baseline: 'A', candidates: ['B', 'C'], sequentialDesign });
    const judged = doc.comparisons.map((c) => [
      c.candidate.variant,
      c.verdict,
      c.paired.sequential?.alpha,
      c.paired.test.method,
    ]);
    // Holm over two: B's p-value (2 / max E = 1.1e-4) rejects at 0.025, so C is judged at 0.05; both by Ville's
    // threshold. Before, B's gate-scale 0.039 doubled by Holm (0.079) read `underpowered`.
    expect(judged).toEqual([
      ['B', 'regressed', 0.025, 'design-likelihood-ratio'],
      ['C', expect.any(String), 0.05, 'design-likelihood-ratio'],
    ]);
    expect(doc.comparisons[0]?.adjustedPValue).toBeLessThan(0.001);
  });
});
