import type { Interval, PairedComparison, Policy, TestSummary } from '../../reports/verdict-document';
import {
  clusteredStandardError,
  normal,
  pairedStandardError,
  pairedTTest,
  type RandomSource,
  wilcoxonSignedRank,
} from '../../stats/index';
import { bootstrapMeanInterval } from './paired-bootstrap';

export interface MeansComparisonOptions {
  readonly design: 'binary-samples' | 'score';
  readonly policy: Pick<Policy, 'test' | 'confidence' | 'bootstrapResamples'>;
  readonly random: RandomSource;
  /** Per-item cluster ids (`policy.cluster`), or null. */
  readonly clusters: readonly string[] | null;
}

/**
 * The comparison of per-item means (design `binary-samples`: each item's pass rate over its samples;
 * design `score`: each item's mean score). Per item d_i = candidate - baseline, then:
 * - standard error: `pairedStandardError` (Miller 2024, sec. 4), or `clusteredStandardError` of d with clusters;
 * - difference: the mean of d with a seeded percentile bootstrap interval over items (clusters resampled
 *   whole when given; with 0 resamples, the normal interval d -+ z se);
 * - test: the paired t on the per-item means (`binary-samples`, and `score` by default), or Wilcoxon
 *   signed-rank when `policy.test` is `wilcoxon`; with clusters, a z test on the clustered se
 *   (`clustered-z`), since the t and Wilcoxon tests assume independent items. The other tests are
 *   reported in `otherTests`.
 *
 * @param baseline per-item means of the baseline
 * @param candidate per-item means of the candidate, same items, same order
 */
export function meansComparison(
  baseline: readonly number[],
  candidate: readonly number[],
  { design, policy, random, clusters }: MeansComparisonOptions,
): PairedComparison {
  const n = baseline.length;
  const differences = candidate.map((b, i) => b - baseline[i]!);
  const mean = (values: readonly number[]) => values.reduce((sum, x) => sum + x, 0) / values.length;
  const standardError =
    n < 2
      ? null
      : clusters
        ? clusteredStandardError(differences, clusters).se
        : pairedStandardError(baseline, candidate).se;
  const tTest = pairedTTestSummary(baseline, candidate);
  const wilcoxon = wilcoxonSignedRank(baseline, candidate);
  const tests: TestSummary[] = [tTest, { method: 'wilcoxon', pValue: wilcoxon.pValue, statistic: wilcoxon.statistic }];
  if (policy.test === 'wilcoxon') tests.reverse();
  if (clusters && standardError !== null) tests.unshift(clusteredZTest(mean(differences), standardError));
  const [test, ...otherTests] = tests;
  return {
    design,
    n,
    baselineRate: mean(baseline),
    candidateRate: mean(candidate),
    difference: differenceInterval(differences, standardError, policy, random, clusters),
    standardError,
    test: test!,
    otherTests,
    oddsRatio: null,
  };
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

/** Two-sided z test of mean(d) = 0 with the clustered standard error (Miller 2024, sec. 2.2). */
function clusteredZTest(meanDifference: number, se: number): TestSummary {
  if (se === 0) return { method: 'clustered-z', pValue: meanDifference === 0 ? 1 : 0 };
  const statistic = meanDifference / se;
  return { method: 'clustered-z', pValue: Math.min(1, 2 * normal.sf(Math.abs(statistic))), statistic };
}

function differenceInterval(
  differences: readonly number[],
  se: number | null,
  { confidence, bootstrapResamples }: Pick<Policy, 'confidence' | 'bootstrapResamples'>,
  random: RandomSource,
  clusters: readonly string[] | null,
): Interval {
  const estimate = differences.reduce((sum, x) => sum + x, 0) / differences.length;
  if (bootstrapResamples > 0 && differences.length >= 2) {
    return bootstrapMeanInterval(differences, {
      resamples: bootstrapResamples,
      confidence,
      random,
      clusters: clusters ? clusterIndex(clusters) : null,
    });
  }
  const half = se === null ? 0 : normal.quantile(1 - (1 - confidence) / 2) * se;
  return { estimate, lower: estimate - half, upper: estimate + half, confidence, method: 'normal' };
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
