/**
 * Every sentence the reports show, as functions of the Verdict document (as vega-lite's `log/message.ts`), so
 * the HTML, Markdown and JUnit outputs say the same thing and tests compare against the function. Messages
 * return plain text: each renderer escapes it for its own format.
 */
import { formatBounds, formatConfidence, formatCount, formatDifference, pValuePhrase } from './format-number';
import { correctionName, intervalName, testName } from './method-names';
import type {
  Comparison,
  Excluded,
  ExclusionCounts,
  Policy,
  PowerSummary,
  VerdictDocument,
  VerdictKind,
} from './verdict-document';

type Metric = Policy['metric'];
/** What a verdict sentence needs from a comparison (a `Comparison`, or the document's first one). */
export type ComparisonLike = Pick<Comparison, 'baseline' | 'candidate' | 'verdict' | 'reason' | 'paired'>;

const LABELS: Readonly<Record<VerdictKind, string>> = {
  regressed: 'Regressed',
  improved: 'Improved',
  'no-change': 'No change',
  equivalent: 'Equivalent',
  inconclusive: 'Inconclusive',
};

/**
 * The verdict as a word for a heading (`Regressed`, `No change`, ...).
 * @example verdictLabel('no-change') // 'No change'
 */
export const verdictLabel = (verdict: VerdictKind): string => LABELS[verdict];

/**
 * The verdict as an upper-case status word, with no emoji, for Markdown headlines and terminals.
 * @example verdictStatusWord('no-change') // 'NO CHANGE'
 */
export const verdictStatusWord = (verdict: VerdictKind): string => LABELS[verdict].toUpperCase();

/**
 * One sentence a release manager can act on: what happened to the candidate compared with the baseline.
 * @example verdictHeadline(doc) // 'B is worse than A.'
 */
export function verdictHeadline({ baseline, candidate, verdict }: ComparisonLike, policy: Policy): string {
  const [a, b] = [baseline.variant, candidate.variant];
  switch (verdict) {
    case 'regressed':
      return `${b} is worse than ${a}.`;
    case 'improved':
      return `${b} is better than ${a}.`;
    case 'equivalent':
      return `${b} performs the same as ${a}, within ±${formatDifference(policy.margin, policy.metric).replace(/^\+/, '')}.`;
    case 'inconclusive':
      return `Not enough evidence that ${b} is no worse than ${a}.`;
    default:
      return `No significant difference between ${b} and ${a}.`;
  }
}

/**
 * Why the rule (docs/decision.md) gave this verdict, in words, for each reason code the analysis emits
 * (`VERDICT_REASONS` in src/analysis/decide-verdict.ts). An unknown code is still shown, by name.
 * @example reasonSentence(doc, doc.policy) // 'The drop of 4.4 points is statistically significant (p = 0.005355, alpha = 0.05).'
 */
export function reasonSentence({ reason, paired }: ComparisonLike, policy: Policy): string {
  const { metric, alpha, margin } = policy;
  const d = formatDifference(paired.difference.estimate, metric);
  const p = `${pValuePhrase(paired.test.pValue)}, alpha = ${alpha}`;
  const m = formatDifference(-margin, metric);
  const conf = `${formatConfidence(paired.difference.confidence)} interval`;
  const size = (x: number) => formatDifference(x, metric).replace(/^\+/, '');
  const beyond = margin > 0 ? ` and at least the margin of ${size(margin)}` : '';
  switch (reason) {
    case 'significant-drop':
      return `The drop of ${size(Math.abs(paired.difference.estimate))} is statistically significant (${p})${beyond}.`;
    case 'significant-gain':
      return `The gain of ${size(Math.abs(paired.difference.estimate))} is statistically significant (${p})${beyond}.`;
    case 'within-margin':
      return `The whole ${conf} lies within ±${size(margin)} of zero.`;
    case 'no-significant-difference':
      return `The difference of ${d} is not statistically significant (${p}).`;
    case 'upper-bound-below-margin':
      return `The whole ${conf} lies below ${m}: the candidate is worse by more than the margin.`;
    case 'non-inferior':
      return `The lower bound of the ${conf} lies above ${m}: the candidate is no worse than the baseline by more than the margin.`;
    case 'interval-crosses-margin':
      return `The ${conf} reaches below ${m}: these data cannot rule out a drop larger than the margin.`;
    default:
      return `Reason: ${reason.replace(/-/g, ' ')} (difference ${d}, ${p}).`;
  }
}

/**
 * What this eval can detect at its current size, from the observed discordance.
 * @example detectableSentence(doc.power, 'pass') // 'This eval can detect drops of 5.8 points or more (80% power, alpha = 0.05, n = 500).'
 */
export function detectableSentence(power: PowerSummary, metric: Metric): string {
  const mde = power.minimumDetectableDifference;
  const conditions = `${formatConfidence(power.targetPower)} power, alpha = ${power.alpha}, n = ${formatCount(power.n)}`;
  if (mde === null)
    return `The smallest detectable difference cannot be computed from these data (n = ${formatCount(power.n)}).`;
  const size = formatDifference(mde, metric).replace(/^\+/, '');
  return `This eval can detect ${metric === 'pass' ? 'drops' : 'differences'} of ${size} or more (${conditions}).`;
}

/**
 * How many paired items the policy's margin would need, or null when there is no margin.
 * @example marginSampleSentence(doc.power, 'pass') // 'Detecting a difference of 2.0 points would need about 1,960 paired items.'
 */
