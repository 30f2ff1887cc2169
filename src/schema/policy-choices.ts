import { ADJUST_P_VALUES_METHODS } from '../../stats/adjust-p-values';
import { MCNEMAR_TEST_METHODS, type McNemarTestMethod } from '../../stats/mcnemar-test';
import { PAIRED_DIFFERENCE_METHODS } from '../../stats/paired-difference';

/**
 * The choices of a comparison's policy (`verdict compare` options, `compare()`'s policy, the Verdict document's
 * `policy`), each built from the list of the stats/ function that implements it, so that a method added there
 * is a choice here without a second list. The first of each list is the default.
 */

/** Outcomes a comparison can be about: `pass` (binary, or c of n) or `score` (continuous). */
export const METRICS = ['pass', 'score'] as const;
export type Metric = (typeof METRICS)[number];

/**
 * Tests of a binary comparison with one sample per item (McNemar, mcnemarTest's methods), the default first:
 * the score test (without continuity correction), whose dual is Tango's interval (docs/decision.md).
 */
export const PASS_TESTS = [
  'score',
  ...MCNEMAR_TEST_METHODS.filter((method) => method !== 'score'),
] as const satisfies readonly McNemarTestMethod[];
export type PassTest = McNemarTestMethod;

/** Primary tests of a score comparison (pairedTTest, wilcoxonSignedRank). */
export const SCORE_TESTS = ['paired-t', 'wilcoxon'] as const;
export type ScoreTest = (typeof SCORE_TESTS)[number];

/** Further intervals of the difference in a binary comparison (`pairedDifference` methods), shown beside the dual one. */
export const INTERVALS = PAIRED_DIFFERENCE_METHODS;

/** Multiple-comparison corrections across slices of a field and across candidates (R p.adjust names, or none). */
export const CORRECTIONS = [...ADJUST_P_VALUES_METHODS, 'none'] as const;

/** Analyses `compare` can give: at the number of pairs there are (default), or anytime-valid (docs/decision.md, 9). */
export const ANALYSES = ['fixed-n', 'sequential'] as const;

/** What fails the gate (docs/decision.md). */
export const REQUIREMENTS = ['no-regression', 'non-inferiority'] as const;

/** Treatments of non-ok and absent cells: left out of the paired analysis, or counted as failures. */
export const ERROR_TREATMENTS = ['exclude', 'count-as-fail'] as const;

/** Whether a policy's test is one of the binary (McNemar) tests. */
export const isPassTest = (test: string): test is PassTest => (PASS_TESTS as readonly string[]).includes(test);

/**
 * A policy's test as a McNemar method, for the binary designs (resolvePolicy gives a pass metric a pass test).
 *
 * @throws {TypeError} if it is a score test: a caller mixed a score policy with a binary table
 * @example asPassTest('mid-p') // 'mid-p'
 */
export function asPassTest(test: string): PassTest {
  if (!isPassTest(test)) {
    throw new TypeError(`a binary comparison needs a McNemar test (${PASS_TESTS.join(', ')}), got ${test}`);
  }
  return test;
}
