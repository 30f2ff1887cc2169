import type { IntervalResult } from '../../stats/index';
import type { JsonNumber, OpenInterval } from '../schema/verdict-document';

/** A number as JSON can hold it: Infinity and -Infinity become strings, NaN (undefined) becomes null. */
function toJsonNumber(value: number): JsonNumber {
  if (Number.isNaN(value)) return null;
  if (value === Number.POSITIVE_INFINITY) return 'Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
  return value;
}

/** An interval whose bounds may be non-finite (the conditional odds ratio), as plain JSON. */
export function toOpenInterval({ estimate, lower, upper, confidence, method }: IntervalResult): OpenInterval {
  return {
    estimate: toJsonNumber(estimate),
    lower: toJsonNumber(lower),
    upper: toJsonNumber(upper),
    confidence,
    method,
  };
}
