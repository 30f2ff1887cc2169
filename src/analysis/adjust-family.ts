import { adjustPValues } from '../../stats/index';
import type { Policy } from '../schema/verdict-document';
import { checkedAt } from './checked-at';

/** A family of comparisons adjusted together: each member's adjusted p-value and the level of its interval. */
export interface AdjustedFamily {
  /** Adjusted p-values (R p.adjust), in the members' order. */
  readonly pValues: number[];
  /** Per member, the alpha its dual interval is built at (its interval's confidence is 1 - this). */
  readonly levels: number[];
  /** The correction that was applied (Bonferroni where a simultaneous interval was required). */
  readonly correction: Policy['correction'];
}

export interface AdjustFamilyOptions {
  readonly alpha: number;
  readonly correction: Policy['correction'];
  /**
   * The decision reads each interval against a margin (non-inferiority or equivalence), so the intervals must
   * cover simultaneously: the family is then adjusted by Bonferroni, whose single-step intervals at level
   * 1 - alpha/K do (step-wise procedures have no informative simultaneous intervals: Strassburger & Bretz 2008,
   * Stat Med 27:4914). @default false
   */
  readonly simultaneous?: boolean;
}

/**
 * Adjust a family of K tests (candidates against one baseline, or the slices of one field) so that each
 * member's verdict, adjusted p-value and interval agree: member i is significant (adjusted p <= alpha) exactly
 * when its dual interval at level 1 - level_i excludes 0. With p_(1) <= ... <= p_(K):
 *
 * - `bonferroni`: level alpha/K for all.
 * - `holm` (step-down): the r first rejected, each at its own step's alpha/(K - i + 1); the rest at
 *   alpha/(K - r), the step where the procedure stopped (p_(i) >= p_(r+1) > alpha/(K - r) for them).
 * - `hochberg` (step-up): with J the last i such that p_(i) <= alpha/(K - i + 1), the first J at alpha/(K - J + 1)
 *   (p_(i) <= p_(J)); the others at their own alpha/(K - i + 1), which they miss.
 * - `bh` / `by`: with R rejected, every member at R alpha'/K (alpha' = alpha / sum_{j <= K} 1/j for `by`),
 *   Benjamini & Yekutieli's (2005, JASA 100:71) false-coverage-rate intervals; alpha'/K when R = 0.
 * - `none`: alpha for all.
 *
 * The adjusted p-values are R's p.adjust of the same method, so "adjusted p <= alpha" is that procedure's
 * rejection; the levels make the intervals say the same.
 *
 * @example adjustFamily([0.01, 0.04], { alpha: 0.05, correction: 'holm' }).levels // [0.025, 0.05]
 */
export function adjustFamily(
  pValues: readonly number[],
  { alpha, correction, simultaneous = false }: AdjustFamilyOptions,
): AdjustedFamily {
  const k = pValues.length;
  const method: Policy['correction'] = simultaneous && k > 1 && correction !== 'none' ? 'bonferroni' : correction;
  if (method === 'none' || k <= 1) return { pValues: [...pValues], levels: pValues.map(() => alpha), correction };
  const adjusted = adjustPValues(pValues, method);
  const order = pValues
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p - b.p || a.i - b.i)
    .map(({ i }) => i);
  const levels = new Array<number>(k).fill(alpha / k);
  // Which members the procedure rejects, read off the adjusted p-values, so the levels agree with the verdicts
  // (adjusted p <= alpha) even where rounding puts a p-value on a step's boundary.
  const rejected = adjusted.filter((p) => p <= alpha).length;
  if (method === 'holm') {
    order.forEach((member, rank) => {
      levels[member] = rank < rejected ? alpha / (k - rank) : alpha / (k - rejected);
    });
  } else if (method === 'hochberg') {
    order.forEach((member, rank) => {
      levels[member] = rank < rejected ? alpha / (k - rejected + 1) : alpha / (k - rank);
    });
  } else if (method === 'bh' || method === 'by') {
    const scaled = method === 'by' ? alpha / harmonic(k) : alpha;
    levels.fill((Math.max(1, rejected) * scaled) / k);
  }
  return { pValues: adjusted, levels, correction: method };
}

function harmonic(k: number): number {
  let sum = 0;
  for (let j = 1; j <= k; j++) sum += 1 / j;
  return sum;
}

/** Member `i` of a family: its adjusted p-value and the level its interval is built at. */
export function familyMember(family: AdjustedFamily, i: number): { adjustedPValue: number; level: number } {
  return { adjustedPValue: checkedAt(family.pValues, i, 'pValues'), level: checkedAt(family.levels, i, 'levels') };
}
