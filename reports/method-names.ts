/**
 * Plain-language names of the methods a Verdict document records (`paired.test.method`,
 * `paired.difference.method`, `policy.correction`, ...), for tables and the methods section. A method this
 * module does not know is shown by its own name, never hidden.
 */

const TEST_NAMES: Readonly<Record<string, string>> = {
  exact: 'exact McNemar test (two-sided binomial test on the discordant pairs)',
  'mid-p': 'mid-p McNemar test',
  asymptotic: 'asymptotic McNemar chi-squared test',
  'paired-t': 'paired t-test',
  wilcoxon: 'Wilcoxon signed-rank test',
  'paired-z': 'paired z-test on per-item mean pass rates (paired standard error, Miller 2024)',
  sign: 'sign test',
};

const INTERVAL_NAMES: Readonly<Record<string, string>> = {
  newcombe: "Newcombe's hybrid score interval for paired proportions (1998, method 10)",
  tango: "Tango's score interval for paired proportions",
  wald: 'Wald interval',
  'wald-cc': 'Wald interval with continuity correction',
  'agresti-min': 'Agresti-Min adjusted Wald interval',
  wilson: 'Wilson score interval',
  'paired-t': 'paired t interval',
  'bootstrap-percentile': 'paired bootstrap percentile interval over items',
  bootstrap: 'paired bootstrap interval over items',
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
 * The name of a multiple-comparison correction (`Holm`, `Benjamini-Hochberg`, `no` for none).
 * @example correctionName('bh') // 'Benjamini-Hochberg'
 */
export const correctionName = (correction: string): string => CORRECTION_NAMES[correction] ?? correction;
