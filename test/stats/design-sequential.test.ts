/**
 * The design-tuned sequential gate (issue 17): the likelihood-ratio e-value at the design alternative, the final
 * look of a truncated design and its exact plan. The final look is checked against brute-force enumeration of every
 * sign sequence (an independent algorithm), the plan against seeded simulated runs monitored after every pair, and
 * both against Wald's information bound, which no test can beat.
 */
import { describe, expect, it } from 'vitest';
import { binaryPairs, simulateTruncatedDesign } from '../../bench/harness/simulate-paired-monitoring';
import {
  designLogLikelihoodRatio,
  mcnemarSampleSize,
  pairedSequenceFinalLook,
  pairedSequentialTest,
  startPairedSequence,
  truncatedDesignPlan,
  truncatedDesignPValue,
  truncatedDesignTable,
} from '../../stats/index';
import { truncatedBoundaryPlan } from '../../stats/truncated-design-look';
import { expectClose } from '../helpers/expect-close';

const ALPHA = 0.05;
const DESIGN = { difference: 0.05, discordance: 0.15 };
const SHARE = 2 / 3;
const DROP = { p11: 0.5, p10: 0.1, p01: 0.05, p00: 0.35 };
const IDENTICAL = { p11: 0.525, p10: 0.075, p01: 0.075, p00: 0.325 };
const limit = (rate: number, paths: number) => rate + 3 * Math.sqrt((rate * (1 - rate)) / paths);

/** P0(the e-value crossed 2 / alpha, or wins >= wObs at the end), summed over all 2^k sign sequences. */
function enumerate(k: number, wObs: number): number {
  let p = 0;
  for (let mask = 0; mask < 1 << k; mask++) {
    let w = 0;
    let crossed = false;
    for (let i = 0; i < k && !crossed; i++) {
      if (mask & (1 << i)) w++;
      crossed = 2 * Math.exp(-designLogLikelihoodRatio(w, i + 1 - w, SHARE)) <= ALPHA;
    }
    if (crossed || w >= wObs) p += 2 ** -k;
  }
  return p;
}

describe('the design e-value', () => {
  it('is the likelihood ratio (2 q1)^wins (2 (1 - q1))^losses at q1 = (ψ + δ) / (2ψ), for drop and gain', () => {
    // 12 pairs lost by the candidate (n10), 2 won (n01), 86 tied.
    const a = [...Array(12).fill(true), ...Array(88).fill(false)];
    const b = [...Array(12).fill(false), true, true, ...Array(86).fill(false)];
    const result = pairedSequentialTest(a, b, { design: DESIGN });
    expectClose(result.tests.drop.logEValue, 12 * Math.log(4 / 3) + 2 * Math.log(2 / 3), { rel: 1e-14 });
    expectClose(result.tests.gain.logEValue, 2 * Math.log(4 / 3) + 12 * Math.log(2 / 3), { rel: 1e-14 });
    // The confidence sequence and the margin tests keep the mixture.
    const plain = pairedSequentialTest(a, b);
    expect(result.interval).toEqual(plain.interval);
    const withMargin = pairedSequentialTest(a, b, { design: DESIGN, margin: 0.02 });
    expect(withMargin.tests.nonInferiority).toEqual(pairedSequentialTest(a, b, { margin: 0.02 }).tests.nonInferiority);
  });

  it('bad designs are refused, naming the field', () => {
    expect(() => startPairedSequence({ design: { difference: 0.2, discordance: 0.15 } })).toThrow(
      /`design.difference` must be above 0 and below `design.discordance` \(0.15\)/,
    );
    expect(() => startPairedSequence({ design: { difference: 0.05, discordance: 1.5 } })).toThrow(
      /`design.discordance` must be in \(0, 1\], got 1.5/,
    );
    expect(() => startPairedSequence({ design: DESIGN, outcome: 'bounded' })).toThrow(/needs binary outcomes/);
  });
});

describe('the final look of a truncated design', () => {
  it('its p-value is the enumeration over every sign sequence', () => {
    for (const [k, w] of [
      [10, 9],
      [16, 12],
      [18, 13],
      [18, 14],
      [17, 12],
    ] as const) {
      expectClose(truncatedDesignPValue(w, k - w, SHARE, ALPHA), enumerate(k, w), { abs: 1e-12 });
    }
  });

  it('spends exactly what the crossings left: level alpha / 2 at every k, Ville bounding the crossings', () => {
    const { crossed, critical } = truncatedDesignTable(SHARE, ALPHA, 400);
    for (let k = 0; k <= 400; k += 37) {
      expect(crossed[k]).toBeLessThanOrEqual(ALPHA / 2);
      const c = critical[k]!;
      if (c <= k) expect(truncatedDesignPValue(c, k - c, SHARE, ALPHA)).toBeLessThanOrEqual(ALPHA / 2);
      if (c >= 1) expect(truncatedDesignPValue(c - 1, k - c + 1, SHARE, ALPHA)).toBeGreaterThan(ALPHA / 2);
    }
  });

  it('pairedSequenceFinalLook rejects a side when its p-value is at most alpha / 2, and needs a design', () => {
    // 100 discordant pairs, 62 lost by the candidate, spread evenly (the e-value never reaches 40; 11.3 at the
    // end), then 280 tied: past the final look's critical value.
    const a: boolean[] = [];
    const b: boolean[] = [];
    for (let i = 0; i < 100; i++) {
      const lost = Math.floor(((i + 1) * 62) / 100) > Math.floor((i * 62) / 100);
      a.push(lost);
      b.push(!lost);
    }
    for (let i = 0; i < 280; i++) a.push(i % 2 === 0) && b.push(i % 2 === 0);
    const run = pairedSequentialTest(a, b, { design: DESIGN });
    expect(run.tests.drop.rejectedAt).toBeNull();
    const looked = pairedSequenceFinalLook(run);
    const p = truncatedDesignPValue(62, 38, SHARE, ALPHA);
    expect(p).toBeLessThanOrEqual(ALPHA / 2);
    expect(looked.tests.drop).toMatchObject({ pValue: 2 * p, rejectedAt: 380 });
    expect(looked.tests.gain.rejectedAt).toBeNull();
    expect(() => pairedSequenceFinalLook(pairedSequentialTest(a, b))).toThrow(/must have a `design`/);
  });
});

