import {
  type PairedSequenceDesign,
  type PairedSequenceState,
  type PairedSequenceTruncation,
  pairedConfidenceSequence,
  pairedSequenceDecision,
  pairedSequenceFinalLook,
  type SequentialTest,
  startPairedSequence,
  updatePairedSequence,
} from '../../stats/index';
import type {
  Interval,
  PairedComparison,
  Policy,
  SequentialEvidence,
  SequentialTestSummary,
} from '../schema/verdict-document';
import { perItemValues } from './analyse-pairs';
import { checkedAt } from './checked-at';
import type { PairedItems } from './pair-by-item';
import { pairCompletionOrder } from './pair-completion-order';
import type { PairedAnalysis } from './paired-analysis';

/**
 * The design a run stopped on (`stopping.design`, src/schema/stopping-policy.ts) and whether its last pair is the
 * truncated design's final look: the run reached its planned end (every item, or `maxItems`) undecided, an end
 * fixed before the run and not chosen from its data (stats/paired-sequence-final-look.ts).
 */
export interface StoppingDesign {
  /**
   * With `truncation` (`stopping.design.calibrated`): the calibrated truncated design, its tests crossing at the
   * threshold and ending with the final exact look at K discordant pairs (stats/calibrated-design-plan.ts), used
   * at the level it was planned at (at another level, for an interval of another confidence, the design's
   * likelihood ratio at Ville's 2 / alpha instead: the threshold is calibrated to one level).
   */
  readonly design: PairedSequenceDesign & {
    readonly truncation?: PairedSequenceTruncation & { readonly alpha: number };
  };
  readonly finalLook: boolean;
}

/**
 * The anytime-valid analysis of paired items (`policy.analysis` `sequential`, docs/decision.md "Sequential
 * analysis"): the betting e-value tests and confidence sequence of stats/paired-sequential-test.ts (Waudby-Smith &
 * Ramdas 2024), fed the pairs in the order they completed (`pairCompletionOrder`). Unlike the fixed-n analysis, its
 * error rates hold however often the results were looked at while the run progressed, and whenever it was
 * stopped (`verdict run --stop-early`, or by hand).
 *
 * The comparison it returns shows, as `test`, the two-sided anytime p-value min(p_drop, p_gain) (each one-sided
 * p-value min(1, 2 / its largest e-value so far), so it never rises), and, as `difference`, the running
 * intersection of the confidence sequence over every pair: a null value c is outside it exactly when a test at c
 * rejected at some pair, so the interval and the tests agree at 0 and at the margins, as the decision rule needs
 * (the intersection is empty only through an error of the sequence, probability at most alpha; then the interval
 * at the last pair is shown). Its estimate is the mean difference, clamped into the interval. The fixed-n test and
 * interval of the same pairs are kept first in `otherTests` and `otherIntervals`.
 *
 * Without a recorded order (order `none`) the path is unknown, so only the e-values at the last pair are used: each
 * is an e-value at that fixed n (Markov's inequality bounds its error by alpha / 2), and the binary ones depend on
 * the 2x2 table alone, the bounded ones on the mean and variance of the differences, never on the order.
 *
 * @param fixed the fixed-n analysis of the same pairs (`analysePairs`)
 * With the `stopping` design of the run the pairs came from (one sample per item), `drop` and `gain` are the
 * run's own: the likelihood ratio at the design alternative, and at a planned end the final look, so the analysis
 * of a finished run reaches the finding its monitor stopped on.
 *
 * @param design `binary` (one sample per item) or `binary-samples` (per-item pass rates, bounded in [0, 1])
 * @param stopping the run's stopping design, or null for the design-free mixture
 */
