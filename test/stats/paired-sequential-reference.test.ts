/**
 * The sequential e-values against values that are not verdict's own (test/fixtures/sequential/reference-values.json,
 * written by generate-reference-values.py there, which says how each is computed):
 * - confseq's C++ beta-binomial mixture (Howard et al. 2021; gostevehoward/confseq 70b1ef3), the binary e-value
 *   at c = 0;
 * - exact rational arithmetic, the binary e-value at margins c != 0;
 * - mpmath quadrature at 40 digits, the bounded-score (empirical-Bernstein) e-value;
 * - confseq's Python betting martingale with diversified Kelly bets (Waudby-Smith & Ramdas 2024), whose uniform
 *   grid of 20,000 constant bets is the discrete form of verdict's uniform mixture;
 * - the same betting martingale with one constant bet, the design e-value (`stopping.design`);
 * - confseq's betting confidence sequence (its grid method), verdict's confidence sequence;
 * - the same betting martingale on bounded scores, of which verdict's bounded e-value is a lower bound.
 * Not covered by any published number: the truncated design's final look (stats/truncated-design-look.ts); no
 * reference implements it, so test/stats/design-likelihood-ratio-exact.test.ts checks it in exact arithmetic.
 * Every value is read from the public API, as a user would: the tests of pairedSequentialTest at a margin |c|.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type PairedSequentialTestResult, pairedSequentialTest, type SequentialTest } from '../../stats/index';
import { expectClose } from '../helpers/expect-close';

interface References {
  confseqBetaBinomial: [number, number, number][];
  exactBinaryZero: [number, number, number][];
  exactBinary: { n01: number; n10: number; nTied: number; nullValue: number; alternative: string; logEValue: number }[];
  mpmathBounded: {
    n: number;
    mean: number;
    spread: number;
    bounds: [number, number];
    nullValue: number;
    alternative: string;
    logEValue: number;
  }[];
  confseqDKelly: {
    grid: number;
    differences: number[];
    cases: { nullValue: number; alternative: string; at: number[]; logEValue: number[] }[];
  };
  confseqConstantBet: { share: [number, number]; bet: number; at: number[]; logGain: number[]; logDrop: number[] }[];
  confseqBettingCs: { bets: number; breaks: number; alpha: number; at: number[]; lower: number[]; upper: number[] };
  confseqBoundedWealth: {
    bets: number;
    baseline: number[];
    candidate: number[];
    cases: { nullValue: number; alternative: string; at: number[]; logWealth: number[] }[];
  };
}
const references = JSON.parse(
  readFileSync(new URL('../fixtures/sequential/reference-values.json', import.meta.url), 'utf8'),
) as References;

/** Baseline and candidate outcomes with the given differences (a tie is both passing). */
function pairsOf(differences: readonly number[]): { baseline: boolean[]; candidate: boolean[] } {
  return {
    baseline: differences.map((d) => d <= 0),
    candidate: differences.map((d) => d >= 0),
  };
}
const differencesOf = (n01: number, n10: number, nTied: number): number[] => [
  ...Array<number>(nTied).fill(0),
  ...Array<number>(n01).fill(1),
  ...Array<number>(n10).fill(-1),
];

/** The test of a result whose null value is c and side `alternative`. */
function testAt(result: PairedSequentialTestResult, nullValue: number, alternative: string): SequentialTest {
  const found = Object.values(result.tests).find(
    (t) => Math.abs(t.nullValue - nullValue) < 1e-15 && t.alternative === alternative,
  );
  if (found === undefined) throw new Error(`no test at ${nullValue} (${alternative})`);
  return found;
}

