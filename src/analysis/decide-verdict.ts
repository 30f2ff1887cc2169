import type { Policy, VerdictKind } from '../../reports/verdict-document';

/** Machine-readable reasons for a verdict (docs/decision.md; reports turn them into words). */
export const VERDICT_REASONS = {
  /** no-regression: p <= alpha, d < 0 and d <= -margin. */
  significantDrop: 'significant-drop',
  /** p <= alpha, d > 0 and d >= margin. */
  significantGain: 'significant-gain',
  /** margin > 0 and the whole interval lies within [-margin, margin]. */
  equivalent: 'within-margin',
  /** no-regression: none of the above. */
  noSignificantDifference: 'no-significant-difference',
  /** non-inferiority: the upper bound is below -margin. */
  upperBelowMargin: 'upper-bound-below-margin',
  /** non-inferiority: the lower bound clears -margin, and no gain or equivalence shown. */
  nonInferior: 'non-inferior',
  /** non-inferiority: the interval straddles -margin. */
  intervalCrossesMargin: 'interval-crosses-margin',
} as const;
export type VerdictReason = (typeof VERDICT_REASONS)[keyof typeof VERDICT_REASONS];

/** What the rule looks at: the difference (candidate minus baseline), its interval, the p-value. */
export interface VerdictEvidence {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  /** The test's p-value, adjusted for multiplicity where the caller adjusts it. */
  readonly pValue: number;
}

/**
 * The gate's rule (docs/decision.md), with d the estimate, [L, U] the interval, p the p-value and m
 * the margin:
 * - no-regression: `regressed` if p <= alpha, d < 0 and d <= -m; `improved` if p <= alpha, d > 0 and
 *   d >= m; `equivalent` if m > 0 and -m <= L and U <= m; otherwise `no-change`.
 * - non-inferiority: `regressed` if U < -m; when L > -m, improved / equivalent / no-change as above;
 *   otherwise `inconclusive`.
 *
 * @example decideVerdict({ estimate: -0.06, lower: -0.1, upper: -0.02, pValue: 0.004 }, { alpha: 0.05, margin: 0, require: 'no-regression' }) // { verdict: 'regressed', reason: 'significant-drop' }
 */
export function decideVerdict(
  { estimate: d, lower, upper, pValue: p }: VerdictEvidence,
  { alpha, margin: m, require }: Pick<Policy, 'alpha' | 'margin' | 'require'>,
): { verdict: VerdictKind; reason: VerdictReason } {
  const significant = p <= alpha;
  if (require === 'non-inferiority') {
    if (upper < -m) return { verdict: 'regressed', reason: VERDICT_REASONS.upperBelowMargin };
    if (!(lower > -m)) return { verdict: 'inconclusive', reason: VERDICT_REASONS.intervalCrossesMargin };
  } else if (significant && d < 0 && d <= -m) {
    return { verdict: 'regressed', reason: VERDICT_REASONS.significantDrop };
  }
  if (significant && d > 0 && d >= m) return { verdict: 'improved', reason: VERDICT_REASONS.significantGain };
  if (m > 0 && -m <= lower && upper <= m) return { verdict: 'equivalent', reason: VERDICT_REASONS.equivalent };
  const reason = require === 'non-inferiority' ? VERDICT_REASONS.nonInferior : VERDICT_REASONS.noSignificantDifference;
  return { verdict: 'no-change', reason };
}

const SEVERITY: Readonly<Record<VerdictKind, number>> = {
  regressed: 2,
  inconclusive: 1,
  improved: 0,
  'no-change': 0,
  equivalent: 0,
};

/**
 * The index of the worst of several verdicts: regressed, then inconclusive, then the first of the rest
 * (the overall verdict over several candidates).
 */
export function worstVerdictIndex(verdicts: readonly VerdictKind[]): number {
  let worst = 0;
  for (let i = 1; i < verdicts.length; i++) if (SEVERITY[verdicts[i]!] > SEVERITY[verdicts[worst]!]) worst = i;
  return worst;
}
