import { designDiscordantShare, designLogLikelihoodRatio, type PairedSequenceDesign } from './design-likelihood-ratio';
import { assertOpenProbability, assertOptions, assertPositiveInteger } from './validate';

/** The final look of a truncated design at one number of discordant pairs (see {@link truncatedDesignTable}). */
export interface TruncatedDesignTable {
  /** crossed[k]: P0(the e-value reached 2 / alpha within the first k discordant pairs), at q = 1/2. */
  readonly crossed: Float64Array;
  /**
   * critical[k]: the fewest wins among k discordant pairs that reject at the final look (k + 1 when none does):
   * the smallest w with crossed[k] + P0(not crossed, wins >= w) <= alpha / 2.
   */
  readonly critical: Int32Array;
}

/**
 * Whether a side's e-value at (wins, losses) has crossed its boundary. It must rise with the wins at a fixed number
 * of discordant pairs (the walk absorbs the top of the range), and be the same rule for the other side with wins
 * and losses swapped.
 */
export type Crosses = (wins: number, losses: number) => boolean;

/** The design e-value's rule, as the tests use it: the e-value has reached 2 / alpha (p = 2 / E <= alpha). */
const designCrosses =
  (share: number, alpha: number): Crosses =>
  (wins, losses) =>
    Math.min(1, 2 * Math.exp(-designLogLikelihoodRatio(wins, losses, share))) <= alpha;

/** One step of {@link signWalk}: after k discordant pairs, crossed = P(absorbed on the tested side), alive[w] = P(not absorbed, w wins). */
export interface SignWalkStep {
  readonly k: number;
  readonly crossed: number;
  readonly alive: Float64Array;
}

/**
 * The distribution of the discordant pairs' signs, each on the tested side with probability `up` (1/2 under H0
 * p10 = p01: fair coins whatever the discordance, independent of which items are discordant), absorbing the
 * paths on which the tested side has crossed (`crosses(wins, losses)`; with `bothSides`, also those on which the
 * other side has, `crosses(losses, wins)`), advanced one discordant pair per `step()` up to `maxDiscordant`
 * (the first call gives k = 0). O(k) per step, so a caller may stop early (the planner walks two in lockstep).
 * `alive` is reused between steps: read it before the next one.
 */
export function signWalk(
  { crosses, up = 0.5, bothSides = false }: { crosses: Crosses; up?: number; bothSides?: boolean },
  maxDiscordant: number,
): { step(): SignWalkStep } {
  let alive = new Float64Array(maxDiscordant + 2);
  let next = new Float64Array(maxDiscordant + 2);
  alive[0] = 1;
  let crossed = 0;
  let k = -1;
  return {
    step() {
      if (k === maxDiscordant) throw new RangeError(`signWalk: walked past maxDiscordant ${maxDiscordant}`);
      k++;
      if (k === 0) return { k, crossed, alive };
      next.fill(0, 0, k + 1);
      for (let w = 0; w < k; w++) {
        const p = alive[w]!;
        if (p === 0) continue;
        next[w]! += (1 - up) * p;
        next[w + 1]! += up * p;
      }
      // The e-value rises with the wins at fixed k, so the absorbed paths are the top of the range (the other
      // side's, the bottom).
      for (let w = k; w >= 0 && crosses(w, k - w); w--) {
        crossed += next[w]!;
        next[w] = 0;
      }
      if (bothSides) for (let w = 0; w <= k && crosses(k - w, w); w++) next[w] = 0;
      [alive, next] = [next, alive];
      return { k, crossed, alive };
    },
  };
}

/** {@link signWalk} from k = 0 to `maxDiscordant`, calling `visit(k, crossed, alive)` after each. O(maxDiscordant^2). */
function walkSigns(
  options: { crosses: Crosses; up?: number; bothSides?: boolean },
  maxDiscordant: number,
  visit: (k: number, crossed: number, alive: Float64Array) => void,
): void {
  const walk = signWalk(options, maxDiscordant);
  for (let k = 0; k <= maxDiscordant; k++) {
    const { crossed, alive } = walk.step();
    visit(k, crossed, alive);
  }
}

/**
 * The final look's critical value at k discordant pairs: the fewest wins w with crossed + P(alive, wins >= w) <=
 * alpha / 2 (k + 1 when none).
 */
export function finalLookCritical(k: number, crossed: number, alive: Float64Array, alpha: number): number {
  let tail = 0;
  let w = k + 1;
  while (w > 0 && crossed + tail + alive[w - 1]! <= alpha / 2) tail += alive[--w]!;
  return w;
}

