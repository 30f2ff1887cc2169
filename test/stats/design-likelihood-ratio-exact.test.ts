/**
 * The design e-value (stats/design-likelihood-ratio.ts) and the crossing probabilities of its truncated design
 * (stats/truncated-design-look.ts) against exact rational arithmetic (BigInt numerators and denominators), an
 * implementation that shares nothing with verdict's floating-point code.
 *
 * NOT published values. The e-value is Wald's (1945) SPRT statistic for a binomial share, which Grünwald, de Heide &
 * Koolen ("Safe testing", JRSS-B 2024, Sec. 4) show is the GROW e-value against a point alternative; neither they
 * nor Wald tabulate this McNemar form at our designs, R is not installed here (no `safestats`), and the safestats
 * 2x2 test (Turner, Ly & Grünwald 2024) is for two independent groups, not paired discordant pairs, so its numbers
 * do not apply. The e-value's own numbers are checked against confseq's betting martingale with a constant bet
 * (test/stats/paired-sequential-reference.test.ts); the crossing probabilities, the final look and the truncated
 * designs below have no published values and no reference implementation (none of confseq, safestats or the papers
 * computes a truncated walk with a final look). What is asserted here are the properties the validity proof rests
 * on, each computed exactly:
 *   E_n = (2 q1)^W (2 (1 - q1))^L,  q1 = (ψ + δ) / (2ψ)                    (the formula beside the code)
 *   E_{q=1/2}[E_n] = Σ_w C(n, w) 2^-n (2 q1)^w (2 (1 - q1))^(n - w) = 1     (a martingale under the null)
 *   E_{q<1/2}[E_n] = (2 q (2 q1 - 1) + 2 (1 - q1))^n < 1                   (a supermartingale in the composite null)
 *   E_{q1}[log E_1] = KL(q1 || 1/2), above E_{q1}[log E'_1] of every other share's e-value  (GROW at the design)
 *   P0(sup_{j<=k} E_j >= 2 / alpha) <= alpha / 2                          (Ville), summed exactly over the walk;
 * and, for the design of bench/design-alternatives.ts truncated at K discordant pairs below Ville's threshold, its
 * crossings, final look and power, each as counts of sign sequences.
 */
import { describe, expect, it } from 'vitest';
import {
  calibratedCrosses,
  calibratedDesignPlan,
  designLogLikelihoodRatio,
  mcnemarSampleSize,
  seededRandom,
  truncatedDesignTable,
} from '../../stats/index';
import { type Crosses, truncatedBoundaryTable, truncatedBoundaryWalk } from '../../stats/truncated-design-look';
import { expectClose } from '../helpers/expect-close';

/** A nonnegative rational n / d, in BigInt (never reduced: only compared and summed). */
interface Ratio {
  readonly n: bigint;
  readonly d: bigint;
}
const ratio = (n: bigint | number, d: bigint | number = 1n): Ratio => ({ n: BigInt(n), d: BigInt(d) });
const add = (a: Ratio, b: Ratio): Ratio => ({ n: a.n * b.d + b.n * a.d, d: a.d * b.d });
const mul = (a: Ratio, b: Ratio): Ratio => ({ n: a.n * b.n, d: a.d * b.d });
const pow = (a: Ratio, k: number): Ratio => ({ n: a.n ** BigInt(k), d: a.d ** BigInt(k) });
const atLeast = (a: Ratio, b: Ratio): boolean => a.n * b.d >= b.n * a.d;
const equal = (a: Ratio, b: Ratio): boolean => a.n * b.d === b.n * a.d;

/** log of a positive BigInt, to double precision whatever its size (the leading 17 digits and the exponent). */
function logBig(x: bigint): number {
  const digits = x.toString();
  const head = digits.length > 17 ? digits.slice(0, 17) : digits;
  return Math.log(Number(head)) + (digits.length - head.length) * Math.LN10;
}
const logRatio = (a: Ratio): number => logBig(a.n) - logBig(a.d);
/** The ratio as a double (numerator and denominator scaled to the same exponent first). */
const toNumber = (a: Ratio): number => Math.exp(logRatio(a));

function binomial(n: number, k: number): bigint {
  let c = 1n;
  for (let i = 1; i <= k; i++) c = (c * BigInt(n - k + i)) / BigInt(i);
  return c;
}

