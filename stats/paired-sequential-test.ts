import { advancePairedSequence } from './advance-paired-sequence';
import { initialPairedSequence } from './initial-paired-sequence';
import { type PairedConfidenceSequence, pairedConfidenceSequence } from './paired-confidence-sequence';
import { pairedOutcomeValue } from './paired-outcome-value';
import type { PairedSequenceOptions, PairedSequenceState } from './paired-sequence-types';
import { assertOptions, assertSameLength, describeValue } from './validate';

/** The result of {@link pairedSequentialTest}: the state after the last pair and the confidence sequence there. */
export interface PairedSequentialTestResult extends PairedSequenceState {
  readonly interval: PairedConfidenceSequence;
}

/**
 * Anytime-valid sequential test and confidence sequence for the mean paired difference d = E[candidate -
 * baseline] of two variants scored on the same items, over outcomes listed in the order the pairs completed: the
 * state {@link updatePairedSequence} reaches after the last pair, and {@link pairedConfidenceSequence} there.
 *
 * Method (Waudby-Smith & Ramdas 2024, "Estimating means of bounded random variables by betting", JRSS-B
 * 86(1):1-27): for each null value c and side, the e-value is the wealth of a bettor who stakes a constant
 * fraction λ of their wealth on D_i - c at every pair, averaged over a uniform prior on λ (Robbins' 1970 method of
 * mixtures; Cover's 1991 universal portfolio), E_n(c) = ∫ Π_{i <= n} (1 + λ (D_i - c)) dπ(λ). Under the null it is
 * a nonnegative supermartingale, so by Ville's inequality (1939) P(E_n(c) >= 2/alpha for some n) <= alpha / 2:
 * the error rate holds when the data are checked after every pair and the run stopped whenever the answer looks
 * clear. Binary outcomes use the exact wealth, which at c = 0 is the Beta(1, 1) mixture likelihood ratio on the
 * discordant pairs (the McNemar null; Howard, Ramdas, McAuliffe & Sekhon 2021, Ann. Statist. 49(2):1055-1080);
 * bounded scores use Fan, Grama & Liu's (2015) lower bound of it, a function of the mean and variance of D. The
 * formulas, and the prior's range, are in stats/betting-log-e-value.ts.
 *
 * Tests (`tests`), with margin m >= 0 (`margin`); each spends alpha / 2 and is rejected when its pValue <= alpha:
 * - `drop`: H0 d >= 0 vs d < 0; `gain`: H0 d <= 0 vs d > 0. Together the two-sided test of no difference at level
 *   alpha (two-sided anytime p = min of their p-values).
 * - `nonInferiority`: H0 d <= -m vs d > -m (the margin shifts the null to -m); `nonSuperiority`: H0 d >= m vs
 *   d < m. Equivalence within ±m is both rejected (two one-sided tests, Schuirmann 1987; an intersection-union test,
 *   so level alpha / 2 with no further adjustment, and valid with each rejection at its own n).
 * - `dropBeyondMargin`: H0 d >= -m vs d < -m; `gainBeyondMargin`: H0 d <= m vs d > m.
 * Each rejection is the interval leaving its null value: `drop` is U < 0, `nonInferiority` L > -m, and so on.
 *
 * For binary outcomes each e-value at n depends on the 2x2 table only, so any order of the same pairs gives the
 * same final e-values and interval; `maxLogEValue`, `pValue` and `rejectedAt` follow the path, so pass the pairs
 * in completion order. Bounded scores: the same with the mean and variance in place of the table.
 *
 * @param baseline the baseline's outcome per item: binary, booleans or 0/1; bounded, scores in `bounds`
 * @param candidate the candidate's outcome on the same items, in the same order
 * @throws {TypeError} if an argument is not an array, `options` not an object, or an outcome of the wrong kind
 * @throws {RangeError} if the lengths differ, an option is out of range (see {@link startPairedSequence}) or an
 *   outcome is outside its range (naming its index)
 * @example pairedSequentialTest(Array(10).fill(false), Array(10).fill(true)).tests.gain.rejectedAt // 8: E_n(0) = (2^(n+1) - 1)/(n + 1) first reaches 2/alpha = 40 at n = 8
 */
export function pairedSequentialTest(
  baseline: readonly (boolean | number)[],
  candidate: readonly (boolean | number)[],
  options: PairedSequenceOptions = {},
): PairedSequentialTestResult {
  const fn = 'pairedSequentialTest';
  if (!Array.isArray(baseline))
    throw new TypeError(`${fn}: \`baseline\` must be an array, got ${describeValue(baseline)}`);
  if (!Array.isArray(candidate)) {
    throw new TypeError(`${fn}: \`candidate\` must be an array, got ${describeValue(candidate)}`);
  }
  assertSameLength(fn, ['baseline', 'candidate'], baseline, candidate);
  assertOptions(fn, options);
  let state = initialPairedSequence(fn, options);
  for (let i = 0; i < baseline.length; i++) {
    const a = pairedOutcomeValue(fn, `baseline[${i}]`, baseline[i], state);
    const b = pairedOutcomeValue(fn, `candidate[${i}]`, candidate[i], state);
    state = advancePairedSequence(state, a, b);
  }
  return { ...state, interval: pairedConfidenceSequence(state) };
}
