import { designDiscordantShare, designLogLikelihoodRatio, type PairedSequenceDesign } from './design-likelihood-ratio';
import { type Crosses, finalLookCritical, signWalk } from './truncated-design-look';
import { assertOpenProbability, assertOptions, assertPositiveInteger } from './validate';

/**
 * The boundary of the calibrated design: the likelihood ratio at the design's share q1 of discordant pairs
 * ({@link designLogLikelihoodRatio}) has reached the e-value threshold t, compared in logs,
 * w log(2 q1) + l log(2 (1 - q1)) >= log t. The gate, the planner and the exact level all use this one rule.
 *
 * @example calibratedCrosses(2 / 3, 33.15)(13, 0) // true: (4/3)^13 = 42.1 >= 33.15
 */
export function calibratedCrosses(share: number, threshold: number): Crosses {
  const log = Math.log(threshold);
  return (wins, losses) => designLogLikelihoodRatio(wins, losses, share) >= log;
}

/** Options of {@link calibratedDesignPlan}: the design alternative, the level, the power and the search. */
export interface CalibratedDesignPlanOptions extends PairedSequenceDesign {
  /** Level of the two-sided gate (alpha / 2 per side). @default 0.05 */
  readonly alpha?: number;
  /** Probability of showing the drop when the design alternative holds. @default 0.8 */
  readonly power?: number;
  /** Spacing of the thresholds searched, from Ville's 2 / alpha down to `lowestThreshold`. @default 0.05 */
  readonly step?: number;
  /** The lowest threshold searched (2 / alpha: Ville's threshold alone, truncated at K). @default 1 / alpha */
  readonly lowestThreshold?: number;
  /** Largest truncation K considered (each threshold's walk is O(K^2)). @default 400 */
  readonly maxDiscordantLimit?: number;
}

/** The design {@link calibratedDesignPlan} chose, and what it costs at the design alternative. */
export interface CalibratedDesignPlan {
  /** The e-value threshold t each side crosses at (below Ville's 2 / alpha: not an e-value past K). */
  readonly threshold: number;
  /** K: the design is truncated at this many discordant pairs, where the final look is taken. */
  readonly maxDiscordant: number;
  /** P0(the tested side crossed within K discordant pairs): at most alpha / 2, exactly (the walk of fair signs). */
  readonly spent: number;
  /** The fewest wins among K discordant pairs that reject at the final look (K + 1: none does). */
  readonly critical: number;
  /** P(the drop side rejects by K) at the design's share q1: at least the power asked for. */
  readonly power: number;
  /** E min(J, K), J the discordant pair of the first crossing (either side), at the design alternative. */
  readonly expectedDiscordant: number;
  /** E items = E min(J, K) / ψ (Wald's identity: the items between discordant pairs are Geometric(ψ)). */
  readonly expectedItems: number;
}

/**
 * The calibrated truncated design of the paired gate (Armitage 1957, "Restricted sequential procedures",
 * Biometrika 44:9-26: the truncated sequential test on the discordant pairs): the likelihood ratio at the design's
 * share q1 = (ψ + δ) / (2ψ), both sides monitored after every pair, each crossing at an e-value threshold t, and
 * truncated at K discordant pairs, where the final look of {@link truncatedBoundaryTable} spends what the crossings
 * left of alpha / 2 (the stagewise ordering of Armitage, McPherson & Rowe 1969). Under H0 (p10 = p01) the signs
 * of the discordant pairs are fair coins at any discordance, so with S_k the walk absorbed at the boundary
 *
 *   level per side = P0(crossed within K) + P0(not crossed, wins at K >= c_K) <= alpha / 2, exactly,
 *   power = P1(drop side crossed before the gain side within K) + P1(neither, wins at K >= c_K),
 *   E items = E min(J, K) / ψ = Σ_{k < K} P1(neither side crossed within k) / ψ.
 *
 * The plan is the (t, K) with the fewest mean items at the design alternative among those with the power and
 * P0(crossed within K) <= alpha / 2 (t from 2 / alpha down to 1 / alpha every `step`, 401 thresholds at alpha 0.05; for each t the smallest K
 * of the power, as a larger K at the same t only costs more): the optimal-design criterion of Jennison & Turnbull
 * (2000, "Group sequential methods", Sec. 4.2.3) over this family, computed from the design stated, no
 * simulation and no seed (bench/design-alternatives.ts, BENCHMARKS.md "Sequential gate at power 0.8"). Below
 * 2 / alpha the statistic is not an e-value: the design is valid under monitoring after every pair and optional
 * stopping up to K discordant pairs, not beyond.
 *
 * @throws {RangeError} for a design out of range (see {@link designDiscordantShare}), alpha or power outside
 *   (0, 1), a step not positive, or no design up to `maxDiscordantLimit`
 * @example calibratedDesignPlan({ difference: 0.05, discordance: 0.15 }) // { threshold: 33.15, maxDiscordant: 76, spent: 0.01943..., critical: 48, power: 0.8045..., expectedItems: 342.5... }
 */