export function sequentialAnalysis(
  fixed: PairedAnalysis,
  pairs: PairedItems,
  design: Exclude<PairedComparison['design'], 'score'>,
  policy: Pick<Policy, 'alpha' | 'margin'>,
  stopping: StoppingDesign | null = null,
): PairedAnalysis {
  const { order, indices } = pairCompletionOrder(pairs);
  const values = perItemValues(pairs, design);
  const baseline = indices.map((i) => checkedAt(values.baseline, i, 'baseline'));
  const candidate = indices.map((i) => checkedAt(values.candidate, i, 'candidate'));
  const outcome = design === 'binary' ? ('binary' as const) : ('bounded' as const);
  const pairedAt = (alpha: number): PairedComparison => {
    const path = sequentialPath(baseline, candidate, {
      alpha,
      margin: policy.margin,
      outcome,
      ordered: order === 'finishedAt',
      stopping: outcome === 'binary' ? stopping : null,
    });
    const { state, difference, last } = path;
    const decision = pairedSequenceDecision(state);
    const fixedDifference = alpha === policy.alpha ? fixed.paired.difference : fixed.intervalAt(1 - alpha);
    const summary = (test: SequentialTest): SequentialTestSummary => ({
      pValue: test.pValue,
      rejectedAt: test.rejectedAt,
    });
    // With the run's design, drop and gain are its likelihood-ratio tests (the confidence sequence stays the mixture).
    const testMethod =
      stopping === null || outcome !== 'binary'
        ? state.method
        : state.design?.truncation !== undefined
          ? 'design-likelihood-ratio-calibrated'
          : stopping.finalLook
            ? 'design-likelihood-ratio-final-look'
            : 'design-likelihood-ratio';
    const evidence: SequentialEvidence = {
      method: testMethod,
      order,
      alpha,
      pairs: state.n,
      finding: decision?.finding ?? null,
      decidedAt: decision?.decidedAt ?? null,
      tests: {
        drop: summary(state.tests.drop),
        gain: summary(state.tests.gain),
        nonInferiority: summary(state.tests.nonInferiority),
        nonSuperiority: summary(state.tests.nonSuperiority),
      },
      lastInterval: toInterval(last),
      fixedN: { test: fixed.paired.test, difference: fixedDifference },
    };
    return {
      ...fixed.paired,
      difference,
      test: { method: testMethod, pValue: Math.min(state.tests.drop.pValue, state.tests.gain.pValue) },
      otherTests: [fixed.paired.test, ...fixed.paired.otherTests],
      otherIntervals: [fixedDifference, ...fixed.paired.otherIntervals],
      sequential: evidence,
    };
  };
  return {
    paired: pairedAt(policy.alpha),
    intervalAt: (confidence) => pairedAt(1 - confidence).difference,
    pairedAt,
  };
}

const toInterval = (cs: ReturnType<typeof pairedConfidenceSequence>): Interval => ({
  estimate: cs.estimate,
  lower: cs.lower,
  upper: cs.upper,
  confidence: cs.confidence,
  method: cs.method,
});

/**
 * The sequence over the pairs in order: the state after the last pair (with order unknown, each test judged on its
 * last e-value alone), the confidence sequence there, and the interval shown (the running intersection, or with
 * order unknown the last one).
 */
function sequentialPath(
  baseline: readonly number[],
  candidate: readonly number[],
  {
    alpha,
    margin,
    outcome,
    ordered,
    stopping,
  }: {
    alpha: number;
    margin: number;
    outcome: 'binary' | 'bounded';
    ordered: boolean;
    stopping: StoppingDesign | null;
  },
): { state: PairedSequenceState; difference: Interval; last: ReturnType<typeof pairedConfidenceSequence> } {
  let state = startPairedSequence({
    alpha,
    margin,
    outcome,
    ...(stopping === null ? {} : { design: designAt(stopping.design, alpha) }),
  });
  let lower = Number.NEGATIVE_INFINITY;
  let upper = Number.POSITIVE_INFINITY;
  for (let i = 0; i < baseline.length; i++) {
    state = updatePairedSequence(state, checkedAt(baseline, i, 'baseline'), checkedAt(candidate, i, 'candidate'));
    if (!ordered) continue;
    const cs = pairedConfidenceSequence(state);
    if (cs.lower > lower) lower = cs.lower;
    if (cs.upper < upper) upper = cs.upper;
  }
  const last = pairedConfidenceSequence(state);
  if (stopping?.finalLook && ordered && state.n > 0) state = pairedSequenceFinalLook(state);
  if (!ordered) {
    state = atLastPair(state);
    lower = last.lower;
    upper = last.upper;
  } else if (lower > upper) {
    lower = last.lower;
    upper = last.upper;
  }
  const estimate = Math.min(upper, Math.max(lower, state.meanDifference));
  return { state, difference: { estimate, lower, upper, confidence: 1 - alpha, method: state.method }, last };
}

/** The design at level `alpha`: a calibrated truncation only at the level it was planned at (see StoppingDesign). */
function designAt(design: StoppingDesign['design'], alpha: number): StoppingDesign['design'] {
  const { truncation } = design;
  return truncation !== undefined && Math.abs(truncation.alpha - alpha) < 1e-12 ? design : withoutCalibration(design);
}

/** The design's likelihood ratio at Ville's 2 / alpha: its calibrated truncation, if any, left out. */
export function withoutCalibration(design: StoppingDesign['design']): StoppingDesign['design'] {
  const { truncation: _calibrated, ...plain } = design;
  return plain;
}

/** The state with each test judged on its e-value at the last pair only (no running maximum: order unknown). */
function atLastPair(state: PairedSequenceState): PairedSequenceState {
  const judge = (test: SequentialTest): SequentialTest => {
    const pValue = Math.min(1, 2 * Math.exp(-test.logEValue));
    return {
      ...test,
      maxLogEValue: test.logEValue,
      pValue,
      rejectedAt: pValue <= state.alpha && state.n > 0 ? state.n : null,
    };
  };
  const t = state.tests;
  return {
    ...state,
    tests: {
      drop: judge(t.drop),
      gain: judge(t.gain),
      nonInferiority: judge(t.nonInferiority),
      nonSuperiority: judge(t.nonSuperiority),
      dropBeyondMargin: judge(t.dropBeyondMargin),
      gainBeyondMargin: judge(t.gainBeyondMargin),
    },
  };
}
