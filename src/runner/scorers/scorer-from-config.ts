import type { Experiment, Scorer } from '../../schema/experiment-definition';
import type { ScoreConfig, ScorerConfig } from '../../schema/scorer-config';
import { defaultScorer } from './default-scorer';
import { exactMatch } from './exact-match';
import { includes } from './includes';
import { jsonEqual } from './json-equal';
import { type JudgeScorerOptions, judgeScorer } from './judge-scorer';
import { numericTolerance } from './numeric-tolerance';
import { regex } from './regex';

/**
 * The scorer a built-in scorer's config names, with its options: a rule-based one ({@link ScorerConfig})
 * or the model-graded judge, whose calls take `options` (the run's retries, rate limit and cache).
 *
 * @throws {InputError} for a judge whose API key variable is not set.
 * @example scorerFromConfig({ type: 'exact-match', caseSensitive: false }) // same as exactMatch({ caseSensitive: false })
 */
export function scorerFromConfig(config: ScoreConfig, options: JudgeScorerOptions = {}): Scorer {
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
    case 'judge':
      return judgeScorer(config, options);
    default:
      throw new TypeError(
        `scorerFromConfig: unknown scorer type ${JSON.stringify((config as { type: unknown }).type)}; expected one of exact-match, includes, regex, numeric, json-equal, judge`,
      );
  }
}

/**
 * An experiment's scorer: its `score` function as it is, the scorer its config names
 * ({@link scorerFromConfig}), or {@link defaultScorer} without a `score`.
 */
export function experimentScorer(score: Experiment['score'], options: JudgeScorerOptions = {}): Scorer {
  if (typeof score === 'function') return score;
  return score === undefined ? defaultScorer : scorerFromConfig(score, options);
}
