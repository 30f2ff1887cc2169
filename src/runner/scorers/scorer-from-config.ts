import { z } from 'zod';
import type { ScoreConfig } from '../../schema/experiment';
import type { Experiment, Scorer } from '../types';
import { defaultScorer } from './default-scorer';
import { exactMatch } from './exact-match';
import { includes } from './includes';
import { jsonEqual } from './json-equal';
import { type JudgeScorerOptions, judgeScorer } from './judge-scorer';
import { numericTolerance } from './numeric-tolerance';
import { regex } from './regex';

const nonNegative = z.number().finite().nonnegative();

/**
 * A built-in scorer named in a JSON/YAML experiment (`score: { type: 'numeric', rel: 0.01 }`). The
 * schema of an experiment file embeds this one, so a typo in a scorer field is caught at load time.
 */
export const ScorerConfig = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('exact-match'),
    trim: z.boolean().optional(),
    caseSensitive: z.boolean().optional(),
  }),
  z.strictObject({
    type: z.literal('includes'),
    value: z.union([z.string(), z.array(z.string())]).optional(),
    match: z.enum(['all', 'any']).optional(),
    caseSensitive: z.boolean().optional(),
  }),
  z.strictObject({ type: z.literal('regex'), pattern: z.string().optional(), flags: z.string().optional() }),
  z.strictObject({ type: z.literal('numeric'), abs: nonNegative.optional(), rel: nonNegative.optional() }),
  z.strictObject({ type: z.literal('json-equal') }),
]);
export type ScorerConfig = z.infer<typeof ScorerConfig>;

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