describe('binary, c = 0: the conjugate Beta(1, 1) mixture on the discordant pairs', () => {
  const resultFor = (n01: number, n10: number) => {
    const { baseline, candidate } = pairsOf(differencesOf(n01, n10, 7));
    return pairedSequentialTest(baseline, candidate);
  };
  it.each(references.exactBinaryZero)('n01 = %i, n10 = %i: exact integer arithmetic', (n01, n10, want) => {
    const result = resultFor(n01, n10);
    expectClose(result.tests.gain.logEValue, want, { abs: 1e-12, rel: 1e-13 }, { n01, n10 });
    // The mirror image: the drop test sees n10 and n01 swapped.
    const mirror = references.exactBinaryZero.find(([a, b]) => a === n10 && b === n01);
    if (mirror) expectClose(result.tests.drop.logEValue, mirror[2], { abs: 1e-12, rel: 1e-13 }, { n01, n10 });
  });
  it.each(references.confseqBetaBinomial)('n01 = %i, n10 = %i: confseq (C++)', (n01, n10, want) => {
    // confseq takes the incomplete beta from Boost, which drifts by 7e-13 at 1,000 discordant pairs and 8e-11 at
    // 59,000 against the exact values above (which verdict meets to 1e-13): the tolerance is confseq's.
    expectClose(resultFor(n01, n10).tests.gain.logEValue, want, { abs: n01 + n10 > 500 ? 1e-10 : 1e-13 }, { n01, n10 });
  });
});

describe('binary, c != 0: exact rational arithmetic', () => {
  it.each(references.exactBinary)(
    'n01 = $n01, n10 = $n10, tied = $nTied, c = $nullValue ($alternative)',
    ({ n01, n10, nTied, nullValue, alternative, logEValue }) => {
      const { baseline, candidate } = pairsOf(differencesOf(n01, n10, nTied));
      const result = pairedSequentialTest(baseline, candidate, { margin: Math.abs(nullValue) });
      expectClose(
        testAt(result, nullValue, alternative).logEValue,
        logEValue,
        { abs: 1e-13, rel: 1e-13 },
        { n01, n10, nTied, nullValue, alternative },
      );
    },
  );
});

describe('bounded scores: the empirical-Bernstein mixture (mpmath quadrature)', () => {
  it.each(references.mpmathBounded)(
    'n = $n, mean = $mean, spread = $spread, c = $nullValue ($alternative)',
    ({ n, mean, spread, bounds, nullValue, alternative, logEValue }) => {
      const middle = (bounds[0] + bounds[1]) / 2;
      const differences = Array.from({ length: n }, (_, i) =>
        n === 1 ? mean : mean + (i % 2 === 0 ? spread : -spread),
      );
      const result = pairedSequentialTest(
        differences.map(() => middle),
        differences.map((d) => middle + d),
        { outcome: 'bounded', bounds, margin: Math.abs(nullValue) },
      );
      // The data's mean and squared deviations carry the rounding of n additions (1e-16 relative each).
      expectClose(
        testAt(result, nullValue, alternative).logEValue,
        logEValue,
        { abs: 1e-11, rel: 1e-11 },
        { n, mean, spread, nullValue },
      );
    },
  );
});

describe("binary: the continuous limit of confseq's diversified Kelly betting martingale", () => {
  const { grid, differences, cases } = references.confseqDKelly;
  it.each(cases)('c = $nullValue ($alternative) at n = $at', ({ nullValue, alternative, at, logEValue }) => {
    at.forEach((n, k) => {
      const { baseline, candidate } = pairsOf(differences.slice(0, n));
      const result = pairedSequentialTest(baseline, candidate, { margin: Math.abs(nullValue) });
      // confseq averages the wealths W(u) of the bets u = d / (D + 1), d = 1..D, with weights 1 / D: a Riemann sum
      // of verdict's E = ∫_0^1 W(u) du. By Euler-Maclaurin it equals ((D + 1) / D) (E - h (W(0) + W(1)) / 2) +
      // O(h^2) with h = 1 / (D + 1), W(0) = 1 and W(1) the all-in bet's wealth (0 once a pair goes against the
      // bet), so the two agree to the next term, h^2 W'(0) / 12 E: about 1e-7 here (D = 20,000).
      const e = Math.exp(testAt(result, nullValue, alternative).logEValue);
      const h = 1 / (grid + 1);
      const allIn = differences
        .slice(0, n)
        .reduce((w, d) => w * (alternative === 'greater' ? (1 + d) / (1 + nullValue) : (1 - d) / (1 - nullValue)), 1);
      const riemann = Math.log(((grid + 1) / grid) * (e - (h * (1 + allIn)) / 2));
      expectClose(riemann, logEValue[k]!, { abs: 1e-6 }, { nullValue, alternative, n });
    });
  });
});

