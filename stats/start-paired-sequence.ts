import { initialPairedSequence } from './initial-paired-sequence';
import type { PairedSequenceOptions, PairedSequenceState } from './paired-sequence-types';
import { assertOptions } from './validate';

/**
 * The state of an anytime-valid sequential comparison of two variants on paired items before the first pair, for
 * {@link updatePairedSequence} to advance pair by pair as items complete (a runner), or {@link
 * pairedSequentialTest} to run over arrays. The quantity is the mean paired difference d = E[candidate -
 * baseline] (binary: pB - pA = p01 - p10). {@link pairedSequentialTest} states the method, the six tests and how
 * the margin enters; stats/betting-log-e-value.ts has the formulas beside the code.
 *
 * @throws {TypeError} if `options` is not an object or `bounds` is not an array of two numbers
 * @throws {RangeError} if alpha is not in (0, 1), the outcome is unknown, the bounds are not finite with a < b (or
 *   not [0, 1] for binary outcomes), or the margin is negative or not below b - a
 * @example startPairedSequence({ margin: 0.02 }).tests.nonInferiority // { nullValue: -0.02, alternative: 'greater', logEValue: 0, maxLogEValue: 0, pValue: 1, rejectedAt: null }
 */
export function startPairedSequence(options: PairedSequenceOptions = {}): PairedSequenceState {
  const fn = 'startPairedSequence';
  assertOptions(fn, options);
  return initialPairedSequence(fn, options);
}