describe('the truncated design, monitored after every pair', () => {
  const plan = truncatedDesignPlan({ ...DESIGN, power: 0.8 });

  it('the exact plan matches seeded simulated runs: power at its maximum, and items used on average', () => {
    const paths = 600;
    const runs = simulateTruncatedDesign(binaryPairs(DROP), {
      paths,
      maxPairs: plan.maxItems,
      seed: 31,
      sequence: { design: DESIGN },
    });
    const power = runs.dropRejected[plan.maxItems]! / paths;
    expect(Math.abs(power - plan.power)).toBeLessThanOrEqual(3 * Math.sqrt((plan.power * (1 - plan.power)) / paths));
    const used = Array.from(runs.stops, (t) => Math.min(t, plan.maxItems));
    const mean = used.reduce((s, v) => s + v, 0) / paths;
    const sd = Math.sqrt(used.reduce((s, v) => s + (v - mean) ** 2, 0) / (paths - 1));
    expect(Math.abs(mean - plan.expectedItems)).toBeLessThanOrEqual((3 * sd) / Math.sqrt(paths));
  });

  it('identical variants: false alarms (either side, crossings and final look) <= alpha, at the planned maximum and at 2,000', () => {
    const paths = 400;
    const runs = simulateTruncatedDesign(binaryPairs(IDENTICAL), {
      paths,
      maxPairs: 2000,
      seed: 32,
      sequence: { design: DESIGN },
    });
    for (const n of [plan.maxItems, 2000]) {
      expect((runs.dropRejected[n]! + runs.gainRejected[n]!) / paths).toBeLessThanOrEqual(limit(ALPHA, paths));
    }
  });

  it('truncatedBoundaryPlan with the design’s own rule is the design’s plan (bench/design-alternatives.ts builds on it)', () => {
    /** The plan at the 5-point drop of the rule "the e-value reached `threshold`". */
    const planAt = (threshold: number) =>
      truncatedBoundaryPlan((w, l) => threshold * Math.exp(-designLogLikelihoodRatio(w, l, SHARE)) <= 1, {
        share: SHARE,
        discordance: 0.15,
        alpha: ALPHA,
        power: 0.8,
        limit: 20000,
      });
    const general = planAt(2 / ALPHA);
    // Equal to the last bits but one: the plan's share is (0.15 + 0.05) / 0.3, a double one ulp above 2/3.
    expect(general.maxItems).toBe(plan.maxItems);
    expectClose(general.power, plan.power, { rel: 1e-12 });
    expectClose(general.expectedItems, plan.expectedItems, { rel: 1e-12 });
    // A stricter boundary (3 / alpha) needs more items on average for the same power.
    const strict = planAt(3 / ALPHA);
    expect(strict.power).toBeGreaterThanOrEqual(0.8);
    expect(strict.expectedItems).toBeGreaterThan(plan.expectedItems);
  });

  it('never beats Wald’s bound, and saves at least 30% of the fixed-n exact McNemar design at power 0.9 and 0.95', () => {
    // Wald (1947): any level-a test with power 1 - b needs E1 K >= kl(1 - b, a) / KL(q1 || 1/2) discordant pairs.
    const kl = SHARE * Math.log(2 * SHARE) + (1 - SHARE) * Math.log(2 * (1 - SHARE));
    for (const power of [0.8, 0.9, 0.95]) {
      const { expectedItems } = power === 0.8 ? plan : truncatedDesignPlan({ ...DESIGN, power });
      const a = ALPHA / 2;
      const bound = (power * Math.log(power / a) + (1 - power) * Math.log((1 - power) / (1 - a))) / kl / 0.15;
      expect(expectedItems).toBeGreaterThan(bound);
      const fixed = mcnemarSampleSize({ p10: 0.1, p01: 0.05, alpha: ALPHA, power, method: 'exact' }).n;
      if (power > 0.8) expect(1 - expectedItems / fixed).toBeGreaterThanOrEqual(0.3);
    }
  });
});
