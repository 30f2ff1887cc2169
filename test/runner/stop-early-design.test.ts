/**
 * A run that stops early on a design (`stopping.design`: the likelihood ratio at the design alternative, and the
 * truncated design's final look at its planned end) and `compare --sequential` on its results: the analysis uses the
 * run's own tests, so it reaches the finding the run stopped on, whether the run crossed early or ended at the final
 * look. Before, compare judged such a run with the design-free mixture and could disagree with its manifest.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compare, loadResults } from '../../src/index';
import { runExperiment } from '../../src/runner/run-experiment';
import type { Experiment } from '../../src/schema/experiment-definition';
import { seededRandom, truncatedDesignPlan } from '../../stats/index';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verdict-stop-design-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const design = { difference: 5, discordance: 15 };
const { maxItems } = truncatedDesignPlan({ difference: 0.05, discordance: 0.15, power: 0.8 });

/** Items whose (baseline, candidate) outcomes are drawn once from a 2x2 table with a true drop of `drop`. */
function experiment(seed: number, drop: number): Experiment {
  const random = seededRandom(seed);
  const p10 = 0.075 + drop / 2;
  const p01 = 0.075 - drop / 2;
  const outcomes = Array.from({ length: maxItems }, () => {
    const u = random();
    return u < p10 ? [true, false] : u < p10 + p01 ? [false, true] : u < 0.6 ? [true, true] : [false, false];
  });
  return {
    name: `design-${seed}`,
    items: outcomes.map((_, i) => ({ id: `q${i}`, input: i })),
    variants: { A: (input) => outcomes[input as number]![0], B: (input) => outcomes[input as number]![1] },
    score: (output) => output === true,
  };
}

describe('--stop-early with a design, then compare --sequential', () => {
  it('reaches the finding the run stopped on, at a crossing and at the final look', async () => {
    const endings = new Set<string>();
    for (const [seed, drop] of [
      [1, 0.05],
      [2, 0.05],
      [3, 0.05],
      [4, 0.05],
      [5, 0.05],
      [6, 0.05],
      [7, 0],
      [8, 0],
      [9, 0.03],
      [10, 0.03],
      [11, 0.03],
      [12, 0.03],
    ] as const) {
      const out = join(dir, `run-${seed}`);
      const summary = await runExperiment(experiment(seed, drop), {
        outDir: out,
        stopEarly: { design },
        isolation: 'in-process',
        concurrency: 1,
        onWarning: () => {},
      });
      const stopping = summary.stopping!;
      endings.add(`${stopping.reason}${stopping.finalLook ? '+final-look' : ''}`);
      const doc = compare(await loadResults([out]), { analysis: 'sequential' }, { baseline: 'A', candidates: ['B'] });
      expect(doc.paired.sequential?.finding ?? null, `seed ${seed}`).toBe(stopping.finding ?? null);
      expect(doc.paired.test.method).toBe(
        stopping.reason === 'decided' && !stopping.finalLook
          ? 'design-likelihood-ratio'
          : 'design-likelihood-ratio-final-look',
      );
    }
    // The seeds cover both ways a designed run decides, and one that ends undecided.
    expect(endings).toContain('decided');
    expect(endings).toContain('decided+final-look');
    expect([...endings].some((ending) => ending === 'all-items' || ending === 'max-items')).toBe(true);
  });
});

describe('--stop-early with the calibrated design, then compare --sequential', () => {
  const calibrated = { ...design, calibrated: true };

  it('stops at a crossing or at the K-th discordant pair, says so in the manifest, and compare agrees', async () => {
    const endings = new Set<string>();
    for (const [seed, drop] of [
      [21, 0.05],
      [22, 0.05],
      [23, 0.05],
      [24, 0],
      [25, 0],
      [26, 0.03],
      [27, 0.03],
      [28, 0.03],
    ] as const) {
      const out = join(dir, `calibrated-${seed}`);
      const summary = await runExperiment(experiment(seed, drop), {
        outDir: out,
        stopEarly: { design: calibrated },
        isolation: 'in-process',
        concurrency: 1,
        onWarning: () => {},
      });
      const stopping = summary.stopping!;
      // The manifest records which design ran: its calibrated threshold and K (valid up to K discordant pairs).
      expect(stopping.policy.design?.truncation?.maxDiscordant).toBe(76);
      expect(stopping.policy.design?.truncation?.threshold).toBeCloseTo(33.15, 9);
      if (stopping.truncatedAtPair !== undefined) {
        expect(stopping.reason === 'design-end' || stopping.finalLook === true, `seed ${seed}`).toBe(true);
      }
      endings.add(`${stopping.reason}${stopping.truncatedAtPair === undefined ? '' : '@K'}`);
      const loaded = await loadResults([out]);
      const doc = compare(loaded, { analysis: 'sequential' }, { baseline: 'A', candidates: ['B'] });
      expect(doc.paired.sequential?.finding ?? null, `seed ${seed}`).toBe(stopping.finding ?? null);
      expect(doc.paired.test.method).toBe('design-likelihood-ratio-calibrated');
      // compare given the same calibrated design agrees; the Ville design instead is refused for this run.
      const given = compare(
        loaded,
        { analysis: 'sequential' },
        {
          baseline: 'A',
          candidates: ['B'],
          sequentialDesign: { difference: 0.05, discordance: 0.15, truncation: stopping.policy.design!.truncation! },
        },
      );
      expect(given.paired.sequential?.finding ?? null).toBe(stopping.finding ?? null);
      expect(() =>
        compare(
          loaded,
          { analysis: 'sequential' },
          { baseline: 'A', candidates: ['B'], sequentialDesign: { difference: 0.05, discordance: 0.15 } },
        ),
      ).toThrow(/\(calibrated\), and its tests are that design's/);
    }
    // The seeds cover a crossing and the end at K.
    expect([...endings].some((e) => e.startsWith('decided') && !e.endsWith('@K'))).toBe(true);
    expect([...endings].some((e) => e.endsWith('@K'))).toBe(true);
  });
});
