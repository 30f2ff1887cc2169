import { type BinaryDifferenceCounts, type BoundedDifferenceMoments, bettingLogEValue } from './betting-log-e-value';
import { designLogLikelihoodRatio } from './design-likelihood-ratio';
import type { PairedSequenceState, SequentialTest } from './paired-sequence-types';

/**
 * The state after one more pair (outcomes already checked and, for binary ones, turned into 0/1): the 2x2 table
 * or Welford's running mean and squared deviations of D = candidate - baseline, then each test's e-value at the new
 * n, its running maximum, its p-value min(1, 2 / max e-value) and, the first time that p-value is at or below
 * alpha, the n at which it was (with a design, the tests at c = 0 use its likelihood ratio). For binary outcomes
 * the e-values at c = 0 depend on the discordant pairs only, so a tied pair keeps them (exactly what recomputing
 * would give). Internal helper of `updatePairedSequence` and `pairedSequentialTest`.
 *
 * @example advancePairedSequence(startPairedSequence(), 1, 0).table // { n11: 0, n10: 1, n01: 0, n00: 0 }
 */
export function advancePairedSequence(
  state: PairedSequenceState,
  baseline: number,
  candidate: number,
): PairedSequenceState {
  const difference = candidate - baseline;
  const n = state.n + 1;
  let { table, meanDifference, sumSquaredDeviations } = state;
  let statistics: BinaryDifferenceCounts | BoundedDifferenceMoments;
  if (table !== null) {
    table = {
      n11: table.n11 + (baseline === 1 && candidate === 1 ? 1 : 0),
      n10: table.n10 + (difference === -1 ? 1 : 0),
      n01: table.n01 + (difference === 1 ? 1 : 0),
      n00: table.n00 + (baseline === 0 && candidate === 0 ? 1 : 0),
    };
    // From the counts, so no rounding accumulates over 10^7 pairs.
    const discordant = table.n01 + table.n10;
    meanDifference = (table.n01 - table.n10) / n;
    sumSquaredDeviations = Math.max(0, discordant - n * meanDifference * meanDifference);
    statistics = { kind: 'binary', n01: table.n01, n10: table.n10, nTied: table.n11 + table.n00 };
  } else {
    const delta = difference - meanDifference;
    meanDifference += delta / n;
    sumSquaredDeviations += delta * (difference - meanDifference);
    const [a, b] = state.bounds;
    statistics = { kind: 'bounded', n, mean: meanDifference, sumSquaredDeviations, range: 2 * (b - a) };
  }
  const keepsTiedValue = table !== null && difference === 0;
  const { design } = state;
  const eValueAt = (test: SequentialTest): number => {
    if (keepsTiedValue && test.nullValue === 0) return test.logEValue;
    if (design !== null && table !== null && test.nullValue === 0) {
      const [wins, losses] = test.alternative === 'less' ? [table.n10, table.n01] : [table.n01, table.n10];
      return designLogLikelihoodRatio(wins, losses, design.share);
    }
    return bettingLogEValue(statistics, test.nullValue, test.alternative);
  };
  const advance = (test: SequentialTest): SequentialTest => {
    const logEValue = eValueAt(test);
    const maxLogEValue = Math.max(test.maxLogEValue, logEValue);
    const pValue = Math.min(1, 2 * Math.exp(-maxLogEValue));
    const rejectedAt = test.rejectedAt ?? (pValue <= state.alpha ? n : null);
    return { nullValue: test.nullValue, alternative: test.alternative, logEValue, maxLogEValue, pValue, rejectedAt };
  };
  const { tests } = state;
  const drop = advance(tests.drop);
  const gain = advance(tests.gain);
  const withMargin = state.margin > 0;
  return {
    method: state.method,
    outcome: state.outcome,
    bounds: state.bounds,
    alpha: state.alpha,
    margin: state.margin,
    design,
    n,
    table,
    meanDifference,
    sumSquaredDeviations,
    tests: {
      drop,
      gain,
      nonInferiority: withMargin ? advance(tests.nonInferiority) : gain,
      nonSuperiority: withMargin ? advance(tests.nonSuperiority) : drop,
      dropBeyondMargin: withMargin ? advance(tests.dropBeyondMargin) : drop,
      gainBeyondMargin: withMargin ? advance(tests.gainBeyondMargin) : gain,
    },
  };
}