/** The design share q1 = (ψ + δ) / (2ψ), exactly, from a difference and a discordance in points (integers). */
const designShare = (differencePoints: number, discordancePoints: number): Ratio =>
  ratio(discordancePoints + differencePoints, 2 * discordancePoints);

/** The per-pair factors 2 q1 (a win on the tested side) and 2 (1 - q1) (a loss). */
function factors(q1: Ratio): { win: Ratio; loss: Ratio } {
  return { win: mul(ratio(2), q1), loss: { n: 2n * (q1.d - q1.n), d: q1.d } };
}

/** E_q[E_n] over the n discordant pairs, each a win with probability q, exactly. */
function expectedEValue(q1: Ratio, q: Ratio, n: number): Ratio {
  const { win, loss } = factors(q1);
  const notQ = { n: q.d - q.n, d: q.d };
  let sum = ratio(0);
  for (let w = 0; w <= n; w++) {
    const path = mul(pow(mul(q, win), w), pow(mul(notQ, loss), n - w));
    sum = add(sum, mul(ratio(binomial(n, w)), path));
  }
  return sum;
}

// The designs asserted: the 5-point drop at discordance 15% (q1 = 2/3), and 3 points at 20% (q1 = 23/40).
const DESIGNS = [
  { difference: 5, discordance: 15, q1: ratio(2, 3) },
  { difference: 3, discordance: 20, q1: ratio(23, 40) },
] as const;

describe('the design e-value, exactly', () => {
  it('is (2 q1)^wins (2 (1 - q1))^losses: the double agrees with the exact product to 1e-13', () => {
    for (const { difference, discordance, q1 } of DESIGNS) {
      expect(equal(designShare(difference, discordance), q1)).toBe(true);
      const { win, loss } = factors(q1);
      for (const [wins, losses] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [12, 2],
        [37, 21],
        [140, 151],
      ] as const) {
        const exact = mul(pow(win, wins), pow(loss, losses));
        const got = designLogLikelihoodRatio(wins, losses, Number(q1.n) / Number(q1.d));
        expectClose(got, logRatio(exact), { rel: 1e-13, abs: 1e-13 }, { difference, discordance, wins, losses });
      }
    }
  });

  it('has expectation exactly 1 under q = 1/2 at every n, and below 1 under every q < 1/2 (the composite null)', () => {
    for (const { q1 } of DESIGNS) {
      for (const n of [1, 2, 7, 25, 60]) {
        expect(equal(expectedEValue(q1, ratio(1, 2), n), ratio(1))).toBe(true);
        for (const q of [ratio(0), ratio(1, 4), ratio(49, 100)]) {
          const mean = expectedEValue(q1, q, n);
          expect(atLeast(mean, ratio(1))).toBe(false);
          // The closed form (2 q (2 q1 - 1) + 2 (1 - q1))^n, exactly.
          const { win, loss } = factors(q1);
          const notQ = { n: q.d - q.n, d: q.d };
          expect(equal(mean, pow(add(mul(q, win), mul(notQ, loss)), n))).toBe(true);
        }
      }
    }
  });

  it('a tied pair leaves it unchanged, so over items of any discordance its null mean is still 1', () => {
    // Items: discordant with probability ψ = 3/20, then a fair sign; 12 items, every (discordant, wins) count.
    const { q1 } = DESIGNS[0];
    const psi = ratio(3, 20);
    const notPsi = ratio(17, 20);
    let sum = ratio(0);
    for (let k = 0; k <= 12; k++) {
      const pK = mul(ratio(binomial(12, k)), mul(pow(psi, k), pow(notPsi, 12 - k)));
      sum = add(sum, mul(pK, expectedEValue(q1, ratio(1, 2), k)));
    }
    expect(equal(sum, ratio(1))).toBe(true);
  });

  it('is growth-optimal at its design: E_{q1} log E = KL(q1 || 1/2), more than any other share’s e-value gives there', () => {
    for (const { q1 } of DESIGNS) {
      const share = Number(q1.n) / Number(q1.d);
      const growth = (used: number) => designLogLikelihoodRatio(share, 1 - share, used);
      const kl = share * Math.log(2 * share) + (1 - share) * Math.log(2 * (1 - share));
      expectClose(growth(share), kl, { rel: 1e-14 });
      for (const other of [0.51, 0.55, share - 0.01, share + 0.01, 0.75, 0.9]) {
        expect(growth(other)).toBeLessThan(growth(share));
      }
    }
  });
});

