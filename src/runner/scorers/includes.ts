import type { Scorer } from '../../schema/experiment-definition';
import { expectedOf, outputText } from './output-text';

export interface IncludesOptions {
  /** The text(s) to look for; when absent, the item's `expected` (a string or an array of strings). */
  readonly value?: string | readonly string[];
  /** With several texts: pass when the output contains `'all'` of them or `'any'` one. @default 'all' */
  readonly match?: 'all' | 'any';
  /** @default true */
  readonly caseSensitive?: boolean;
}

/**
 * Pass when the output's text contains the expected text (promptfoo's `contains`, `contains-all`,
 * `contains-any`; inspect_ai's `includes()`).
 *
 * @example includes({ value: ['Paris', 'France'], match: 'any' })('Paris.', item) // true
 */
export function includes({ value, match = 'all', caseSensitive = true }: IncludesOptions = {}): Scorer {
  const fold = (text: string) => (caseSensitive ? text : text.toLowerCase());
  return (output, item) => {
    const wanted = value ?? expectedOf('includes', item);
    const needles = (Array.isArray(wanted) ? wanted : [wanted]).map((needle) => fold(outputText(needle)));
    const haystack = fold(outputText(output));
    return match === 'any'
      ? needles.some((needle) => haystack.includes(needle))
      : needles.every((needle) => haystack.includes(needle));
  };
}
