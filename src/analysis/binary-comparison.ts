import type { PairedComparison, Policy } from '../../reports/verdict-document';
import {
  clusteredStandardError,
  type McNemarTestMethod,
  mcnemarTest,
  type PairedDifferenceMethod,
  pairedDifference,
  pairedOddsRatio,
} from '../../stats/index';
import type { FullPairedTable } from './paired-table';
import { toOpenInterval } from './to-open-interval';

/**
 * The comparison of one sample per item (design `binary`): McNemar's test (`policy.test`), the
 * difference in pass rates (candidate minus baseline) with the `policy.interval` interval, and the
 * conditional odds ratio n01/n10 with its exact interval.
 *
 * The standard error is that of the mean per-item difference d_i in {-1, 0, 1}: with D = n01 - n10 and
 * m = n01 + n10, se^2 = (m - D^2/n) / ((n - 1) n), which is `pairedStandardError` on the 0/1 vectors
 * (Miller 2024) without building them; with clustering it is `clusteredStandardError` of the differences.
 *
 * @param table the paired 2x2 table (n >= 1)
 * @param clustering with `--cluster`: per-item cluster ids and the per-item differences (candidate minus
 *   baseline, in the same order); null otherwise
 * @example binaryComparison({ n11: 40, n10: 12, n01: 2, n00: 46 }, { test: 'exact', interval: 'newcombe', confidence: 0.95 }).test.pValue // 0.01294 (= 212/16384)
 */
export function binaryComparison(
  table: FullPairedTable,
  policy: Pick<Policy, 'test' | 'interval' | 'confidence'>,
  clustering: { readonly clusters: readonly string[]; readonly differences: readonly number[] } | null = null,
): PairedComparison {
  const { n11, n10, n01, n00 } = table;
  const n = n11 + n10 + n01 + n00;
  const { confidence } = policy;
  const test = mcnemarTest(table, { method: policy.test as McNemarTestMethod });
  const difference = pairedDifference(table, { method: policy.interval as PairedDifferenceMethod, confidence });
  return {
    design: 'binary',
    n,
    n11,
    n10,
    n01,
    n00,
    baselineRate: (n11 + n10) / n,
    candidateRate: (n11 + n01) / n,
    difference: { ...difference },
    standardError: binaryStandardError(table, clustering),
    test: {
      method: test.method,
      pValue: test.pValue,
      ...(test.statistic === undefined ? {} : { statistic: test.statistic }),
      ...(test.df === undefined ? {} : { df: test.df }),
    },
    otherTests: [],
    oddsRatio: toOpenInterval(pairedOddsRatio(table, { confidence })),
  };
}

function binaryStandardError(
  { n11, n10, n01, n00 }: FullPairedTable,
  clustering: { readonly clusters: readonly string[]; readonly differences: readonly number[] } | null,
): number | null {
  const n = n11 + n10 + n01 + n00;
  if (n < 2) return null;
  if (clustering !== null) return clusteredStandardError(clustering.differences, clustering.clusters).se;
  const sum = n01 - n10;
  const variance = (n01 + n10 - (sum * sum) / n) / (n - 1);
  return Math.sqrt(Math.max(0, variance) / n);
}
