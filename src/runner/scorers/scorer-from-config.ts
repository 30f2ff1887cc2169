import type { Scorer } from '../../schema/experiment-definition';
import type { ScorerConfig } from '../../schema/scorer-config';
import { exactMatch } from './exact-match';
import { includes } from './includes';
import { jsonEqual } from './json-equal';
import { numericTolerance } from './numeric-tolerance';
import { regex } from './regex';

/**
 * The scorer a {@link ScorerConfig} names, with its options.
 *
 * @example scorerFromConfig({ type: 'exact-match', caseSensitive: false }) // same as exactMatch({ caseSensitive: false })
 */
export function scorerFromConfig(config: ScorerConfig): Scorer {
  switch (config.type) {
    case 'exact-match':
      return exactMatch(config);
    case 'includes':
      return includes(config);
    case 'regex':
      return regex(config);
    case 'numeric':
      return numericTolerance(config);
    case 'json-equal':
      return jsonEqual();
    default:
      throw new TypeError(
        `scorerFromConfig: unknown scorer type ${JSON.stringify((config as { type: unknown }).type)}; expected one of exact-match, includes, regex, numeric, json-equal`,
      );
  }
}
