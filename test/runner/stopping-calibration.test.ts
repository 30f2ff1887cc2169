/**
 * Calibration of `verdict run --stop-early`'s decision (seeded simulation, modest sizes; bench/ runs the large ones):
 * the run's own `StoppingMonitor` (its `minItems`, its first-finding rule, cells fed one by one as a run stores them)
 * over simulated A/A runs monitored after every pair up to 2,000 pairs. A false alarm is a run that stops on a
 * finding the truth contradicts; its rate must stay within alpha (or alpha / 2 for a one-sided claim) plus three
 * binomial standard errors of the simulation.
 */
import { describe, expect, it } from 'vitest';
import { binaryPairs } from '../../bench/harness/simulate-paired-monitoring';
import { StoppingMonitor } from '../../src/runner/stopping-monitor';
import { resolveStoppingPolicy, type StoppingPolicyInput } from '../../src/schema/stopping-policy';
import { type RandomSource, seededRandom, truncatedDesignPlan } from '../../stats/index';

const RUNS = 200;
const MAX_ITEMS = 2000;
/** The rate's limit: its target plus three standard errors of a rate estimated from `RUNS` runs. */
const limit = (rate: number) => rate + 3 * Math.sqrt((rate * (1 - rate)) / RUNS);

const resolved = new Map<string, ReturnType<typeof resolveStoppingPolicy>>();
/** The policy of `stopping`, resolved once per policy (a calibrated design's plan is an exact search, ~0.2 s). */
function resolvedOnce(stopping: StoppingPolicyInput) {
  const key = JSON.stringify(stopping);
  const known = resolved.get(key);
  if (known !== undefined) return known;
  const policy = resolveStoppingPolicy(stopping, ['A', 'B'], MAX_ITEMS);
  resolved.set(key, policy);
  return policy;
}

/** One simulated run: the finding it stopped on (or null at maxItems) and the items it started. */
function simulateRun(
  draw: (random: RandomSource) => readonly [number, number],
  stopping: StoppingPolicyInput,
  { random, samples = 1 }: { random: RandomSource; samples?: number },
): { finding: string | null; items: number; record: ReturnType<StoppingMonitor['record']> } {
  const policy = resolvedOnce(stopping);
  const monitor = new StoppingMonitor(policy, { samples });
  let items = 0;
  while (!monitor.decided && items < policy.maxItems) {
    const item = `q${items++}`;
    for (let sample = 0; sample < samples; sample++) {
      const [a, b] = draw(random);
      monitor.add({ item, variant: 'A', status: 'ok', pass: a === 1 });
      monitor.add({ item, variant: 'B', status: 'ok', pass: b === 1 });
    }
  }
  const record = monitor.record(items, 0, items >= MAX_ITEMS);
  return { finding: record.finding ?? null, items, record };
}

const binary = (cells: Parameters<typeof binaryPairs>[0]) => {
  const pairs = binaryPairs(cells);
  return (random: RandomSource) => pairs(random).map((x) => (x ? 1 : 0)) as unknown as readonly [number, number];
};

