/**
 * Plain-language names of the methods a Verdict document records (`paired.test.method`,
 * `paired.difference.method`, `policy.correction`, ...), for tables and the methods section. A method this
 * module does not know is shown by its own name, never hidden.
 */

const TEST_NAMES: Readonly<Record<string, string>> = {
  score: "McNemar score test (chi-squared without continuity correction, the dual of Tango's interval)",
  exact: 'exact McNemar test (two-sided binomial test on the discordant pairs)',
  'mid-p': 'mid-p McNemar test',
  asymptotic: 'asymptotic McNemar chi-squared test (with continuity correction)',
  'clustered-z': 'z test on the clustered standard error (Miller 2024)',
  'clustered-t':
    't test on the clustered standard error (Miller 2024) with clusters - 1 degrees of freedom, and the paired t-test, the larger p-value',
  yang: 'clustered McNemar test (Yang, Sun & Hardin 2010)',
  'clustered-score': 'clustered McNemar test (Yang, Sun & Hardin 2010) and the McNemar score test, the larger p-value',
  'clustered-exact': 'clustered McNemar test (Yang, Sun & Hardin 2010) and the exact McNemar test, the larger p-value',
  'clustered-mid-p': 'clustered McNemar test (Yang, Sun & Hardin 2010) and the mid-p McNemar test, the larger p-value',
  'clustered-asymptotic':
    'clustered McNemar test (Yang, Sun & Hardin 2010) and the asymptotic McNemar test, the larger p-value',
  'paired-t': 'paired t-test',
  wilcoxon: 'Wilcoxon signed-rank test',
  'paired-z': 'paired z-test on per-item mean pass rates (paired standard error, Miller 2024)',
  sign: 'sign test',
  'betting-mixture':
    'anytime-valid betting test (Waudby-Smith & Ramdas 2024: the wealth of constant bets on the paired differences, mixed over a uniform prior)',
  'betting-mixture-eb':
    "anytime-valid betting test on per-item pass rates (Waudby-Smith & Ramdas 2024, with Fan et al.'s empirical-Bernstein bound of the wealth)",
  'design-likelihood-ratio':
    "anytime-valid likelihood-ratio test at the run's design alternative (Wald's SPRT statistic; the GROW e-value of Grünwald, de Heide & Koolen 2024)",
  'design-likelihood-ratio-calibrated':
    "likelihood-ratio test at the run's design alternative, calibrated truncated design: each side crosses at a threshold calibrated exactly to a truncation at K discordant pairs, with the final exact look at the K-th (valid up to K discordant pairs only, not an e-value beyond; the threshold and K are in the run's manifest)",
  'design-likelihood-ratio-final-look':
    "anytime-valid likelihood-ratio test at the run's design alternative, with its truncated design's final look at the planned end (stagewise ordering)",
};

const INTERVAL_NAMES: Readonly<Record<string, string>> = {
  newcombe: "Newcombe's hybrid score interval for paired proportions (1998, method 10)",
  tango: "Tango's score interval for paired proportions",
  wald: 'Wald interval',
  'wald-cc': 'Wald interval with continuity correction',
  'agresti-min': 'Agresti-Min adjusted Wald interval',
  wilson: 'Wilson score interval',
  'paired-t': 'paired t interval',
  'clustered-z': 'interval on the clustered standard error (Miller 2024)',
  'paired-t-bounded': 'paired t interval with the spread bounded by the outcome (the differences did not vary)',
  'clustered-t': 'clustered t interval (Miller 2024)',
  'clustered-t-bounded': 'clustered t interval with the spread bounded by the outcome',
  'clustered-hull': "hull of Yang et al.'s inverted clustered interval and the unclustered dual interval",
  'hodges-lehmann': 'Hodges-Lehmann interval (inverting the signed-rank test)',
  'wilson-clustered': 'Wilson interval at the effective sample size (samples clustered by item)',
  'bootstrap-percentile': 'paired bootstrap percentile interval over items',
  bootstrap: 'paired bootstrap interval over items',
  'betting-mixture':
    'betting confidence sequence (Waudby-Smith & Ramdas 2024), intersected over the pairs in completion order',
  'betting-mixture-eb':
    'empirical-Bernstein betting confidence sequence (Waudby-Smith & Ramdas 2024), intersected over the pairs in completion order',
};

const INTERVAL_LABELS: Readonly<Record<string, string>> = {
  newcombe: 'Newcombe interval',
  tango: 'Tango interval',
  wald: 'Wald interval',
  'wald-cc': 'continuity-corrected Wald interval',
  'agresti-min': 'Agresti-Min interval',
  'bootstrap-percentile': 'bootstrap interval',
  'cluster-bootstrap-percentile': 'cluster bootstrap interval',
  'betting-mixture': 'confidence sequence',
  'betting-mixture-eb': 'confidence sequence',
};

const CORRECTION_NAMES: Readonly<Record<string, string>> = {
  holm: 'Holm',
  hochberg: 'Hochberg',
  bh: 'Benjamini-Hochberg',
  by: 'Benjamini-Yekutieli',
  bonferroni: 'Bonferroni',
  none: 'no',
};

/**
 * The name of a test method, as a phrase.
 * @example testName('exact') // 'exact McNemar test (two-sided binomial test on the discordant pairs)'
 */
export const testName = (method: string): string => TEST_NAMES[method] ?? `${method} test`;

/**
 * A short label for a test method, for table headers (`exact McNemar`).
 * @example testLabel('paired-t') // 'paired t-test'
 */
export const testLabel = (method: string): string => (TEST_NAMES[method] ?? `${method} test`).replace(/ \(.*\)$/, '');

/**
 * The name of an interval method, as a phrase.
 * @example intervalName('newcombe') // "Newcombe's hybrid score interval for paired proportions (1998, method 10)"
 */
export const intervalName = (method: string): string => INTERVAL_NAMES[method] ?? `${method} interval`;

/**
 * A short label for an interval method, for sentences (`Newcombe interval`).
 * @example intervalLabel('newcombe') // 'Newcombe interval'
 */
export const intervalLabel = (method: string): string => INTERVAL_LABELS[method] ?? `${method} interval`;

/**
 * The name of a multiple-comparison correction (`Holm`, `Benjamini-Hochberg`, `no` for none).
 * @example correctionName('bh') // 'Benjamini-Hochberg'
 */
export const correctionName = (correction: string): string => CORRECTION_NAMES[correction] ?? correction;