describe('the crossings of the truncated design, exactly', () => {
  /**
   * P0(the e-value reached 2 / alpha = 40 within the first k discordant pairs), k = 0..maxK, by an absorbing walk
   * over fair signs: every probability is a count of sign sequences over 2^k (BigInt), and the threshold is the
   * exact comparison (2 q1)^w (2 (1 - q1))^l >= 40.
   */
  function exactCrossed(q1: Ratio, maxK: number): Ratio[] {
    const { win, loss } = factors(q1);
    const threshold = ratio(40);
    let alive: bigint[] = [1n];
    let crossed = 0n;
    const out = [ratio(0)];
    for (let k = 1; k <= maxK; k++) {
      const next: bigint[] = Array.from({ length: k + 1 }, () => 0n);
      alive.forEach((paths, w) => {
        next[w]! += paths;
        next[w + 1]! += paths;
      });
      crossed *= 2n;
      for (let w = 0; w <= k; w++) {
        if (atLeast(mul(pow(win, w), pow(loss, k - w)), threshold)) {
          crossed += next[w]!;
          next[w] = 0n;
        }
      }
      alive = next;
      out.push(ratio(crossed, 2n ** BigInt(k)));
    }
    return out;
  }

  it('truncatedDesignTable’s crossed[k] is the exact probability, and Ville’s bound alpha / 2 = 1/40 holds', () => {
    for (const { q1 } of DESIGNS) {
      const maxK = 120;
      const exact = exactCrossed(q1, maxK);
      const { crossed } = truncatedDesignTable(Number(q1.n) / Number(q1.d), 0.05, maxK);
      for (let k = 0; k <= maxK; k++) {
        const want = exact[k]!;
        expect(atLeast(ratio(1, 40), want)).toBe(true);
        if (want.n === 0n) expect(crossed[k]).toBe(0);
        else expectClose(crossed[k]!, toNumber(want), { rel: 1e-12 }, { q1: `${q1.n}/${q1.d}`, k });
      }
      // Something crosses within 120 pairs at both designs: the comparison above is not of zeros only.
      expect(exact[maxK]!.n > 0n).toBe(true);
    }
  });
});