describe('--stop-early, identical variants, checked after every pair up to 2,000 pairs', () => {
  it('stops on "worse" or "better" in at most alpha of the runs (discordance 15%, alpha 0.05)', () => {
    const random = seededRandom(1701);
    const draw = binary({ p11: 0.525, p10: 0.075, p01: 0.075, p00: 0.325 });
    const findings = Array.from({ length: RUNS }, () => simulateRun(draw, { alpha: 0.05 }, { random }).finding);
    const falseAlarms = findings.filter((f) => f === 'worse' || f === 'better').length / RUNS;
    expect(falseAlarms).toBeLessThanOrEqual(limit(0.05));
    // Most runs go to the end undecided: there is nothing to find.
    expect(findings.filter((f) => f === null).length / RUNS).toBeGreaterThan(0.9);
  });

  it('at alpha 0.1 with minItems 50, still at most alpha', () => {
    const random = seededRandom(1702);
    const draw = binary({ p11: 0.4, p10: 0.1, p01: 0.1, p00: 0.4 });
    const findings = Array.from(
      { length: RUNS },
      () => simulateRun(draw, { alpha: 0.1, minItems: 50 }, { random }).finding,
    );
    expect(findings.filter((f) => f === 'worse' || f === 'better').length / RUNS).toBeLessThanOrEqual(limit(0.1));
  });

  it('with 3 samples per item (per-item pass rates, the bounded sequence): at most alpha', () => {
    const random = seededRandom(1703);
    const draw = binary({ p11: 0.45, p10: 0.15, p01: 0.15, p00: 0.25 });
    const findings = Array.from(
      { length: RUNS / 2 },
      () => simulateRun(draw, { alpha: 0.05, maxItems: 600 }, { random, samples: 3 }).finding,
    );
    const rate = findings.filter((f) => f === 'worse' || f === 'better').length / findings.length;
    expect(rate).toBeLessThanOrEqual(0.05 + 3 * Math.sqrt((0.05 * 0.95) / findings.length));
  });
});

describe('--stop-early with a margin', () => {
  it('a candidate exactly 3 points worse, margin 3: a claim that it is within the margin in at most alpha / 2', () => {
    const random = seededRandom(1704);
    // d = p01 - p10 = -0.03, the null of the non-inferiority test.
    const draw = binary({ p11: 0.5, p10: 0.09, p01: 0.06, p00: 0.35 });
    const runs = RUNS / 2;
    const findings = Array.from(
      { length: runs },
      () => simulateRun(draw, { alpha: 0.05, margin: 3, maxItems: 500 }, { random }).finding,
    );
    // Each of these findings says d > -m: non-inferior, equivalent, within the margin, or better.
    const claims = findings.filter((f) => f !== null && f !== 'worse').length / runs;
    expect(claims).toBeLessThanOrEqual(0.025 + 3 * Math.sqrt((0.025 * 0.975) / runs));
  });
});

describe('--stop-early with a design (5 points at discordance 15), truncated at its planned maximum', () => {
  const design = { difference: 5, discordance: 15 };
  const maxItems = truncatedDesignPlan({ difference: 0.05, discordance: 0.15, power: 0.8 }).maxItems;

  it('identical variants: "worse" or "better", at a crossing or at the final look, in at most alpha of the runs', () => {
    const random = seededRandom(1710);
    const draw = binary({ p11: 0.525, p10: 0.075, p01: 0.075, p00: 0.325 });
    const findings = Array.from({ length: RUNS }, () => simulateRun(draw, { design, maxItems }, { random }).finding);
    expect(findings.filter((f) => f === 'worse' || f === 'better').length / RUNS).toBeLessThanOrEqual(limit(0.05));
  });

  it('a true 5-point drop: "worse" in about the planned power, and never "better"', () => {
    const random = seededRandom(1711);
    const draw = binary({ p11: 0.5, p10: 0.1, p01: 0.05, p00: 0.35 });
    const runs = Array.from({ length: RUNS }, () => simulateRun(draw, { design, maxItems }, { random }));
    const worse = runs.filter((r) => r.finding === 'worse').length / RUNS;
    expect(Math.abs(worse - 0.8)).toBeLessThanOrEqual(3 * Math.sqrt((0.8 * 0.2) / RUNS));
    expect(runs.some((r) => r.finding === 'better')).toBe(false);
  });

  it('a design is checked: a difference at or above the discordance, or several samples per item, is refused', () => {
    expect(() => resolveStoppingPolicy({ design: { difference: 20, discordance: 15 } }, ['A', 'B'], 100)).toThrow(
      /`stopping.design`: difference must be below discordance/,
    );
    const policy = resolveStoppingPolicy({ design }, ['A', 'B'], 100);
    expect(policy.design).toEqual({ difference: 0.05, discordance: 0.15 });
    expect(() => new StoppingMonitor(policy, { samples: 3 })).toThrow(/needs one sample per item/);
  });
});

