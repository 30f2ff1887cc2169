import type { Scorer } from '../../schema/experiment-definition';
import { exactMatch } from './exact-match';
import { jsonEqual } from './json-equal';

const textMatch = exactMatch();
const valueMatch = jsonEqual();

/**
 * The scorer of an experiment without `score`: compare the output with the item's `expected`, as
 * text ({@link exactMatch}, trimmed, case-sensitive) when `expected` is a string, else as a JSON value
 * ({@link jsonEqual}). runExperiment refuses an experiment with neither `score` nor an `expected` on
 * every item up front: scoring "truthy output = pass" would report a pass rate that means nothing.
 *
 * @example defaultScorer(' 4 ', { id: 1, input: '2+2', expected: '4' }) // true
 */
export const defaultScorer: Scorer = (output, item) =>
  typeof item.expected === 'string' ? textMatch(output, item) : valueMatch(output, item);