/**
 * The final look of a truncated sequential design (the test e-value {@link designLogLikelihoodRatio}, monitored
 * after every pair and rejecting as soon as it reaches 2 / alpha, run to a maximum fixed in advance): what is left
 * of the one-sided level alpha / 2 once the crossings are paid for is spent at the last pair, on the paths that
 * have not crossed, by the exact conditional test given the number k of discordant pairs there. Under H0 the signs
 * are fair coins given k, so for every k the two ways to reject have probability crossed[k] + P0(not crossed,
 * wins >= critical[k]) <= alpha / 2, and so unconditionally, at any discordance: the design is exact, valid under
 * monitoring after every pair, and needs no guess of the nuisance. It is the stagewise ordering of Armitage,
 * McPherson & Rowe (1969, JRSS-A 132(2):235-244) and Jennison & Turnbull (2000, "Group sequential methods",
 * Sec. 8.4) for a continuously monitored binomial boundary: paths crossing earlier are more extreme than any path
 * alive at the end. Ville's inequality bounds crossed[k] by alpha / 2 for every k, so something is always left.
 *
 * @example truncatedDesignTable(2 / 3, 0.05, 3).critical // Int32Array [1, 2, 3, 4]: no rejection at k <= 3
 */
export function truncatedDesignTable(share: number, alpha: number, maxDiscordant: number): TruncatedDesignTable {
  return truncatedBoundaryTable(designCrosses(share, alpha), alpha, maxDiscordant);
}

/**
 * {@link truncatedDesignTable} for any boundary rule `crosses`. The final look at k discordant pairs is valid
 * only where crossed[k] <= alpha / 2 (then critical[k] <= k + 1 spends the rest); a rule below Ville's threshold
 * 2 / alpha can exceed it at large k, so such a design must stop by the last k where it holds (bench/design-
 * alternatives.ts). Not checked: the caller's values are taken as they are.
 */
export function truncatedBoundaryTable(crosses: Crosses, alpha: number, maxDiscordant: number): TruncatedDesignTable {
  const crossed = new Float64Array(maxDiscordant + 1);
  const critical = new Int32Array(maxDiscordant + 1);
  walkSigns({ crosses }, maxDiscordant, (k, spent, alive) => {
    crossed[k] = spent;
    critical[k] = finalLookCritical(k, spent, alive, alpha);
  });
  return { crossed, critical };
}

/**
 * The one-sided p-value of the truncated design at its final look, for a path that has not crossed: crossed[k] +
 * P0(not crossed, wins >= the observed wins), with k = wins + losses (the stagewise ordering; see
 * {@link truncatedDesignTable}); at most alpha / 2 exactly when wins >= critical[k].
 *
 * @example truncatedDesignPValue(9, 1, 2 / 3, 0.05) // 0.010742...: no crossing by k = 10 (E = (4/3)^9 (2/3) < 40), P0(wins >= 9) = 11 / 1024
 */
export function truncatedDesignPValue(wins: number, losses: number, share: number, alpha: number): number {
  return truncatedBoundaryPValue(designCrosses(share, alpha), wins, losses);
}

/** {@link truncatedDesignPValue} for any boundary rule `crosses` (as {@link truncatedBoundaryTable}). */
export function truncatedBoundaryPValue(crosses: Crosses, wins: number, losses: number): number {
  let p = 1;
  walkSigns({ crosses }, wins + losses, (k, spent, alive) => {
    if (k < wins + losses) return;
    let tail = 0;
    for (let w = wins; w <= k; w++) tail += alive[w]!;
    p = spent + tail;
  });
  return Math.min(1, p);
}

/** What a truncated boundary does at a true share of discordant pairs, per number k of them (see below). */
export interface TruncatedBoundaryWalk {
  /**
   * rejected[k]: P(the tested side rejects when the design is truncated at k discordant pairs): its e-value crossed
   * within k pairs before the other side's did, or neither crossed and the wins at k reach critical[k].
   */
  readonly rejected: Float64Array;
  /** alive[k]: P(neither side has crossed within the first k discordant pairs). */
  readonly alive: Float64Array;
}

/**
 * The walk of the discordant pairs' signs at a true share `share` on the tested side, absorbed at both sides'
 * boundaries `crosses` and judged at each k by the final look of {@link truncatedBoundaryTable}: the power of the
 * design truncated at k discordant pairs, and the chance it is still running there. O(maxDiscordant^2) time.
 * Not checked: the caller's values are taken as they are.
 */
export function truncatedBoundaryWalk(
  crosses: Crosses,
  { share, alpha, maxDiscordant }: { share: number; alpha: number; maxDiscordant: number },
): TruncatedBoundaryWalk {
  const { critical } = truncatedBoundaryTable(crosses, alpha, maxDiscordant);
  const rejected = new Float64Array(maxDiscordant + 1);
  const alive = new Float64Array(maxDiscordant + 1);
  walkSigns({ crosses, up: share, bothSides: true }, maxDiscordant, (k, crossed, open) => {
    let tail = 0;
    let total = 0;
    for (let w = 0; w <= k; w++) {
      total += open[w]!;
      if (w >= critical[k]!) tail += open[w]!;
    }
    rejected[k] = crossed + tail;
    alive[k] = total;
  });
  return { rejected, alive };
}

