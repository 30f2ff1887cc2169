import type { Scorer } from '../../schema/experiment-definition';
import { expectedOf, outputText } from './output-text';

export interface ExactMatchOptions {
  /** Ignore whitespace at both ends (a trailing newline is not a wrong answer). @default true */
  readonly trim?: boolean;
  /** @default true */
  readonly caseSensitive?: boolean;
}

/**
 * Pass when the output's text equals the item's `expected` text, after trimming (by default) and
 * optionally ignoring case; promptfoo's `equals` and inspect_ai's `exact()`. Non-string values are
 * compared as text (`42` matches `"42"`). An item without `expected` makes the cell an error.
 *
 * @example exactMatch({ caseSensitive: false })('Paris\n', { id: 1, input: '', expected: 'paris' }) // true
 */
export function exactMatch({ trim = true, caseSensitive = true }: ExactMatchOptions = {}): Scorer {
  const normalise = (value: unknown): string => {
    let text = outputText(value);
    if (trim) text = text.trim();
    return caseSensitive ? text : text.toLowerCase();
  };
  return (output, item) => normalise(output) === normalise(expectedOf('exactMatch', item));
}
