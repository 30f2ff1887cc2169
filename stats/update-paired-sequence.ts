import { advancePairedSequence } from './advance-paired-sequence';
import { pairedOutcomeValue } from './paired-outcome-value';
import type { PairedSequenceState } from './paired-sequence-types';
import { describeValue } from './validate';

const METHODS = ['betting-mixture', 'betting-mixture-eb'];

/**
 * The sequential comparison after one more completed pair (the baseline's and the candidate's outcome on the same
 * item), as a new state: pure, the old state unchanged, O(1) time and memory per pair whatever n is (the
 * e-values depend on the 2x2 table, or on the count, mean and squared deviations of the differences, never on a
 * stored list). Feed pairs in the order they complete: every test's e-value is valid at every n, so a runner may
 * check the state after each pair and stop as soon as a test of interest is rejected (`rejectedAt` not null),
 * without inflating its error rate (see {@link pairedSequentialTest} for the method and what each test tests).
 *
 * @param state from {@link startPairedSequence} or a previous update
 * @param baseline the baseline's outcome: binary, true/false or 1/0; bounded, a score in the state's bounds
 * @param candidate the candidate's outcome on the same item
 * @throws {TypeError} if `state` is not a sequence state or an outcome is of the wrong kind
 * @throws {RangeError} if a binary outcome is a number other than 0/1, or a score is outside the bounds
 * @example updatePairedSequence(startPairedSequence(), true, false).tests.drop.logEValue // 0.4054651081081642 (log 3/2 = log ∫_0^1 (1 + u) du)
 */
export function updatePairedSequence(
  state: PairedSequenceState,
  baseline: boolean | number,
  candidate: boolean | number,
): PairedSequenceState {
  const fn = 'updatePairedSequence';
  if (typeof state !== 'object' || state === null || !METHODS.includes((state as { method?: string }).method!)) {
    throw new TypeError(
      `${fn}: \`state\` must come from startPairedSequence or updatePairedSequence, got ${describeValue(state)}`,
    );
  }
  const a = pairedOutcomeValue(fn, 'baseline', baseline, state);
  const b = pairedOutcomeValue(fn, 'candidate', candidate, state);
  return advancePairedSequence(state, a, b);
}
