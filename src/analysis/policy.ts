import type { Policy } from '../../reports/verdict-document';
import {
  assertCount,
  assertFiniteNumber,
  assertOneOf,
  assertOpenProbability,
  assertOptions,
  describeValue,
} from '../../stats/validate';

/** Significance level of the gate. */
export const DEFAULT_ALPHA = 0.05;
/** Smallest difference that matters (a proportion for `pass`, score units for `score`). */
export const DEFAULT_MARGIN = 0;
/** Power at which the minimum detectable difference and the n for the margin are computed. */
export const DEFAULT_TARGET_POWER = 0.8;
/** Resamples of the paired bootstrap (designs `binary-samples` and `score`, pass@k curves). */
export const DEFAULT_BOOTSTRAP_RESAMPLES = 2000;
/** Seed of the bootstrap's `seededRandom`. */
export const DEFAULT_BOOTSTRAP_SEED = 0;

/** Outcomes a comparison can be about: `pass` (binary, or c of n) or `score` (continuous). */
export const METRICS = ['pass', 'score'] as const;
/** Tests of a binary comparison with one sample per item (McNemar). */
export const PASS_TESTS = ['exact', 'mid-p', 'asymptotic'] as const;
/** Primary tests of a score comparison. */
export const SCORE_TESTS = ['paired-t', 'wilcoxon'] as const;
/** Intervals of the difference in a binary comparison (`pairedDifference` methods). */
export const INTERVALS = ['newcombe', 'tango', 'wald', 'wald-cc', 'agresti-min'] as const;
/** Multiple-comparison corrections across slices of a field and across candidates (R p.adjust names). */
export const CORRECTIONS = ['holm', 'hochberg', 'bh', 'by', 'bonferroni', 'none'] as const;
/** What fails the gate (docs/decision.md). */
export const REQUIREMENTS = ['no-regression', 'non-inferiority'] as const;

/** The policy as a caller gives it: every field optional, defaults as in `resolvePolicy`. */
export type PolicyOptions = { readonly [K in keyof Policy]?: Policy[K] };

/**
 * A complete policy from partial options, every field checked. Defaults: metric `pass`, alpha 0.05,
 * confidence 1 - alpha, margin 0, test `exact` (`paired-t` for scores), interval `newcombe`, correction
 * `holm`, require `no-regression`, targetPower 0.8, bootstrapResamples 2000, seed 0, no slices, no cluster.
 *
 * @throws {RangeError} naming the field and the value when one is out of range or unknown
 * @example resolvePolicy({ margin: 0.02 }).confidence // 0.95
 */
export function resolvePolicy(options: PolicyOptions = {}): Policy {
  const fn = 'compare';
  assertOptions(fn, options);
  const {
    metric = 'pass',
    alpha = DEFAULT_ALPHA,
    margin = DEFAULT_MARGIN,
    interval = 'newcombe',
    correction = 'holm',
    require = 'no-regression',
    targetPower = DEFAULT_TARGET_POWER,
    bootstrapResamples = DEFAULT_BOOTSTRAP_RESAMPLES,
    seed = DEFAULT_BOOTSTRAP_SEED,
    by = [],
    cluster = null,
  } = options;
  assertOneOf(fn, 'policy.metric', metric, METRICS);
  assertOpenProbability(fn, 'policy.alpha', alpha);
  const { confidence = 1 - alpha, test = metric === 'pass' ? 'exact' : 'paired-t' } = options;
  assertOpenProbability(fn, 'policy.confidence', confidence);
  assertFiniteNumber(fn, 'policy.margin', margin);
  if (margin < 0) throw new RangeError(`${fn}: \`policy.margin\` must be >= 0, got ${margin}`);
  assertOneOf(fn, 'policy.test', test, metric === 'pass' ? PASS_TESTS : SCORE_TESTS);
  assertOneOf(fn, 'policy.interval', interval, INTERVALS);
  assertOneOf(fn, 'policy.correction', correction, CORRECTIONS);
  assertOneOf(fn, 'policy.require', require, REQUIREMENTS);
  assertOpenProbability(fn, 'policy.targetPower', targetPower);
  assertCount(fn, 'policy.bootstrapResamples', bootstrapResamples);
  assertFiniteNumber(fn, 'policy.seed', seed);
  if (!Number.isInteger(seed)) throw new RangeError(`${fn}: \`policy.seed\` must be an integer, got ${seed}`);
  if (!Array.isArray(by) || by.some((field) => typeof field !== 'string' || field === '')) {
    throw new TypeError(`${fn}: \`policy.by\` must be an array of field names, got ${describeValue(by)}`);
  }
  if (cluster !== null && (typeof cluster !== 'string' || cluster === '')) {
    throw new TypeError(`${fn}: \`policy.cluster\` must be a field name or null, got ${describeValue(cluster)}`);
  }
  return {
    metric,
    alpha,
    confidence,
    margin,
    test,
    interval,
    correction,
    require,
    targetPower,
    bootstrapResamples,
    seed,
    by: [...by],
    cluster,
  };
}
