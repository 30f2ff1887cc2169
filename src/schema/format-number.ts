/**
 * Number formatting shared by every renderer, so the HTML, Markdown, JUnit and terminal outputs print the same
 * figure the same way. Plain ASCII (a hyphen-minus for negatives) so a CI log can be grepped.
 */

/** The machine epsilon R's format.pval uses as its floor (`.Machine$double.eps`). */
export const PVALUE_EPSILON = 2.220446049250313e-16;

/** Fewest significant digits (at most `digits`) that print `value` rounded to `digits` significant digits. */
function significant(value: number, digits: number): { rounded: number; digits: number } {
  const rounded = Number(value.toPrecision(digits));
  for (let d = 1; d < digits; d++) if (Number(value.toPrecision(d)) === rounded) return { rounded, digits: d };
  return { rounded, digits };
}

/**
 * Formats a number with at most `digits` significant digits, choosing fixed or scientific notation as R's
 * `format()` does with `scipen = 0`: fixed unless it is wider than scientific. Scientific notation has a signed,
 * two-digit exponent (`1.2e-05`).
 * @example formatSignificant(0.0654296875) // '0.06543'
 * @example formatSignificant(0.00001234) // '1.234e-05'
 */
export function formatSignificant(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const { rounded, digits: d } = significant(value, digits);
  const exponent = Math.floor(Math.log10(Math.abs(rounded)));
  // R's fixed notation never rounds away integer digits: format(24011, digits = 3) is '24011'.
  const fixed = exponent >= d - 1 ? String(Math.round(value)) : rounded.toFixed(d - 1 - exponent);
  const [mantissa, power = '0'] = rounded.toExponential(d - 1).split('e');
  const sign = power.startsWith('-') ? '-' : '+';
  const scientific = `${mantissa}e${sign}${power.replace(/^[-+]/, '').padStart(2, '0')}`;
  return fixed.length <= scientific.length ? fixed : scientific;
}

/**
 * Formats a p-value as R's `format.pval(p, digits)` does for a single value, as printed by `print.htest`
 * (`digits = 4`): at most four significant digits, and below machine epsilon `< 2.2e-16`.
 * @example formatPValue(0.0654296875) // '0.06543'
 * @example formatPValue(0) // '< 2.2e-16'
 */
export function formatPValue(p: number, digits = 4): string {
  if (p < PVALUE_EPSILON) return `< ${formatSignificant(PVALUE_EPSILON, Math.max(1, digits - 2))}`;
  return formatSignificant(p, digits);
}

/**
 * A p-value as a phrase: `p = 0.0012` or `p < 2.2e-16`.
 * @example pValuePhrase(0.5) // 'p = 0.5'
 */
export const pValuePhrase = (p: number): string => {
  const text = formatPValue(p);
  return text.startsWith('<') ? `p ${text}` : `p = ${text}`;
};

/** Rounds away the sign of values that print as zero, so no report shows `-0.0`. */
function fixed(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/**
 * A proportion (in [0, 1]) as a percentage with `decimals` decimals.
 * @example formatPercent(0.6804) // '68.0%'
 */
export const formatPercent = (proportion: number, decimals = 1): string => `${fixed(proportion * 100, decimals)}%`;

/**
 * A difference of proportions in percentage points, signed (`+1.2`, `-3.4`, `0.0`).
 * @example formatPoints(-0.044) // '-4.4'
 */
export function formatPoints(difference: number, decimals = 1): string {
  const text = fixed(difference * 100, decimals);
  return difference > 0 && Number(text) !== 0 ? `+${text}` : text;
}

/**
 * A difference on the metric's own scale: percentage points for pass rates, three significant digits for scores.
 * @example formatDifference(-0.044, 'pass') // '-4.4 points'
 * @example formatDifference(0.006, 'score') // '+0.006'
 */
export function formatDifference(difference: number, metric: 'pass' | 'score'): string {
  if (metric === 'pass') return `${formatPoints(difference)} points`;
  const text = formatSignificant(difference, 3);
  return difference > 0 ? `+${text}` : text;
}

/** The bounds of an interval on the metric's scale, without units: `-7.4 to -1.4`. */
export function formatBounds(lower: number, upper: number, metric: 'pass' | 'score'): string {
  if (metric === 'pass') return `${formatPoints(lower)} to ${formatPoints(upper)}`;
  return `${formatSignificant(lower, 3)} to ${formatSignificant(upper, 3)}`;
}

/**
 * A confidence interval as a phrase: `95% CI -7.4 to -1.4`.
 * @example formatInterval({ lower: -0.074, upper: -0.014, confidence: 0.95 }, 'pass') // '95% CI -7.4 to -1.4'
 */
export const formatInterval = (
  interval: { readonly lower: number; readonly upper: number; readonly confidence: number },
  metric: 'pass' | 'score',
): string => `${formatConfidence(interval.confidence)} CI ${formatBounds(interval.lower, interval.upper, metric)}`;

/** A confidence level as a percentage without needless decimals (`95%`, `99.5%`). */
export const formatConfidence = (confidence: number): string => `${Number((confidence * 100).toFixed(2))}%`;

/**
 * A count with thousands separators (`12,345`), locale-independent.
 * @example formatCount(12345) // '12,345'
 */
export const formatCount = (count: number): string => String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * A statistic that JSON may carry as a string (`'Infinity'`) or as null (undefined), with three significant digits.
 * @example formatStatistic('Infinity') // '∞'
 */
export function formatStatistic(value: number | 'Infinity' | '-Infinity' | null): string {
  if (value === 'Infinity') return '∞';
  if (value === '-Infinity') return '-∞';
  if (value === null) return 'n/a';
  return formatSignificant(value, 3);
}

/**
 * A count with its noun in the right number (`1 error`, `3 errors`), the count formatted.
 * @example countOf(1, 'item') // '1 item'
 */
export const countOf = (count: number, one: string, many = `${one}s`): string =>
  `${formatCount(count)} ${count === 1 ? one : many}`;