describe('a truncated design below Ville’s threshold (bench/design-alternatives.ts), exactly', () => {
  // The power-0.8 design the bench chooses for the 5-point drop at discordance 15%: the likelihood ratio at
  // q1 = 2/3 crossing at 33.15 (not an e-value threshold: 1/33.15 > alpha / 2), truncated at K = 76 discordant
  // pairs with the final look there. Its level rests on P0(crossed within K) <= alpha / 2, its power on the walk at
  // q = 2/3; both computed here in integers (probabilities of a walk with win weight a of b: counts over b^k).
  const q1 = ratio(2, 3);
  const threshold = ratio(3315, 100);
  const K = 76;
  const crosses: Crosses = (w, l) => w * Math.log(4 / 3) + l * Math.log(2 / 3) >= Math.log(33.15);
  const { win, loss } = factors(q1);
  const exactCrosses = (w: number, l: number) => atLeast(mul(pow(win, w), pow(loss, l)), threshold);

  /** The walk with P(win) = a / b: per k, the absorbed mass (tested side, other side) and the alive counts. */
  function exactWalk(a: bigint, b: bigint, bothSides: boolean) {
    let alive: bigint[] = [1n];
    let crossed = 0n;
    const crossedAt: bigint[] = [0n];
    const aliveAt: bigint[][] = [alive];
    for (let k = 1; k <= K; k++) {
      const next: bigint[] = Array.from({ length: k + 1 }, () => 0n);
      alive.forEach((paths, w) => {
        next[w]! += paths * (b - a);
        next[w + 1]! += paths * a;
      });
      crossed *= b;
      for (let w = 0; w <= k; w++) {
        // The double rule and the exact one agree at every lattice point (no tie within rounding).
        expect(crosses(w, k - w)).toBe(exactCrosses(w, k - w));
        if (exactCrosses(w, k - w)) {
          crossed += next[w]!;
          next[w] = 0n;
        } else if (bothSides && exactCrosses(k - w, w)) next[w] = 0n;
      }
      alive = next;
      crossedAt.push(crossed);
      aliveAt.push(alive);
    }
    return { crossedAt, aliveAt };
  }

  it('level: crossed[k] is exact, at most alpha / 2 = 1/40 up to K (not beyond), and the final look keeps it', () => {
    const { crossedAt, aliveAt } = exactWalk(1n, 2n, false);
    const { crossed, critical } = truncatedBoundaryTable(crosses, 0.05, 2 * K + 8);
    for (let k = 1; k <= K; k++) {
      const want = ratio(crossedAt[k]!, 2n ** BigInt(k));
      expect(atLeast(ratio(1, 40), want)).toBe(true);
      expectClose(crossed[k]!, toNumber(want), { rel: 1e-12 }, { k });
    }
    // Below Ville's threshold the crossings go on: by 2K + 8 they have spent more than alpha / 2 (first at k = 148),
    // so the design is valid only if it stops by K.
    expect(crossed[2 * K + 8]!).toBeGreaterThan(0.025);
    // The final look at K: the fewest wins w with crossed + P0(alive, wins >= w) <= 1/40, exactly.
    const total = 2n ** BigInt(K);
    let tail = 0n;
    let w = K + 1;
    while (w > 0 && atLeast(ratio(total, 40), ratio(crossedAt[K]! + tail + aliveAt[K]![w - 1]!)))
      tail += aliveAt[K]![--w]!;
    expect(critical[K]).toBe(w);
  });

  it('power: truncatedBoundaryWalk at q = 2/3 gives the exact power at K and chance of running at each k', () => {
    const h0 = exactWalk(1n, 2n, false);
    const total = 2n ** BigInt(K);
    let tail = 0n;
    let critical = K + 1;
    while (atLeast(ratio(total, 40), ratio(h0.crossedAt[K]! + tail + h0.aliveAt[K]![critical - 1]!))) {
      tail += h0.aliveAt[K]![--critical]!;
    }
    const h1 = exactWalk(2n, 3n, true);
    const { rejected, alive } = truncatedBoundaryWalk(crosses, { share: 2 / 3, alpha: 0.05, maxDiscordant: K });
    const over = 3n ** BigInt(K);
    const atK = h1.aliveAt[K]!;
    const power = ratio(h1.crossedAt[K]! + atK.slice(critical).reduce((s, p) => s + p, 0n), over);
    expectClose(rejected[K]!, toNumber(power), { rel: 1e-12 });
    for (const k of [1, 10, 40, K]) {
      const running = ratio(
        h1.aliveAt[k]!.reduce((s, p) => s + p, 0n),
        3n ** BigInt(k),
      );
      expectClose(alive[k]!, toNumber(running), { rel: 1e-12 }, { k });
    }
    // The figure BENCHMARKS.md quotes for this design: power 0.8045 at K.
    expect(rejected[K]!).toBeGreaterThanOrEqual(0.8);
    expectClose(rejected[K]!, 0.8045, { abs: 5e-5 });
  });

  it('calibratedDesignPlan finds it from the stated design (K = 76, 33.15 on the bench’s grid), its level exact', () => {
    const plan = calibratedDesignPlan({ difference: 0.05, discordance: 0.15, alpha: 0.05, power: 0.8 });
    expect(plan.maxDiscordant).toBe(K);
    expectClose(plan.threshold, 33.15, { abs: 1e-9 });
    // The planner's rule is the one checked against the exact rule at every lattice point in exactWalk.
    const planned = calibratedCrosses(2 / 3, plan.threshold);
    for (let k = 1; k <= K; k++) for (let w = 0; w <= k; w++) expect(planned(w, k - w)).toBe(crosses(w, k - w));
    // Exact level per side, in integers: crossed within K + P0(not crossed, wins >= critical) <= 1/40.
    const h0 = exactWalk(1n, 2n, false);
    const total = 2n ** BigInt(K);
    const tail = h0.aliveAt[K]!.slice(plan.critical).reduce((s, p) => s + p, 0n);
    expect(atLeast(ratio(total, 40), ratio(h0.crossedAt[K]! + tail))).toBe(true);
    // ... and one win fewer would break it (the critical value is the smallest that keeps the level).
    const looser = tail + h0.aliveAt[K]![plan.critical - 1]!;
    expect(atLeast(ratio(total, 40), ratio(h0.crossedAt[K]! + looser))).toBe(false);
    expectClose(plan.spent, toNumber(ratio(h0.crossedAt[K]!, total)), { rel: 1e-12 });
    // Power and mean items as BENCHMARKS.md quotes them: 0.8045 at K, 342.5 items, 31.2% under the fixed-n 498.
    expect(plan.power).toBeGreaterThanOrEqual(0.8);
    expectClose(plan.power, 0.8045, { abs: 5e-5 });
    expectClose(plan.expectedItems, 342.5, { abs: 0.05 });
    const fixed = mcnemarSampleSize({ p10: 0.1, p01: 0.05, alpha: 0.05, power: 0.8, method: 'exact' }).n;
    expect(fixed).toBe(498);
    expectClose(1 - plan.expectedItems / fixed, 0.312, { abs: 5e-4 });
  });

  it('calibratedDesignPlan at power 0.9 and one-sided (alpha 0.10): the bench’s 32.35 / K = 114 and 14.55 / K = 66', () => {
    const at09 = calibratedDesignPlan({ difference: 0.05, discordance: 0.15, power: 0.9 });
    expect([at09.maxDiscordant, Number(at09.threshold.toFixed(2))]).toEqual([114, 32.35]);
    expect(at09.spent).toBeLessThanOrEqual(0.025);
    const oneSided = calibratedDesignPlan({ difference: 0.05, discordance: 0.15, alpha: 0.1 });
    expect([oneSided.maxDiscordant, Number(oneSided.threshold.toFixed(2))]).toEqual([66, 14.55]);
    expect(oneSided.spent).toBeLessThanOrEqual(0.05);
    // Ville's threshold alone (the grid reduced to 2 / alpha): K = 78, 27.8% (BENCHMARKS.md).
    const ville = calibratedDesignPlan({ difference: 0.05, discordance: 0.15, lowestThreshold: 40 });
    expect([ville.maxDiscordant, ville.threshold]).toEqual([78, 40]);
    expect(() => calibratedDesignPlan({ difference: 0.05, discordance: 0.15, maxDiscordantLimit: 50 })).toThrow(
      /no design of power 0.8 within 50 discordant pairs/,
    );
  });

  it('seeded runs checked after every pair (identical variants, discordance 0.5): false alarms at the exact level', () => {
    // The exact two-sided level: twice crossed[K] + P0(alive at K, wins >= critical[K]) (the sides are mirror
    // images; a path cannot end rejected on both).
    const { crossed, critical } = truncatedBoundaryTable(crosses, 0.05, K);
    const h0 = exactWalk(1n, 2n, false);
    const tail = h0.aliveAt[K]!.slice(critical[K]!).reduce((s, p) => s + p, 0n);
    const level = 2 * (crossed[K]! + toNumber(ratio(tail, 2n ** BigInt(K))));
    expect(level).toBeLessThanOrEqual(0.05);
    const random = seededRandom(1705);
    const runs = 20_000;
    let alarms = 0;
    for (let run = 0; run < runs; run++) {
      let n10 = 0;
      let n01 = 0;
      for (;;) {
        if (random() >= 0.5) continue; // a tied pair: nothing changes
        if (random() < 0.5) n10++;
        else n01++;
        if (crosses(n10, n01) || crosses(n01, n10)) {
          alarms++;
          break;
        }
        if (n10 + n01 === K) {
          if (n10 >= critical[K]! || n01 >= critical[K]!) alarms++;
          break;
        }
      }
    }
    const se = Math.sqrt((level * (1 - level)) / runs);
    expect(Math.abs(alarms / runs - level)).toBeLessThanOrEqual(4 * se);
    expect(alarms / runs).toBeLessThanOrEqual(0.05 + 3 * Math.sqrt((0.05 * 0.95) / runs));
  });
});
