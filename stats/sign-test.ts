import { pairedDifferences } from './paired-differences';
import { symmetricBinomialPValue } from './symmetric-binomial-p-value';

/** The result of {@link signTest}. */
export interface SignTestResult {
  /** Two-sided exact binomial p-value; 1 when every pair is tied. */
  readonly pValue: number;
  /** Items where the candidate scored above the baseline. */
  readonly positive: number;
  /** Items where the candidate scored below the baseline. */
  readonly negative: number;
}

/**
 * Sign test of paired scores: counts the items where the candidate beats the baseline and where it
 * loses, drops ties, and tests P(candidate above) = 1/2 exactly, as R
 * binom.test(positive, positive + negative, 0.5): p = min(1, 2 P[X <= min(positive, negative)]),
 * X ~ Bin(positive + negative, 1/2) (Dixon & Mood 1946). It uses only the direction of each difference,
 * so it holds for any score scale; the Wilcoxon signed-rank test also uses their sizes.
 * No untied pairs: pValue 1 (R's binom.test errors), as `mcnemarTest` with no discordant pairs.
 *
 * @throws {RangeError} if the lengths differ, a vector is empty, or a score is not finite
 * @example signTest([0, 0, 0, 0, 0, 1], [1, 1, 1, 1, 1, 1]) // { pValue: 0.0625 (= 2/32), positive: 5, negative: 0 }
 */
export function signTest(baseline: readonly number[], candidate: readonly number[]): SignTestResult {
  const differences = pairedDifferences('signTest', baseline, candidate);
  let positive = 0;
  let negative = 0;
  for (const d of differences) {
    if (d > 0) positive++;
    else if (d < 0) negative++;
  }
  const n = positive + negative;
  if (n === 0) return { pValue: 1, positive, negative };
  return { pValue: symmetricBinomialPValue(Math.min(positive, negative), n, 'exact'), positive, negative };
}
