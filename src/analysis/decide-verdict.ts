import type { IncompleteReason, Policy, VerdictKind } from '../schema/verdict-document';
import { checkedAt } from './checked-at';

/** Machine-readable reasons for a verdict (docs/decision.md; reports turn them into words). */
export const VERDICT_REASONS = {
  /** The data are not what was planned (see the comparison's `incomplete` list). */
  incomplete: 'incomplete',
  /** no-regression: p <= alpha, d < 0 and d <= -margin. */
  significantDrop: 'significant-drop',
  /** p <= alpha, d > 0 and d >= margin. */
  significantGain: 'significant-gain',
  /** margin > 0 and the whole interval lies within [-margin, margin]. */
  equivalent: 'within-margin',
  /** p <= alpha, but |d| is below the margin and the interval is not within it. */
  belowMargin: 'significant-below-margin',
  /** Not significant, and the eval could detect the reference effect with the target power. */
  noSignificantDifference: 'no-significant-difference',
  /** Not significant, and the eval could not detect the reference effect with the target power. */
  underpowered: 'underpowered',
  /** non-inferiority: the upper bound is below -margin. */
  upperBelowMargin: 'upper-bound-below-margin',
  /** non-inferiority: the lower bound clears -margin, and no gain or equivalence shown. */
  nonInferior: 'non-inferior',
  /** non-inferiority: the interval reaches below -margin. */
  intervalCrossesMargin: 'interval-crosses-margin',
} as const;
export type VerdictReason = (typeof VERDICT_REASONS)[keyof typeof VERDICT_REASONS];

/** What the rule looks at: the difference (candidate minus baseline), its interval, the p-value, the power. */
export interface VerdictEvidence {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  /** The test's p-value, adjusted for multiplicity where the caller adjusts it (dual to the interval). */
  readonly pValue: number;
  /** Power of the test against the reference effect (margin, or `policy.detectableEffect`); null: no check. */
  readonly powerAtEffect: number | null;
  /** Why the data are incomplete; empty when they are complete. */
  readonly incomplete?: readonly IncompleteReason[];
}

/**
 * The gate's rule (docs/decision.md, the table in section 3), with d the estimate, [L, U] the interval dual to
 * the test, p the test's (adjusted) p-value, m the margin and "significant" p <= alpha:
 *
 * 1. `incomplete` when the data are not what was planned (missing results; checked first, so nothing is
 *    decided on data that are not there).
 * 2. non-inferiority only: `regressed` if U < -m; `inconclusive` unless L > -m.
 * 3. no-regression only: `regressed` if significant, d < 0 and d <= -m.
 * 4. `improved` if significant, d > 0 and d >= m.
 * 5. `equivalent` if m > 0 and -m <= L and U <= m.
 * 6. non-inferiority: `non-inferior` (L > -m held).
 * 7. `below-margin` if significant (a real difference smaller than the margin).
 * 8. `underpowered` if the power against the reference effect is below the target; else
 *    `no-significant-difference`.
 *
 * @example decideVerdict({ estimate: -0.06, lower: -0.1, upper: -0.02, pValue: 0.004, powerAtEffect: 0.9 }, { alpha: 0.05, margin: 0, require: 'no-regression', targetPower: 0.8 }) // { verdict: 'regressed', reason: 'significant-drop' }
 */
export function decideVerdict(
  { estimate: d, lower, upper, pValue: p, powerAtEffect, incomplete = [] }: VerdictEvidence,
  { alpha, margin: m, require, targetPower }: Pick<Policy, 'alpha' | 'margin' | 'require' | 'targetPower'>,
): { verdict: VerdictKind; reason: VerdictReason } {
  if (incomplete.length > 0) return { verdict: 'incomplete', reason: VERDICT_REASONS.incomplete };
  const significant = p <= alpha;
  if (require === 'non-inferiority') {
    if (upper < -m) return { verdict: 'regressed', reason: VERDICT_REASONS.upperBelowMargin };
    if (!(lower > -m)) return { verdict: 'inconclusive', reason: VERDICT_REASONS.intervalCrossesMargin };
  } else if (significant && d < 0 && d <= -m) {
    return { verdict: 'regressed', reason: VERDICT_REASONS.significantDrop };
  }
  if (significant && d > 0 && d >= m) return { verdict: 'improved', reason: VERDICT_REASONS.significantGain };
  if (m > 0 && -m <= lower && upper <= m) return { verdict: 'equivalent', reason: VERDICT_REASONS.equivalent };
  if (require === 'non-inferiority') return { verdict: 'non-inferior', reason: VERDICT_REASONS.nonInferior };
  if (significant) return { verdict: 'below-margin', reason: VERDICT_REASONS.belowMargin };
  if (powerAtEffect !== null && powerAtEffect < targetPower) {
    return { verdict: 'underpowered', reason: VERDICT_REASONS.underpowered };
  }
  return { verdict: 'no-significant-difference', reason: VERDICT_REASONS.noSignificantDifference };
}

/**
 * How much a verdict weighs when several are summarised in one (the worst wins): what fails the gate first,
 * then what could not tell, then the rest.
 */
const SEVERITY: Readonly<Record<VerdictKind, number>> = {
  regressed: 8,
  incomplete: 7,
  inconclusive: 6,
  underpowered: 5,
  'no-significant-difference': 4,
  'below-margin': 3,
  'non-inferior': 2,
  equivalent: 1,
  improved: 0,
};

/**
 * The index of the worst of several verdicts (the overall verdict over several candidates), by `SEVERITY`;
 * the first among equals.
 */
export function worstVerdictIndex(verdicts: readonly VerdictKind[]): number {
  let worst = 0;
  verdicts.forEach((verdict, i) => {
    if (SEVERITY[verdict] > SEVERITY[checkedAt(verdicts, worst, 'verdicts')]) worst = i;
  });
  return worst;
}