export function calibratedDesignPlan(options: CalibratedDesignPlanOptions): CalibratedDesignPlan {
  const fn = 'calibratedDesignPlan';
  assertOptions(fn, options);
  const share = designDiscordantShare(fn, options);
  const { discordance: psi, alpha = 0.05, power = 0.8, step = 0.05, maxDiscordantLimit = 400 } = options;
  const lowest = options.lowestThreshold ?? 1 / alpha;
  assertOpenProbability(fn, 'alpha', alpha);
  assertOpenProbability(fn, 'power', power);
  assertPositiveInteger(fn, 'maxDiscordantLimit', maxDiscordantLimit);
  if (!(typeof step === 'number' && step > 0 && Number.isFinite(step))) {
    throw new RangeError(`${fn}: \`step\` must be a finite number above 0, got ${step}`);
  }
  if (!(typeof lowest === 'number' && lowest > 1 && lowest <= 2 / alpha)) {
    throw new RangeError(
      `${fn}: \`lowestThreshold\` must be above 1 and at most 2 / alpha (${2 / alpha}), got ${lowest}`,
    );
  }
  const top = 2 / alpha;
  let best: CalibratedDesignPlan | undefined;
  for (let i = 0; top - step * i >= lowest; i++) {
    const threshold = top - step * i; // the same arithmetic as the bench's grid (40 - 0.05 i at alpha 0.05)
    const found = smallestTruncation(calibratedCrosses(share, threshold), { share, alpha, power, maxDiscordantLimit });
    if (found === null) continue;
    const expectedItems = found.expectedDiscordant / psi;
    if (best === undefined || expectedItems < best.expectedItems) best = { threshold, ...found, expectedItems };
  }
  if (best === undefined) {
    throw new RangeError(
      `${fn}: no design of power ${power} within ${maxDiscordantLimit} discordant pairs; raise \`maxDiscordantLimit\``,
    );
  }
  return best;
}

/**
 * At one boundary: the smallest K with power at the design's share and P0(crossed within K) <= alpha / 2, walking
 * the null (one side absorbed, as the final look's table) and the alternative (both sides absorbed) in lockstep;
 * null when the level breaks first or no K up to the limit has the power.
 */
function smallestTruncation(
  crosses: Crosses,
  {
    share,
    alpha,
    power,
    maxDiscordantLimit,
  }: { share: number; alpha: number; power: number; maxDiscordantLimit: number },
): Omit<CalibratedDesignPlan, 'threshold' | 'expectedItems'> | null {
  const null0 = signWalk({ crosses }, maxDiscordantLimit);
  const alternative = signWalk({ crosses, up: share, bothSides: true }, maxDiscordantLimit);
  null0.step();
  let previousAlive = 1; // P1(neither side crossed within k - 1)
  let expectedDiscordant = 0;
  alternative.step();
  for (let k = 1; k <= maxDiscordantLimit; k++) {
    const h0 = null0.step();
    const h1 = alternative.step();
    expectedDiscordant += previousAlive;
    if (h0.crossed > alpha / 2) return null;
    const critical = finalLookCritical(k, h0.crossed, h0.alive, alpha);
    let tail = 0;
    let alive = 0;
    for (let w = 0; w <= k; w++) {
      alive += h1.alive[w]!;
      if (w >= critical) tail += h1.alive[w]!;
    }
    const reached = h1.crossed + tail;
    if (reached >= power) return { maxDiscordant: k, spent: h0.crossed, critical, power: reached, expectedDiscordant };
    previousAlive = alive;
  }
  return null;
}
