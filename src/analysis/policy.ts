import {
  assertCount,
  assertFiniteNumber,
  assertOneOf,
  assertOpenProbability,
  assertOptions,
  assertProbability,
  describeValue,
} from '../../stats/validate';
import {
  ANALYSES,
  CORRECTIONS,
  ERROR_TREATMENTS,
  INTERVALS,
  METRICS,
  PASS_TESTS,
  REQUIREMENTS,
  SCORE_TESTS,
} from '../schema/policy-choices';
import type { Policy } from '../schema/verdict-document';

/** Significance level of the gate. */
export const DEFAULT_ALPHA = 0.05;
/** Smallest difference that matters (a proportion for `pass`, score units for `score`). */
export const DEFAULT_MARGIN = 0;
/** Power at which the minimum detectable difference and the n for the margin are computed. */
export const DEFAULT_TARGET_POWER = 0.8;
/**
 * With margin 0 and `--metric pass`, the drop the eval must be able to detect with the target power, else it is
 * `underpowered`: 5 points, a change most release decisions care about. Scores have no default (their unit is
 * the user's).
 */
export const DEFAULT_DETECTABLE_EFFECT = 0.05;
/** Largest share of a variant's planned cells that may be missing (error, timeout, skipped or absent). */
export const DEFAULT_MAX_MISSING = 0.05;
/**
 * Level of the differential-missingness check. A check run on every comparison must almost never fire when
 * nothing is wrong, so it uses the strict level A/B platforms use for their sample-ratio-mismatch check
 * (Fabijan et al. 2019, "Diagnosing Sample Ratio Mismatch in Online Controlled Experiments", KDD: p < 0.0005;
 * Kohavi, Tang & Xu 2020, ch. 21). Gross imbalances fail it at any n; `maxMissing` bounds the rest.
 */
export const DEFAULT_MISSING_ALPHA = 0.001;
/** Resamples of the paired bootstrap (designs `binary-samples` and `score`, pass@k curves). */
export const DEFAULT_BOOTSTRAP_RESAMPLES = 2000;
/** Seed of the bootstrap's `seededRandom`. */
export const DEFAULT_BOOTSTRAP_SEED = 0;

/** The policy as a caller gives it: every field optional, defaults as in `resolvePolicy`. */
export type PolicyOptions = { readonly [K in keyof Policy]?: Policy[K] };

/**
 * A complete policy from partial options, every field checked. Defaults: analysis `fixed-n`, metric `pass`, alpha 0.05,
 * confidence 1 - alpha, margin 0, test `score` (`paired-t` for scores), no further interval, correction `holm`,
 * require `no-regression`, targetPower 0.8, detectableEffect 0.05 for pass (none for score), maxMissing 0.05,
 * missingAlpha 0.001, errors `exclude`, allowIncomplete false, bootstrapResamples 2000, seed 0, no slices, no
 * cluster.
 *
 * @throws {RangeError} naming the field and the value when one is out of range or unknown
 * @example resolvePolicy({ margin: 0.02 }).confidence // 0.95
 */
export function resolvePolicy(options: PolicyOptions = {}): Policy {
  const fn = 'compare';
  assertOptions(fn, options);
  const {
    analysis = 'fixed-n',
    metric = 'pass',
    alpha = DEFAULT_ALPHA,
    margin = DEFAULT_MARGIN,
    interval = null,
    correction = 'holm',
    require = 'no-regression',
    targetPower = DEFAULT_TARGET_POWER,
    maxMissing = DEFAULT_MAX_MISSING,
    missingAlpha = DEFAULT_MISSING_ALPHA,
    errors = 'exclude',
    allowIncomplete = false,
    bootstrapResamples = DEFAULT_BOOTSTRAP_RESAMPLES,
    seed = DEFAULT_BOOTSTRAP_SEED,
    by = [],
    cluster = null,
  } = options;
  assertOneOf(fn, 'policy.analysis', analysis, ANALYSES);
  assertOneOf(fn, 'policy.metric', metric, METRICS);
  assertOpenProbability(fn, 'policy.alpha', alpha);
  const {
    confidence = 1 - alpha,
    test = metric === 'pass' ? 'score' : 'paired-t',
    detectableEffect = metric === 'pass' ? DEFAULT_DETECTABLE_EFFECT : null,
  } = options;
  assertOpenProbability(fn, 'policy.confidence', confidence);
  assertFiniteNumber(fn, 'policy.margin', margin);
  if (margin < 0) throw new RangeError(`${fn}: \`policy.margin\` must be >= 0, got ${margin}`);
  if (metric === 'pass' && margin >= 1) {
    throw new RangeError(
      `${fn}: \`policy.margin\` must be below 1 for --metric pass (a difference of pass rates is at most 1), got ${margin}`,
    );
  }
  assertOneOf(fn, 'policy.test', test, metric === 'pass' ? PASS_TESTS : SCORE_TESTS);
  if (interval !== null) assertOneOf(fn, 'policy.interval', interval, INTERVALS);
  assertOneOf(fn, 'policy.correction', correction, CORRECTIONS);
  assertOneOf(fn, 'policy.require', require, REQUIREMENTS);
  assertOpenProbability(fn, 'policy.targetPower', targetPower);
  if (detectableEffect !== null) {
    assertFiniteNumber(fn, 'policy.detectableEffect', detectableEffect);
    if (!(detectableEffect > 0) || (metric === 'pass' && detectableEffect > 1)) {
      throw new RangeError(
        `${fn}: \`policy.detectableEffect\` must be above 0${metric === 'pass' ? ' and at most 1' : ''}, got ${detectableEffect}`,
      );
    }
  }
  assertProbability(fn, 'policy.maxMissing', maxMissing);
  assertOpenProbability(fn, 'policy.missingAlpha', missingAlpha);
  assertOneOf(fn, 'policy.errors', errors, ERROR_TREATMENTS);
  if (typeof allowIncomplete !== 'boolean') {
    throw new TypeError(`${fn}: \`policy.allowIncomplete\` must be a boolean, got ${describeValue(allowIncomplete)}`);
  }
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
    analysis,
    metric,
    alpha,
    confidence,
    margin,
    test,
    interval,
    correction,
    require,
    targetPower,
    detectableEffect,
    maxMissing,
    missingAlpha,
    errors,
    allowIncomplete,
    bootstrapResamples,
    seed,
    by: [...by],
    cluster,
  };
}
