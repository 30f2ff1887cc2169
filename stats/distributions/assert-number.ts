import { describeValue } from '../validate';

/**
 * A point at which to evaluate a distribution function: any number but NaN. Unlike counts and
 * probabilities, +-Infinity is a meaningful argument here (cdf(-Infinity) = 0, as in R).
 */
export function assertNumber(fn: string, name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') {
    throw new TypeError(`${fn}: \`${name}\` must be a number, got ${describeValue(value)} (${typeof value})`);
  }
  if (Number.isNaN(value)) throw new RangeError(`${fn}: \`${name}\` must not be NaN`);
}
