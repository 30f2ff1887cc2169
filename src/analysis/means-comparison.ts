import type { Interval, PairedComparison, Policy, TestSummary } from '../../reports/verdict-document';
import {
  clusteredStandardError,
  normal,
  pairedStandardError,
  pairedTTest,
  type RandomSource,
  wilcoxonSignedRank,
} from '../../stats/index';
import { InputError } from '../schema/input-error';
import type { PairedAnalysis } from './paired-analysis';
import { bootstrapMeanInterval } from './paired-bootstrap';
import { signedRankShiftInterval } from './signed-rank-shift-interval';

export interface MeansComparisonOptions {
  readonly design: 'binary-samples' | 'score';
  readonly policy: Pick<Policy, 'test' | 'alpha' | 'bootstrapResamples' | 'cluster'>;
  readonly random: RandomSource;
  /** Per-item cluster ids (`policy.cluster`), or null. */
  readonly clusters: readonly string[] | null;
}

/**
 * The comparison of per-item means (design `binary-samples`: each item's pass rate over its samples; design
 * `score`: each item's mean score). Per item d_i = candidate - baseline; the test and the interval shown first
 * are a dual pair (the interval excludes 0 exactly when the test rejects at its level):
 * - the paired t-test with its t interval, mean(d) -+ t_{n-1} s_d / sqrt(n) (R t.test(paired = TRUE)): the
 *   default, and the only one for `binary-samples`;
 * - `policy.test` `wilcoxon` (design `score`): the signed-rank test with the Hodges-Lehmann shift and the
 *   interval that inverts it (`signedRankShiftInterval`);
 * - with clusters: a z test on the clustered standard error (Miller 2024, sec. 2.2) with its interval
 *   mean(d) -+ z se (`clustered-z`), since the t and Wilcoxon tests assume independent items.
 * The other tests go to `otherTests`; the seeded percentile bootstrap over items (whole clusters with
 * clusters) goes to `otherIntervals`.
 *
 * @param baseline per-item means of the baseline
 * @param candidate per-item means of the candidate, same items, same order
 * @throws {InputError} for the `score` design with fewer than 2 paired items (no spread to test against)
 */
export function meansComparison(
  baseline: readonly number[],
  candidate: readonly number[],
  { design, policy, random, clusters }: MeansComparisonOptions,
): PairedAnalysis {
  const n = baseline.length;
  if (design === 'score' && n < 2) {
    throw new InputError(`a score comparison needs at least 2 paired items, got ${n}`, { field: '--metric' });
  }
  const differences = candidate.map((b, i) => b - baseline[i]!);
  const mean = (values: readonly number[]) => values.reduce((sum, x) => sum + x, 0) / values.length;
  const estimate = mean(differences);
  const standardError =
    n < 2
      ? null
      : clusters
        ? clusteredStandardError(differences, clusters).se
        : pairedStandardError(baseline, candidate).se;
  const wilcoxon = wilcoxonSignedRank(baseline, candidate);
  const tTest = pairedTTestSummary(baseline, candidate);
  const wilcoxonSummary: TestSummary = { method: 'wilcoxon', pValue: wilcoxon.pValue, statistic: wilcoxon.statistic };
  let test: TestSummary;
  let intervalAt: (confidence: number) => Interval;
  if (clusters && standardError !== null) {
    test = clusteredZTest(estimate, standardError);
    intervalAt = (confidence) => normalInterval(estimate, standardError, confidence, 'clustered-z');
  } else if (policy.test === 'wilcoxon') {
    test = wilcoxonSummary;
    intervalAt = (confidence) => signedRankShiftInterval(differences, confidence);
  } else {
    test = tTest;
    intervalAt = (confidence) => tInterval(baseline, candidate, estimate, confidence);
  }
  const otherTests = [tTest, wilcoxonSummary].filter((t) => t.method !== test.method);
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
 * The paired t-test, defined where R's t.test errors: with fewer than 2 items there is no evidence
 * (p = 1); with constant non-zero differences every item moved the same way and t is infinite (p = 0).
 */
function pairedTTestSummary(baseline: readonly number[], candidate: readonly number[]): TestSummary {
  const n = baseline.length;
  if (n < 2) return { method: 'paired-t', pValue: 1 };
  try {
    const { pValue, statistic, df } = pairedTTest(baseline, candidate);
    return { method: 'paired-t', pValue, statistic, df };
  } catch (error) {
    // pairedTTest throws a RangeError only for constant non-zero differences once the inputs are valid.
    if (!(error instanceof RangeError)) throw error;
    return { method: 'paired-t', pValue: 0, df: n - 1 };
  }
}

/**
 * The t interval dual to `pairedTTestSummary`: R's interval where t.test defines one; [d, d] for constant
 * differences (p = 1 when d = 0, p = 0 otherwise, so 0 is inside exactly when the test does not reject); the
 * whole range [-1, 1] of a pass-rate difference with one item (p = 1).
 */
function tInterval(
  baseline: readonly number[],
  candidate: readonly number[],
  estimate: number,
  confidence: number,
): Interval {
  if (baseline.length < 2) return { estimate, lower: -1, upper: 1, confidence, method: 'paired-t' };
  try {
    const { lower, upper } = pairedTTest(baseline, candidate, { confidence });
    return { estimate, lower, upper, confidence, method: 'paired-t' };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { estimate, lower: estimate, upper: estimate, confidence, method: 'paired-t' };
  }
}

/** Two-sided z test of mean(d) = 0 with the clustered standard error (Miller 2024, sec. 2.2). */
function clusteredZTest(meanDifference: number, se: number): TestSummary {
  if (se === 0) return { method: 'clustered-z', pValue: meanDifference === 0 ? 1 : 0 };
  const statistic = meanDifference / se;
  return { method: 'clustered-z', pValue: Math.min(1, 2 * normal.sf(Math.abs(statistic))), statistic };
}

/** estimate -+ z se, the interval dual to a two-sided z test. */
function normalInterval(estimate: number, se: number, confidence: number, method: string): Interval {
  const half = normal.quantile(1 - (1 - confidence) / 2) * se;
  return { estimate, lower: estimate - half, upper: estimate + half, confidence, method };
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
