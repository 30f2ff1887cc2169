import { mcnemarTest, pairedDifference } from '../../stats/index';
import { asPassTest } from '../schema/policy-choices';
import type { Interval, Policy } from '../schema/verdict-document';
import type { FullPairedTable } from './paired-table';

/**
 * The interval of the paired difference (candidate minus baseline) that agrees with the McNemar test beside it:
 * it excludes 0 exactly when the test rejects at level alpha = 1 - confidence.
 *
 * It is Tango's (1998) score interval, the set of differences d0 that Tango's score test does not reject. For the
 * `score` test (McNemar's test without continuity correction) that is the whole construction: Tango's statistic
 * at d0 = 0 is (n01 - n10) / sqrt(n10 + n01), McNemar's, so the pair is dual as it stands (the pair Fagerland,
 * Lydersen & Laake 2014, Stat Med 33:2850, recommend). For another test the confidence set is built the same
 * way, inverting a family of tests, with the chosen test at d0 = 0 and Tango's elsewhere; its convex hull is
 * the Tango interval, `widened` to reach 0 when the test does not reject (adding the point 0 only enlarges the
 * set, so coverage never drops), or `cut` at 0 when the test rejects although Tango's interval straddles 0
 * (only the side of the estimate is kept).
 *
 * The exact test and the continuity-corrected chi-square test never reject where Tango's interval keeps 0
 * (their p-values are at least the uncorrected test's; checked for every table with up to 40,000 discordant
 * pairs near the boundary at alpha 0.001 to 0.2), so for them only widening occurs. The mid-p test can reject
 * a little earlier (about 200 boundary tables in that range, e.g. 0 against 10 discordant pairs at alpha 0.001),
 * where the interval is cut.
 *
 * @example dualDifferenceInterval({ n11: 15, n10: 5, n01: 0, n00: 0 }, 'score', 0.95) // Tango, excludes 0 (p = 0.0253)
 */
export function dualDifferenceInterval(table: FullPairedTable, test: Policy['test'], confidence: number): Interval {
  const tango = pairedDifference(table, { method: 'tango', confidence });
  const interval: Interval = { ...tango };
  // Applied to the score test too: its dual is exact in theory, and this makes it exact in floating point.
  const rejects = mcnemarTest(table, { method: asPassTest(test) }).pValue <= 1 - confidence;
  if (!rejects && interval.lower > 0) return { ...interval, lower: 0, adjustedToTest: 'widened' };
  if (!rejects && interval.upper < 0) return { ...interval, upper: 0, adjustedToTest: 'widened' };
  if (rejects && interval.lower < 0 && interval.upper > 0) {
    return interval.estimate > 0
      ? { ...interval, lower: 0, adjustedToTest: 'cut' }
      : { ...interval, upper: 0, adjustedToTest: 'cut' };
  }
  return interval;
}
