import type { Scorer } from '../../schema/experiment-definition';
import { expectedOf } from './output-text';

export interface NumericToleranceOptions {
  /** Absolute tolerance. @default 0 */
  readonly abs?: number;
  /** Tolerance relative to |expected|. @default 0 */
  readonly rel?: number;
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value.trim());
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  return undefined;
}

/**
 * Pass when the output, read as a number, is within `max(abs, rel * |expected|)` of the item's
 * `expected` (numpy's `isclose` with the larger of the two tolerances, as expectClose does here).
 * An output that is not a number is the model's failure (pass false); an `expected` that is not a
 * number is a broken experiment (the cell is an error).
 *
 * @example numericTolerance({ rel: 0.01 })('99.5', { id: 1, input: '', expected: 100 }) // true
 */
export function numericTolerance({ abs = 0, rel = 0 }: NumericToleranceOptions = {}): Scorer {
  if (!(abs >= 0) || !(rel >= 0))
    throw new RangeError(`numericTolerance: \`abs\` and \`rel\` must be non-negative, got abs ${abs}, rel ${rel}`);
  return (output, item) => {
    const expected = toNumber(expectedOf('numericTolerance', item));
    if (expected === undefined)
      throw new TypeError(`numericTolerance: item ${JSON.stringify(item.id)} has an \`expected\` that is not a number`);
    const got = toNumber(output);
    if (got === undefined) return false;
    if (got === expected) return true; // also equal infinities
    return Math.abs(got - expected) <= Math.max(abs, rel * Math.abs(expected));
  };
}