describe('binary, the design e-value: confseq’s betting martingale with one constant bet', () => {
  const { differences } = references.confseqDKelly;
  it.each(references.confseqConstantBet)('q1 = $share.0/$share.1 (bet $bet)', ({ share, at, logGain, logDrop }) => {
    const q1 = share[0] / share[1];
    // A design whose share of discordant pairs is q1: discordance 0.2, difference 0.2 (2 q1 - 1).
    const design = { difference: 0.2 * (2 * q1 - 1), discordance: 0.2 };
    at.forEach((n, k) => {
      const { baseline, candidate } = pairsOf(differences.slice(0, n));
      const { tests } = pairedSequentialTest(baseline, candidate, { design });
      // A product of n factors each side, rounded once each (confseq's cumprod, verdict's two logs): 1e-13.
      expectClose(tests.gain.logEValue, logGain[k]!, { abs: 1e-13, rel: 1e-13 }, { q1, n });
      expectClose(tests.drop.logEValue, logDrop[k]!, { abs: 1e-13, rel: 1e-13 }, { q1, n });
    });
  });
});

describe('binary: the confidence sequence against confseq’s betting_cs (grid method)', () => {
  const { differences } = references.confseqDKelly;
  const { breaks, alpha, at, lower, upper } = references.confseqBettingCs;
  it.each(at.map((n, k) => ({ n, k })))('n = $n', ({ n, k }) => {
    const { baseline, candidate } = pairsOf(differences.slice(0, n));
    const { interval } = pairedSequentialTest(baseline, candidate, { alpha });
    // confseq's ends, from x = (D + 1) / 2 back to d: the first and last grid points it does not reject, widened by
    // one step (1 / breaks in x, 2 / breaks in d). So its interval contains verdict's and is at most 2 / breaks
    // wider per end; 1e-4 more for its 1,000 bets against verdict's continuous mixture (a shift of the ends of
    // about 1e-5 here).
    const step = 2 / breaks;
    const theirLower = 2 * lower[k]! - 1;
    const theirUpper = 2 * upper[k]! - 1;
    expect(theirLower).toBeLessThanOrEqual(interval.lower + 1e-4);
    expect(theirLower).toBeGreaterThanOrEqual(interval.lower - step - 1e-4);
    expect(theirUpper).toBeGreaterThanOrEqual(interval.upper - 1e-4);
    expect(theirUpper).toBeLessThanOrEqual(interval.upper + step + 1e-4);
  });
});

describe('bounded scores: below confseq’s exact betting wealth by at most the Fan-Grama-Liu gap', () => {
  const { bets, baseline, candidate, cases } = references.confseqBoundedWealth;
  it.each(cases)('c = $nullValue ($alternative)', ({ nullValue, alternative, at, logWealth }) => {
    at.forEach((n, k) => {
      const result = pairedSequentialTest(baseline.slice(0, n), candidate.slice(0, n), {
        outcome: 'bounded',
        bounds: [0, 1],
        margin: Math.abs(nullValue),
      });
      const ours = testAt(result, nullValue, alternative).logEValue;
      // For y in [-1, 1] and u in [0, 1/2], 0 <= log(1 + u y) - (u y + y^2 (log(1 - u) + u)) <= (log 3 - 1) y^2
      // (the largest ratio is at u = 1/2, y = 1), so log of the exact mixture exceeds verdict's by between 0 and
      // (log 3 - 1) V, V = Σ y_i^2 with y_i = (D_i - c) / 2; 1 / bets more for confseq's grid of bets.
      const v = baseline.slice(0, n).reduce((sum, b, i) => sum + ((candidate[i]! - b - nullValue) / 2) ** 2, 0);
      const gap = logWealth[k]! - ours;
      expect(gap).toBeGreaterThanOrEqual(-1 / bets);
      expect(gap).toBeLessThanOrEqual((Math.log(3) - 1) * v + 1 / bets);
    });
  });
});
