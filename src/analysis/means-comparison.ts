import {
  clusteredStandardError,
  meanStandardError,
  type RandomSource,
  studentT,
  wilcoxonSignedRank,
} from '../../stats/index';
import type { Interval, PairedComparison, Policy, TestSummary } from '../schema/verdict-document';
import { checkedAt } from './checked-at';
import type { PairedAnalysis } from './paired-analysis';
import { bootstrapMeanInterval } from './paired-bootstrap';
import { signedRankShiftInterval } from './signed-rank-shift-interval';

export interface MeansComparisonOptions {
  readonly design: 'binary-samples' | 'score';
  readonly policy: Pick<Policy, 'test' | 'alpha' | 'bootstrapResamples' | 'cluster'>;
  readonly random: RandomSource;
  /** Per-item cluster ids (`policy.cluster`), or null. */
  readonly clusters: readonly string[] | null;
  /**
   * The largest |difference| the outcome allows: 1 for pass rates, the observed score range for scores. It bounds
   * the spread when the data show none, and is the interval when nothing can be tested.
   */
  readonly maxDifference: number;
}

/**
 * The comparison of per-item means (design `binary-samples`: each item's pass rate over its samples; design
 * `score`: each item's mean score). Per item d_i = candidate - baseline; the test and the interval shown first
 * are a dual pair (the interval excludes 0 exactly when the test rejects at its level):
 * - the paired t-test with its t interval, mean(d) -+ t_{n-1} s_d / sqrt(n) (R t.test(paired = TRUE)): the
 *   default, and the only one for `binary-samples`;
 * - `policy.test` `wilcoxon` (design `score`): the signed-rank test with the Hodges-Lehmann shift and the
 *   interval that inverts it (`signedRankShiftInterval`);
 * - with clusters (K of them): the t test on the clustered standard error of Miller (2024, sec. 2.2) with K - 1
 *   degrees of freedom (the usual small-sample reference for cluster-robust errors: Cameron, Gelbach & Miller
 *   2008; Imbens & Kolesar 2016), beside the unclustered t test: the p-value is the larger of the two and the
 *   interval the hull of their intervals (both hold the estimate, so the hull excludes 0 exactly when both do).
 *   A few clusters estimate their own variance badly, and the unclustered test then still bounds the answer.
 *
 * Where the data say nothing about the spread, no interval pretends to know it: when the differences do not vary
 * (R's t.test stops: "data are essentially constant") the spread is bounded by the outcome's range (a variable
 * confined to [-R, R] has a standard deviation of at most R), and with one item (or one cluster) nothing can be
 * tested: p = 1 and the interval is [-R, R], the whole range. So no degenerate interval ever shows equivalence.
 * The other tests go to `otherTests`; the seeded percentile bootstrap over items (whole clusters with clusters)
 * goes to `otherIntervals`.
 *
 * @param baseline per-item means of the baseline
 * @param candidate per-item means of the candidate, same items, same order
 */
export function meansComparison(
  baseline: readonly number[],
  candidate: readonly number[],
  { design, policy, random, clusters, maxDifference }: MeansComparisonOptions,
): PairedAnalysis {
  const n = baseline.length;
  const range = maxDifference > 0 ? maxDifference : 1;
  const differences = candidate.map((b, i) => b - checkedAt(baseline, i, 'baseline'));
  const mean = (values: readonly number[]) => values.reduce((sum, x) => sum + x, 0) / values.length;
  const estimate = mean(differences);
  const independent = n < 2 ? null : meanStandardError(differences).se;
  const plain = tPair('paired-t', estimate, independent, n - 1, n, range);
  const wilcoxon = wilcoxonSignedRank(baseline, candidate);
  const wilcoxonSummary: TestSummary = { method: 'wilcoxon', pValue: wilcoxon.pValue, statistic: wilcoxon.statistic };
  let test: TestSummary;
  let intervalAt: (confidence: number) => Interval;
  let standardError = independent;
  if (clusters) {
    const count = new Set(clusters).size;
    const clustered = n < 2 || count < 2 ? null : clusteredStandardError(differences, clusters).se;
    standardError = clustered;
    const byCluster = tPair('clustered-t', estimate, clustered, count - 1, count, range);
    test = {
      method: 'clustered-t',
      pValue: Math.max(byCluster.test.pValue, plain.test.pValue),
      ...(byCluster.test.statistic === undefined ? {} : { statistic: byCluster.test.statistic }),
      df: Math.max(0, count - 1),
    };
    intervalAt = (confidence) => {
      const a = byCluster.intervalAt(confidence);
      const b = plain.intervalAt(confidence);
      return { ...a, lower: Math.min(a.lower, b.lower), upper: Math.max(a.upper, b.upper), method: 'clustered-hull' };
    };
  } else if (policy.test === 'wilcoxon') {
    test = wilcoxonSummary;
    intervalAt = (confidence) => signedRankShiftInterval(differences, confidence, range);
  } else {
    test = plain.test;
    intervalAt = plain.intervalAt;
  }
  const otherTests = [plain.test, wilcoxonSummary].filter((t) => t.method !== test.method);
  const confidence = 1 - policy.alpha;
  const otherIntervals: Interval[] =
    policy.bootstrapResamples > 0 && n >= 2
      ? [
          bootstrapMeanInterval(differences, {
            resamples: policy.bootstrapResamples,
            confidence,
            random,
            clusters: clusters ? clusterIndex(clusters) : null,
          }),
        ]
      : [];
  const paired: PairedComparison = {
    design,
    n,
    baselineRate: mean(baseline),
    candidateRate: mean(candidate),
    difference: intervalAt(confidence),
    standardError,
    test,
    otherTests,
    otherIntervals,
    clustering: null,
    oddsRatio: null,
  };
  return { paired, intervalAt };
}

/**
 * A t test of mean(d) = 0 and the interval dual to it, from the estimate, its standard error and the degrees of
 * freedom: t = d / se, p = 2 P[T_df >= |t|], interval d -+ t_{df, 1 - alpha/2} se, clipped to [-R, R]. A zero
 * standard error (no spread in `units` independent units) is replaced by the bound R / sqrt(units); with fewer
 * than 2 units (or no standard error) there is no test: p = 1, interval [-R, R].
 */
function tPair(
  method: string,
  estimate: number,
  se: number | null,
  df: number,
  units: number,
  range: number,
): { test: TestSummary; intervalAt: (confidence: number) => Interval } {
  if (se === null || units < 2 || df < 1) {
    return {
      test: { method, pValue: 1 },
      intervalAt: (confidence) => ({ estimate, lower: -range, upper: range, confidence, method }),
    };
  }
  const error = se > 0 ? se : range / Math.sqrt(units);
  const statistic = estimate / error;
  const pValue = Math.min(1, 2 * studentT.sf(Math.abs(statistic), df));
  return {
    test: { method, pValue, statistic, df },
    intervalAt: (confidence) => {
      const half = studentT.quantile(1 - (1 - confidence) / 2, df) * error;
      return {
        estimate,
        lower: Math.max(-range, estimate - half),
        upper: Math.min(range, estimate + half),
        confidence,
        method: se > 0 ? method : `${method}-bounded`,
      };
    },
  };
}

function clusterIndex(clusters: readonly string[]): Int32Array {
  const ids = new Map<string, number>();
  return Int32Array.from(clusters, (id) => {
    let index = ids.get(id);
    if (index === undefined) {
      index = ids.size;
      ids.set(id, index);
    }
    return index;
  });
}
