import { exactMatch } from '../runner/scorers/exact-match';
import { outputText } from '../runner/scorers/output-text';
import type { Scorer } from '../schema/experiment-definition';

/**
 * The demo's scorer: exact match (trimmed, case-sensitive), with the reason a reviewer reads in the flip
 * tables beside the two outputs, as a model-graded or hand-written scorer would give one.
 * @example demoScorer()('5', { id: 'q1', input: '2 + 2?', expected: '4' }) // { pass: false, reason: 'expected "4", got "5"' }
 */
export function demoScorer(): Scorer {
  const matches = exactMatch();
  return async (output, item, context) => {
    const pass = (await matches(output, item, context)) === true;
    const got = JSON.stringify(outputText(output).trim());
    const expected = JSON.stringify(outputText(item.expected));
    return { pass, reason: pass ? `matches the expected answer ${expected}` : `expected ${expected}, got ${got}` };
  };
}
