import type { Scorer } from '../../schema/experiment-definition';
import { expectedOf, outputText } from './output-text';

export interface RegexOptions {
  /** The pattern; when absent, the item's `expected` is the pattern (one per item). */
  readonly pattern?: string | RegExp;
  /** RegExp flags, e.g. `'i'`. `g` and `y` are dropped: they make `test` depend on the previous call. */
  readonly flags?: string;
}

/**
 * Pass when the output's text matches a regular expression (promptfoo's `regex`, inspect_ai's `pattern`).
 *
 * @example regex({ pattern: '^\\d+$' })('42', item) // true
 */
export function regex({ pattern, flags }: RegexOptions = {}): Scorer {
  const build = (source: string | RegExp): RegExp => {
    const text = typeof source === 'string' ? source : source.source;
    const given = flags ?? (typeof source === 'string' ? '' : source.flags);
    return new RegExp(text, given.replace(/[gy]/g, ''));
  };
  const fixed = pattern === undefined ? undefined : build(pattern);
  return (output, item) => {
    const expression = fixed ?? build(outputText(expectedOf('regex', item)));
    return expression.test(outputText(output));
  };
}