export function marginSampleSentence(power: PowerSummary, metric: Metric): string | null {
  if (power.margin <= 0) return null;
  const size = formatDifference(power.margin, metric).replace(/^\+/, '');
  if (power.nForMargin === null)
    return `The number of items needed to detect a difference of ${size} cannot be computed.`;
  return `Detecting a difference of ${size} would need about ${formatCount(power.nForMargin)} paired items.`;
}

const REASON_NOUNS: ReadonlyArray<[keyof ExclusionCounts, string, string]> = [
  ['error', 'error', 'errors'],
  ['timeout', 'timeout', 'timeouts'],
  ['skipped', 'skipped', 'skipped'],
  ['unpaired', 'unpaired', 'unpaired'],
  ['duplicate', 'duplicate', 'duplicates'],
];

/**
 * The exclusion counts as a phrase (`7 errors, 2 timeouts`), or `none`.
 * @example exclusionBreakdown({ error: 1, timeout: 0, skipped: 0, unpaired: 3, duplicate: 0 }) // '1 error, 3 unpaired'
 */
export function exclusionBreakdown(counts: ExclusionCounts): string {
  const parts = REASON_NOUNS.filter(([key]) => counts[key] > 0).map(
    ([key, one, many]) => `${formatCount(counts[key])} ${counts[key] === 1 ? one : many}`,
  );
  return parts.length === 0 ? 'none' : parts.join(', ');
}

/**
 * What was left out of the paired analysis, and why. Nothing is dropped silently.
 * @example excludedSummary(doc.excluded) // '17 rows excluded from the paired analysis: 7 errors, 2 timeouts, 1 skipped, 5 unpaired, 2 duplicates.'
 */
export function excludedSummary(excluded: Excluded): string {
  if (excluded.total === 0) return 'Nothing was excluded from the paired analysis.';
  const rows = excluded.total === 1 ? 'row' : 'rows';
  return `${formatCount(excluded.total)} ${rows} excluded from the paired analysis: ${exclusionBreakdown(excluded.byReason)}.`;
}

/** The notice shown at the top of a report built from verdict's simulated demo models. */
export const simulatedNotice = (): string =>
  "Simulated data: these results come from verdict's built-in demo models, not from real model runs.";

/**
 * The decision rule of docs/decision.md (src/analysis/decide-verdict.ts) in words, for the methods section.
 * @example decisionRule(doc.policy)
 */
export function decisionRule(policy: Policy): string {
  const m = formatDifference(policy.margin, policy.metric).replace(/^\+/, '');
  const conf = `${formatConfidence(policy.confidence)} interval`;
  const sig = `p <= alpha (${policy.alpha})`;
  const hasMargin = policy.margin > 0;
  const drop = hasMargin ? `negative and at least ${m} in size` : 'negative';
  const gain = hasMargin ? `positive and at least ${m}` : 'positive';
  const equivalent = hasMargin ? `equivalent when the whole ${conf} lies within ±${m}; ` : '';
  const rest = `improved when ${sig} and the difference is ${gain}; ${equivalent}otherwise no change.`;
  if (policy.require === 'non-inferiority') {
    const bound = hasMargin ? `-${m}` : 'zero';
    return (
      `Required: non-inferiority (margin ${m}). Regressed when the whole ${conf} lies below ${bound}; ` +
      `inconclusive when its lower bound does not clear ${bound}; otherwise ${rest} ` +
      'The gate fails on a regression (exit 1) and on an inconclusive result (exit 3).'
    );
  }
  return (
    `Required: no regression. Regressed when ${sig} and the difference (candidate minus baseline) is ${drop}; ` +
    `${rest} The gate fails only on a regression (exit 1).`
  );
}

/**
 * The comparison the overall verdict comes from: the first whose verdict is the document's (the worst over all
 * candidates), so a headline never pairs one candidate's verdict with another's numbers.
 * @example decisiveComparison(doc).candidate.variant
 */
export const decisiveComparison = (doc: VerdictDocument): Comparison =>
  doc.comparisons.find((c) => c.verdict === doc.verdict) ?? doc.comparisons[0]!;

/**
 * The methods in one paragraph: the test, the interval and the slice correction.
 * @example methodsSummary(doc)
 */
export function methodsSummary(doc: VerdictDocument): string {
  const { paired, policy } = doc;
  const tests = [paired.test, ...paired.otherTests].map((t) => testName(t.method));
  const slices =
    doc.slices.length > 0 || policy.by.length > 0
      ? ` Slice p-values are adjusted with the ${correctionName(policy.correction)} correction over the slices of each field.`
      : '';
  const candidates =
    doc.comparisons.length > 1
      ? ` With ${doc.comparisons.length} candidates, each comparison's p-value is adjusted with the ${correctionName(policy.correction)} correction.`
      : '';
  return (
    `Test: ${tests.join('; also ')}. Interval: ${intervalName(paired.difference.method)}, ` +
    `${formatConfidence(paired.difference.confidence)}, of candidate minus baseline.${slices}${candidates}`
  );
}

/**
 * The key numbers in one line: difference, interval, p-value and n.
 * @example keyNumbersLine(doc.paired, 'pass') // 'Difference -4.4 points (95% CI -7.4 to -1.4), p = 0.005355, n = 500 paired items.'
 */
export function keyNumbersLine(paired: ComparisonLike['paired'], metric: Metric): string {
  const { difference, test, n } = paired;
  const interval = `${formatConfidence(difference.confidence)} CI ${formatBounds(difference.lower, difference.upper, metric)}`;
  return `Difference ${formatDifference(difference.estimate, metric)} (${interval}), ${pValuePhrase(test.pValue)}, n = ${formatCount(n)} paired items.`;
}
