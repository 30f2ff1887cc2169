import {
  type ClusterTable,
  clusteredMcNemarTest,
  clusteredPairedDifference,
  mcnemarTest,
  pairedDifference,
  pairedOddsRatio,
} from '../../stats/index';
import { asPassTest } from '../schema/policy-choices';
import type { Interval, PairedComparison, Policy, TestSummary } from '../schema/verdict-document';
import { dualDifferenceInterval } from './dual-difference-interval';
import type { PairedAnalysis } from './paired-analysis';
import type { FullPairedTable } from './paired-table';
import { toOpenInterval } from './to-open-interval';

/**
 * The comparison of one sample per item (design `binary`): McNemar's test (`policy.test`, the score test by
 * default), the difference in pass rates (candidate minus baseline) with the interval dual to that test
 * (`dualDifferenceInterval`: Tango's score interval, made to agree with the test), the interval asked for with
 * `policy.interval` beside it, and the conditional odds ratio n01/n10 with its exact interval.
 *
 * The standard error is that of the mean per-item difference d_i in {-1, 0, 1}: with D = n01 - n10 and
 * m = n01 + n10, se^2 = (m - D^2/n) / ((n - 1) n), which is `pairedStandardError` on the 0/1 vectors
 * (Miller 2024) without building them.
 *
 * @param table the paired 2x2 table (n >= 1)
 * @example binaryComparison({ n11: 40, n10: 12, n01: 2, n00: 46 }, { test: 'exact', interval: null, alpha: 0.05 }).paired.test.pValue // 0.01294 (= 212/16384)
 */
export function binaryComparison(
  table: FullPairedTable,
  policy: Pick<Policy, 'test' | 'interval' | 'alpha'>,
): PairedAnalysis {
  const { n11, n10, n01, n00 } = table;
  const n = n11 + n10 + n01 + n00;
  const confidence = 1 - policy.alpha;
  const test = mcnemarTest(table, { method: asPassTest(policy.test) });
  const intervalAt = (level: number) => dualDifferenceInterval(table, policy.test, level);
  const summary: TestSummary = {
    method: test.method,
    pValue: test.pValue,
    ...(test.statistic === undefined ? {} : { statistic: test.statistic }),
    ...(test.df === undefined ? {} : { df: test.df }),
  };
  const difference = intervalAt(confidence);
  const paired: PairedComparison = {
    design: 'binary',
    n,
    n11,
    n10,
    n01,
    n00,
    baselineRate: (n11 + n10) / n,
    candidateRate: (n11 + n01) / n,
    difference,
    standardError: binaryStandardError(table),
    test: summary,
    otherTests: [],
    otherIntervals:
      policy.interval === null || policy.interval === difference.method
        ? []
        : [{ ...pairedDifference(table, { method: policy.interval, confidence }) }],
    clustering: null,
    oddsRatio: toOpenInterval(pairedOddsRatio(table, { confidence })),
  };
  return { paired, intervalAt };
}

function binaryStandardError({ n11, n10, n01, n00 }: FullPairedTable): number | null {
  const n = n11 + n10 + n01 + n00;
  if (n < 2) return null;
  const sum = n01 - n10;
  const variance = (n01 + n10 - (sum * sum) / n) / (n - 1);
  return Math.sqrt(Math.max(0, variance) / n);
}

/**
 * The comparison of one sample per item when items come in correlated clusters (`--cluster`): the decision needs
 * both the clustered test of Yang, Sun & Hardin (2010, Biometrical Journal 52:638; R clust.bin.pair's default,
 * `clusteredMcNemarTest`) and the unclustered McNemar test of `policy.test` to reject, so the p-value is the
 * larger of the two, and the interval is the hull of their dual intervals (`clusteredPairedDifference`, and
 * `dualDifferenceInterval`). Both intervals hold the estimate, so the hull excludes 0 exactly when both do, that
 * is when both tests reject: the pair stays dual. Why both: the clustered variance is a moment estimate from the
 * observed clusters and is too small when there are few discordant pairs (width 0 when every cluster is
 * balanced), where the unclustered analysis still bounds the difference; with real clustering the clustered test
 * is the stricter one and decides.
 *
 * With one cluster no variance between clusters can be estimated: p = 1 and the interval is [-1, 1].
 *
 * @param tables one paired 2x2 table per cluster
 */
export function clusteredBinaryComparison(
  tables: readonly ClusterTable[],
  field: string,
  policy: Pick<Policy, 'test' | 'interval' | 'alpha'>,
): PairedAnalysis {
  const total = tables.reduce(
    (sum, t) => ({ n11: sum.n11 + t.n11, n10: sum.n10 + t.n10, n01: sum.n01 + t.n01, n00: sum.n00 + t.n00 }),
    { n11: 0, n10: 0, n01: 0, n00: 0 },
  );
  const unclustered = binaryComparison(total, policy);
  // One cluster holds no variance between clusters to estimate: nothing can be tested (p = 1, the whole range).
  const single = tables.length < 2;
  const clustered = single ? null : clusteredMcNemarTest(tables);
  const intervalAt = (level: number): Interval => {
    const inner = unclustered.intervalAt(level);
    const outer = single ? { lower: -1, upper: 1 } : clusteredPairedDifference(tables, { confidence: level });
    return {
      estimate: inner.estimate,
      lower: Math.min(inner.lower, outer.lower),
      upper: Math.max(inner.upper, outer.upper),
      confidence: level,
      method: 'clustered-hull',
    };
  };
  const clusteredTest: TestSummary = clustered
    ? { method: 'yang', pValue: clustered.pValue, statistic: clustered.statistic, df: 1 }
    : { method: 'yang', pValue: 1 };
  const test: TestSummary = {
    method: `clustered-${policy.test}`,
    pValue: Math.max(clusteredTest.pValue, unclustered.paired.test.pValue),
  };
  const paired: PairedComparison = {
    ...unclustered.paired,
    difference: intervalAt(1 - policy.alpha),
    test,
    otherTests: [clusteredTest, unclustered.paired.test],
    clustering: { field, clusters: tables.length, designEffect: clustered?.designEffect ?? null, method: 'yang' },
  };
  return { paired, intervalAt };
}