describe('--stop-early with the calibrated design (5 points at 15, `calibrated: true`): threshold 33.15, K = 76', () => {
  const design = { difference: 5, discordance: 15, calibrated: true };
  // Checked after every pair (minItems 1); the K-th discordant pair ends the run well before 2,000 items.
  const stopping = { design, minItems: 1 };

  it('plans the design into the policy the manifest records', () => {
    const { truncation } = resolvedOnce(stopping).design!;
    expect(truncation).toMatchObject({ maxDiscordant: 76, alpha: 0.05, power: 0.8 });
    expect(truncation!.threshold).toBeCloseTo(33.15, 9);
    expect(truncation!.expectedItems).toBeCloseTo(342.5, 1);
    // Another power (the experiment file's `stopping.design.power`): the bench's 32.35 / K = 114 at 0.9.
    const at09 = resolveStoppingPolicy({ design: { ...design, power: 0.9 } }, ['A', 'B'], 1000).design!.truncation!;
    expect([at09.maxDiscordant, Number(at09.threshold.toFixed(2)), at09.power]).toEqual([114, 32.35, 0.9]);
    expect(() =>
      resolveStoppingPolicy({ design: { difference: 5, discordance: 15, power: 0.9 } }, ['A', 'B'], 1000),
    ).toThrow(/`stopping.design`: power plans the calibrated design: add calibrated: true/);
  });

  it('identical variants, checked after every pair: false alarms within alpha + 3 SE, every run ending by K', () => {
    // Exact two-sided level 0.0495 at any discordance (test/stats/design-likelihood-ratio-exact.test.ts); at
    // discordance 0.5 a run lasts ~150 pairs, so 2,000 runs stay fast.
    const runs = 2000;
    const random = seededRandom(1720);
    const draw = binary({ p11: 0.25, p10: 0.25, p01: 0.25, p00: 0.25 });
    const results = Array.from({ length: runs }, () => simulateRun(draw, stopping, { random }));
    const alarms = results.filter((r) => r.finding === 'worse' || r.finding === 'better').length / runs;
    expect(alarms).toBeLessThanOrEqual(0.05 + 3 * Math.sqrt((0.05 * 0.95) / runs));
    // Not a trivially silent gate: it alarms at about its exact level (4 SE either side).
    expect(Math.abs(alarms - 0.0495)).toBeLessThanOrEqual(4 * Math.sqrt((0.0495 * 0.9505) / runs));
    // Every run ended by its design: at a crossing (decided) or at the K-th discordant pair (the final look).
    for (const { record } of results) {
      expect(['decided', 'design-end']).toContain(record.reason);
      if (record.reason === 'design-end') expect(record.truncatedAtPair).toBe(record.pairs);
    }
    expect(results.some((r) => r.record.reason === 'design-end')).toBe(true);
  });

  it('a true 5-point drop at discordance 15: stops, shows "worse" in about 80%, on fewer items than fixed-n 498', () => {
    const runs = 400;
    const random = seededRandom(1721);
    const draw = binary({ p11: 0.5, p10: 0.1, p01: 0.05, p00: 0.35 });
    const results = Array.from({ length: runs }, () => simulateRun(draw, stopping, { random }));
    const worse = results.filter((r) => r.finding === 'worse').length / runs;
    // Planned power 0.8045 (exact).
    expect(Math.abs(worse - 0.8045)).toBeLessThanOrEqual(3 * Math.sqrt((0.8045 * 0.1955) / runs));
    expect(results.some((r) => r.finding === 'better')).toBe(false);
    const items = results.map((r) => r.items);
    const mean = items.reduce((a, b) => a + b, 0) / runs;
    const sd = Math.sqrt(items.reduce((a, b) => a + (b - mean) ** 2, 0) / (runs - 1));
    // Exact plan: 342.5 items on average; the fixed-n exact McNemar design of the same power needs 498.
    expect(Math.abs(mean - 342.5)).toBeLessThanOrEqual(4 * (sd / Math.sqrt(runs)));
    expect(mean).toBeLessThan(498);
    expect(results.every((r) => r.items < MAX_ITEMS)).toBe(true);
  });
});