/** Options of {@link truncatedDesignPlan}: the design alternative, the level and the power wanted. */
export interface TruncatedDesignPlanOptions extends PairedSequenceDesign {
  /** Level of the two-sided gate (alpha / 2 per side). @default 0.05 */
  readonly alpha?: number;
  /** Probability of showing the drop when the design alternative holds. @default 0.8 */
  readonly power?: number;
  /** Largest maximum considered (the computation is O(limit^2)). @default 20000 */
  readonly limit?: number;
}

/** The truncated design of {@link truncatedDesignPlan}: its maximum and what it costs at the design alternative. */
export interface TruncatedDesignPlan {
  /** The maximum N (items, every one a pair): the fewest at which the design reaches the power. */
  readonly maxItems: number;
  /** Its power at the design alternative (>= the power asked for). */
  readonly power: number;
  /** E min(T, N), the items a run uses on average at the design alternative (T: the first crossing, either side). */
  readonly expectedItems: number;
}

/**
 * The smallest maximum N at which the truncated design (the design e-values monitored after every pair, each side
 * rejecting when its e-value reaches 2 / alpha, the final look of {@link truncatedDesignTable} at N) shows a
 * drop of `difference` at discordance `discordance` with at least `power`, and the items it uses on average there.
 * Exact, not simulated: with q1 the design's share of discordant pairs (p10 = (ψ + δ)/2, p01 = (ψ - δ)/2),
 * K_n ~ Bin(n, ψ) discordant pairs among n items and the signs a walk absorbed at both sides' boundaries,
 *
 *   power(N) = Σ_k P(K_N = k) [P1(crossed on the drop side by k) + P1(alive at k, wins >= critical[k])],
 *   E min(T, N) = Σ_{n < N} Σ_k P(K_n = k) P1(alive at k).
 *
 * The plan of `verdict run --stop-early` with a `stopping.design`; bench/scenarios/sequential-calibration.ts checks
 * it against simulated runs.
 *
 * @throws {RangeError} for a design out of range (see {@link designDiscordantShare}), alpha or power outside
 *   (0, 1), or no N up to `limit` reaching the power
 * @example truncatedDesignPlan({ difference: 0.05, discordance: 0.15, power: 0.8 }) // { maxItems: 522, power: 0.8002..., expectedItems: 358.59... }
 */
export function truncatedDesignPlan(options: TruncatedDesignPlanOptions): TruncatedDesignPlan {
  const fn = 'truncatedDesignPlan';
  assertOptions(fn, options);
  const share = designDiscordantShare(fn, options);
  const { discordance: psi, alpha = 0.05, power = 0.8, limit = 20000 } = options;
  assertOpenProbability(fn, 'alpha', alpha);
  assertOpenProbability(fn, 'power', power);
  assertPositiveInteger(fn, 'limit', limit);
  return truncatedBoundaryPlan(designCrosses(share, alpha), { share, discordance: psi, alpha, power, limit, fn });
}

/**
 * The plan of {@link truncatedDesignPlan} for any boundary rule `crosses` (the same final look, spending what its
 * crossings leave), at the true share `share` of discordant pairs on the drop side and discordance `discordance`:
 * so that other e-values (a mixture over the alternative, say) can be compared exactly with the design's
 * (bench/design-alternatives.ts). Not checked: the caller's values are taken as they are.
 */
export function truncatedBoundaryPlan(
  crosses: Crosses,
  {
    share,
    discordance: psi,
    alpha,
    power,
    limit,
    fn = 'truncatedBoundaryPlan',
  }: { share: number; discordance: number; alpha: number; power: number; limit: number; fn?: string },
): TruncatedDesignPlan {
  for (let size = Math.min(256, limit); ; size = Math.min(2 * size, limit)) {
    const { rejected, alive } = truncatedBoundaryWalk(crosses, { share, alpha, maxDiscordant: size });
    const discordant = new Float64Array(size + 1);
    discordant[0] = 1;
    let expectedItems = 0;
    for (let n = 1; n <= size; n++) {
      let survive = 0;
      for (let k = 0; k < n; k++) survive += discordant[k]! * alive[k]!;
      expectedItems += survive;
      for (let k = n; k >= 1; k--) discordant[k] = (1 - psi) * discordant[k]! + psi * discordant[k - 1]!;
      discordant[0] = (1 - psi) * discordant[0]!;
      let reached = 0;
      for (let k = 0; k <= n; k++) reached += discordant[k]! * rejected[k]!;
      if (reached >= power) return { maxItems: n, power: reached, expectedItems };
    }
    if (size === limit) {
      throw new RangeError(`${fn}: no maximum up to ${limit} items reaches power ${power}; raise \`limit\``);
    }
  }
}
