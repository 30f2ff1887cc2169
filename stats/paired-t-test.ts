import { studentT } from './distributions/student-t';
import { meanAndVariance } from './mean-and-variance';
import { pairedDifferences } from './paired-differences';
import { assertOpenProbability, assertOptions } from './validate';

/** Options of {@link pairedTTest}. */
export interface PairedTTestOptions {
  /** Two-sided confidence level of the interval, strictly between 0 and 1. @default 0.95 */
  readonly confidence?: number;
}

/** The result of {@link pairedTTest}, as R's t.test reports it. */
export interface PairedTTestResult {
  /** t = mean(d) / (sd(d) / sqrt(n)), d = candidate - baseline. */
  readonly statistic: number;
  /** Degrees of freedom, n - 1. */
  readonly df: number;
  /** Two-sided p-value, 2 P[T_df >= |t|]. */
  readonly pValue: number;
  /** Mean difference, candidate minus baseline. */
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly confidence: number;
}

/**
 * Paired t-test of the mean difference d = candidate - baseline (per item), as R
 * t.test(candidate, baseline, paired = TRUE, conf.level): t = mean(d) / (s_d / sqrt(n)) with df = n - 1,
 * p = 2 P[T >= |t|], interval mean(d) -+ t_{df, (1 + confidence)/2} s_d / sqrt(n) (Student 1908).
 *
 * Constant differences: when every difference is 0 (the variants scored identically) the result is
 * statistic 0, pValue 1 and the interval [0, 0], as `mcnemarTest` gives pValue 1 with no discordant
 * pairs. When the differences are constant but not 0 (or their sd is below 10 eps |mean|, R's
 * "data are essentially constant" rule) t is undefined and a RangeError is thrown, as R errors.
 *
 * @param baseline scores of the baseline, one per item (at least 2)
 * @param candidate scores of the candidate on the same items, in the same order
 * @throws {RangeError} if the lengths differ, there are fewer than 2 items, a score is not finite, the
 *   confidence is not in (0, 1), or the differences are constant and not all 0
 * @example pairedTTest([1, 2, 3, 4], [2, 4, 3, 6]).pValue // 0.0796049808179... (t = 2.6111648, df = 3)
 */
export function pairedTTest(
  baseline: readonly number[],
  candidate: readonly number[],
  options: PairedTTestOptions = {},
): PairedTTestResult {
  const fn = 'pairedTTest';
  assertOptions(fn, options);
  const { confidence = 0.95 } = options;
  assertOpenProbability(fn, 'confidence', confidence);
  const differences = pairedDifferences(fn, baseline, candidate, 2);
  const n = differences.length;
  const df = n - 1;
  const { mean, variance } = meanAndVariance(differences, fn);
  const stderr = Math.sqrt(variance / n);
  if (differences.every((d) => d === 0)) {
    return { statistic: 0, df, pValue: 1, estimate: 0, lower: 0, upper: 0, confidence };
  }
  if (stderr < 10 * Number.EPSILON * Math.abs(mean)) {
    throw new RangeError(
      `${fn}: the differences (candidate - baseline) are all equal to ${mean}, so t is undefined (standard deviation 0)`,
    );
  }
  const statistic = mean / stderr;
  const pValue = 2 * studentT.cdf(-Math.abs(statistic), df);
  const quantile = studentT.quantile(1 - (1 - confidence) / 2, df);
  // Formed as R does: (t -+ q) * stderr.
  return {
    statistic,
    df,
    pValue: Math.min(1, pValue),
    estimate: mean,
    lower: (statistic - quantile) * stderr,
    upper: (statistic + quantile) * stderr,
    confidence,
  };
}
