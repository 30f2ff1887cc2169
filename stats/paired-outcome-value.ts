import type { PairedSequenceState } from './paired-sequence-types';
import { describeValue } from './validate';

/**
 * One outcome of a pair, checked against the state's outcome kind and returned as a number: binary, true/false or
 * 1/0 (as 1/0); bounded, a finite number inside the state's bounds. Errors name `fn` and the argument `name`
 * (e.g. `candidate[12]`). Internal helper of `updatePairedSequence` and `pairedSequentialTest`.
 *
 * @throws {TypeError} if a binary outcome is neither a boolean nor a number, or a bounded one is not a number
 * @throws {RangeError} if a binary outcome is a number other than 0 and 1, or a score is not finite or outside the bounds
 * @example pairedOutcomeValue('updatePairedSequence', 'baseline', true, startPairedSequence()) // 1
 */
export function pairedOutcomeValue(fn: string, name: string, value: unknown, state: PairedSequenceState): number {
  if (state.outcome === 'binary') {
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (typeof value !== 'number') {
      throw new TypeError(`${fn}: \`${name}\` must be a boolean or 0/1, got ${describeValue(value)} (${typeof value})`);
    }
    if (value !== 0 && value !== 1) throw new RangeError(`${fn}: \`${name}\` must be a boolean or 0/1, got ${value}`);
    return value;
  }
  if (typeof value !== 'number') {
    throw new TypeError(`${fn}: \`${name}\` must be a number, got ${describeValue(value)} (${typeof value})`);
  }
  const [a, b] = state.bounds;
  if (!(value >= a && value <= b)) {
    throw new RangeError(`${fn}: \`${name}\` must be a score in [${a}, ${b}] (the \`bounds\`), got ${value}`);
  }
  return value;
}
