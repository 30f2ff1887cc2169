import { chiSquared } from './distributions/chi-squared';
import { symmetricBinomialPValue } from './symmetric-binomial-p-value';
import type { PairedTable } from './types';
import { assertBoolean, assertDiscordantTable, assertOneOf, assertOptions } from './validate';

/** The tests of {@link mcnemarTest}, for validation and CLI help. */
export const MCNEMAR_TEST_METHODS = ['exact', 'mid-p', 'asymptotic', 'score'] as const;
export type McNemarTestMethod = (typeof MCNEMAR_TEST_METHODS)[number];

/** Options of {@link mcnemarTest}. */
export interface McNemarTestOptions {
  /**
   * Exact binomial test (`exact`), its mid-p version (`mid-p`), the chi-square test (`asymptotic`) or the score
   * test (`score`: the chi-square test without continuity correction). @default 'exact'
   */
  readonly method?: McNemarTestMethod;
  /** `asymptotic` only: subtract 1 from |n10 - n01| as R's mcnemar.test does (never when n10 = n01). @default true */
  readonly continuityCorrection?: boolean;
}

/** The result of {@link mcnemarTest}: the choices that shaped it, the p-value and the discordant cells. */
export interface McNemarTestResult {
  readonly method: McNemarTestMethod;
  /** Two-sided p-value in [0, 1]. */
  readonly pValue: number;
  /** `asymptotic` and `score`: the chi-square statistic. `exact` and `mid-p`: n10, as R binom.test reports its successes. */
  readonly statistic?: number;
  /** `asymptotic` and `score`: degrees of freedom (1). */
  readonly df?: number;
  /** Baseline passes, candidate fails. */
  readonly n10: number;
  /** Baseline fails, candidate passes. */
  readonly n01: number;
}

/**
 * McNemar's test of marginal homogeneity on a paired 2x2 table: does the candidate pass as often as
 * the baseline? Only the discordant cells count; under the null, n10 | n10 + n01 ~ Binomial(n10 + n01, ½).
 * With k = min(n10, n01) and X ~ Binomial(n10 + n01, ½):
 *
 * - `exact` (default): p = min(1, 2 P[X <= k]). McNemar (1947) Psychometrika 12:153; equals R
 *   `binom.test(n10, n10 + n01, 0.5)$p.value` (for p = ½ R's likelihood-ordered two-sided p is this doubled tail).
 * - `mid-p`: p = min(1, 2 (P[X < k] + ½ P[X = k])). Fagerland, Lydersen & Laake (2013) BMC Med Res
 *   Methodol 13:91; equals `exactci::binom.exact(n10, n10 + n01, midp = TRUE)`. Never above the exact p.
 * - `asymptotic`: χ² = (|n10 - n01| - 1)² / (n10 + n01) on 1 df with the continuity correction, (n10 - n01)² /
 *   (n10 + n01) without; as R `mcnemar.test`, which applies no correction when n10 = n01.
 * - `score`: χ² = (n10 - n01)² / (n10 + n01) on 1 df, always without correction; R `mcnemar.test(x, correct =
 *   FALSE)`. It is the score test of Δ = 0 that Tango's (1998) interval inverts (its statistic at Δ = 0 is
 *   (n01 - n10) / √(n10 + n01)), so the Tango interval excludes 0 exactly when this test rejects: the dual pair
 *   that Fagerland, Lydersen & Laake (2014, Stat Med 33:2850) recommend for paired binomial proportions. Its size
 *   stays close to alpha (0.043 to 0.052 at alpha = 0.05 for 50 to 1,000 pairs and discordance 0.1 to 0.3), where
 *   the exact test's is 0.009 to 0.044.
 *
 * No discordant pairs: pValue 1 and statistic 0 for every method (R returns NaN for the chi-square test and
 * binom.test refuses n = 0; exact2x2 reports 1). Up to 64 discordant pairs the exact and mid-p values are counted
 * exactly (so 53/4096 is exactly 0.012939453125); beyond, they come from the binomial distribution's log tails
 * (regularized incomplete beta), so p stays finite and accurate for 10^7 discordant pairs.
 *
 * @throws {TypeError} if `table` or `options` is not an object, a cell is not a number, or
 *   `continuityCorrection` is not a boolean
 * @throws {RangeError} if n10 or n01 (or n11 or n00, when given) is not a non-negative integer or `method` is unknown
 * @example mcnemarTest({ n11: 40, n10: 2, n01: 12, n00: 46 }).pValue // 0.012939453125 (= 53/4096)
 */
export function mcnemarTest(table: PairedTable, options: McNemarTestOptions = {}): McNemarTestResult {
  const fn = 'mcnemarTest';
  assertDiscordantTable(fn, table);
  assertOptions(fn, options);
  const { method = 'exact', continuityCorrection = true } = options;
  const { n10, n01 } = table;
  assertOneOf(fn, 'method', method, MCNEMAR_TEST_METHODS);
  assertBoolean(fn, 'continuityCorrection', continuityCorrection);

  const discordant = n10 + n01;
  if (method === 'asymptotic' || method === 'score') {
    if (discordant === 0) return { method, pValue: 1, statistic: 0, df: 1, n10, n01 };
    const correction = method === 'asymptotic' && continuityCorrection && n10 !== n01 ? 1 : 0;
    const statistic = (Math.abs(n10 - n01) - correction) ** 2 / discordant;
    return { method, pValue: chiSquared.sf(statistic, 1), statistic, df: 1, n10, n01 };
  }
  if (discordant === 0) return { method, pValue: 1, statistic: 0, n10, n01 };
  const pValue = symmetricBinomialPValue(Math.min(n10, n01), discordant, method);
  return { method, pValue, statistic: n10, n10, n01 };
}
