import { type BinaryDifferenceCounts, type BoundedDifferenceMoments, bettingLogEValue } from './betting-log-e-value';
import { calibratedCrosses } from './calibrated-design-plan';
import { designLogLikelihoodRatio } from './design-likelihood-ratio';
import type { PairedSequenceState, PairedSequenceTruncation, SequentialTest } from './paired-sequence-types';
import { truncatedBoundaryPValue } from './truncated-design-look';
import type { PairedTable } from './types';

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
  const truncation = design?.truncation;
  const [drop, gain] =
    truncation !== undefined && state.table !== null && table !== null
      ? advanceTruncated(truncation, design!.share, state.table, table, { n, alpha: state.alpha }, [
          tests.drop,
          tests.gain,
        ])
      : [advance(tests.drop), advance(tests.gain)];
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

/**
 * `drop` and `gain` of the calibrated truncated design (stats/calibrated-design-plan.ts): before K discordant pairs
 * each rejects at the first pair its likelihood ratio reaches the threshold t (its `pValue` is alpha t / max E,
 * at most alpha exactly when it has: the crossing on the gate's scale, not a p-value); at the K-th discordant
 * pair a test not yet rejected takes the final exact look (rejects when its wins reach the critical value; `pValue`
 * twice the stagewise p-value P0(crossed within K) + P0(not crossed, wins >= observed)); after it both are frozen,
 * as the design's level holds up to K discordant pairs only.
 */
function advanceTruncated(
  truncation: PairedSequenceTruncation & { readonly critical: number },
  share: number,
  before: Required<PairedTable>,
  table: Required<PairedTable>,
  { n, alpha }: { n: number; alpha: number },
  [drop, gain]: readonly [SequentialTest, SequentialTest],
): [SequentialTest, SequentialTest] {
  const { threshold, maxDiscordant: K, critical } = truncation;
  if (before.n10 + before.n01 >= K) return [drop, gain];
  const crosses = calibratedCrosses(share, threshold);
  const atEnd = table.n10 + table.n01 === K;
  const step = (test: SequentialTest, wins: number, losses: number): SequentialTest => {
    if (table.n10 + table.n01 === before.n10 + before.n01) return test; // a tied pair changes nothing
    const logEValue = designLogLikelihoodRatio(wins, losses, share);
    const maxLogEValue = Math.max(test.maxLogEValue, logEValue);
    if (test.rejectedAt !== null) return { ...test, logEValue, maxLogEValue };
    // alpha t / max E: at most alpha exactly when the threshold t has been reached (clamped against rounding).
    const scaled = Math.min(1, alpha * threshold * Math.exp(-maxLogEValue));
    if (crosses(wins, losses))
      return { ...test, logEValue, maxLogEValue, pValue: Math.min(scaled, alpha), rejectedAt: n };
    if (atEnd) {
      const pValue = Math.min(1, 2 * truncatedBoundaryPValue(crosses, wins, losses));
      return { ...test, logEValue, maxLogEValue, pValue, rejectedAt: wins >= critical ? n : null };
    }
    return { ...test, logEValue, maxLogEValue, pValue: scaled };
  };
  return [step(drop, table.n10, table.n01), step(gain, table.n01, table.n10)];
}
