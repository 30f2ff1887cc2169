/**
 * Every sentence the reports show, as functions of the Verdict document (as vega-lite's `log/message.ts`), so
 * the HTML, Markdown, JUnit and terminal outputs say the same thing and tests compare against the function.
 * Messages return plain text: each renderer escapes it for its own format.
 */
import {
  countOf,
  formatBounds,
  formatConfidence,
  formatCount,
  formatDifference,
  formatPercent,
  formatPValue,
  pValuePhrase,
} from '../src/schema/format-number';
import type {
  Comparison,
  Excluded,
  ExclusionCounts,
  Interval,
  MissingData,
  PairedComparison,
  Policy,
  PowerSummary,
  Sensitivity,
  SequentialEvidence,
  VariantSummary,
  VerdictDocument,
  VerdictKind,
} from '../src/schema/verdict-document';
import { correctionName, intervalLabel, intervalName, testLabel, testName } from './method-names';

type Metric = Policy['metric'];
/** What a verdict sentence needs from a comparison (a `Comparison`, or the document's first one). */
export type ComparisonLike = Pick<Comparison, 'baseline' | 'candidate' | 'verdict' | 'reason' | 'paired'> &
  Partial<Pick<Comparison, 'power' | 'incomplete'>>;

const LABELS: Readonly<Record<VerdictKind, string>> = {
  regressed: 'Regressed',
  improved: 'Improved',
  equivalent: 'Equivalent',
  'non-inferior': 'Non-inferior',
  'below-margin': 'Below the margin',
  'no-significant-difference': 'No significant difference',
  underpowered: 'Underpowered',
  inconclusive: 'Inconclusive',
  incomplete: 'Incomplete',
};

/**
 * The verdict as words for a heading (`Regressed`, `No significant difference`, ...).
 * @example verdictLabel('no-significant-difference') // 'No significant difference'
 */
export const verdictLabel = (verdict: VerdictKind): string => LABELS[verdict];

/**
 * The verdict as an upper-case status word, with no emoji, for Markdown headlines and terminals.
 * @example verdictStatusWord('underpowered') // 'UNDERPOWERED'
 */
export const verdictStatusWord = (verdict: VerdictKind): string => LABELS[verdict].toUpperCase();

/**
 * Whether the CI gate passed, in words: `PASSED` or `FAILED (exit 1)`.
 * @example gateWords(doc.gate) // 'FAILED (exit 4)'
 */
export const gateWords = ({ passed, exitCode }: VerdictDocument['gate']): string =>
  passed ? 'gate PASSED' : `gate FAILED (exit ${exitCode})`;

const size = (x: number, metric: Metric) => formatDifference(Math.abs(x), metric).replace(/^\+/, '');

/**
 * One sentence a release manager can act on: what happened to the candidate compared with the baseline.
 * @example verdictHeadline(doc) // 'B is worse than A.'
 */
export function verdictHeadline(comparison: ComparisonLike, policy: Policy): string {
  const { baseline, candidate, verdict } = comparison;
  const [a, b] = [baseline.variant, candidate.variant];
  const m = size(policy.margin, policy.metric);
  switch (verdict) {
    case 'regressed':
      return `${b} is worse than ${a}.`;
    case 'improved':
      return `${b} is better than ${a}.`;
    case 'equivalent':
      return `${b} performs the same as ${a}, within ±${m}.`;
    case 'non-inferior':
      return `${b} is no worse than ${a} by more than ${m}.`;
    case 'below-margin':
      return `${b} differs from ${a}, but by less than the ${m} margin.`;
    case 'inconclusive':
      return `Not enough evidence that ${b} is no worse than ${a}.`;
    case 'incomplete':
      return `Not decided: the results of ${b} vs ${a} are incomplete.`;
    case 'underpowered': {
      const effect = comparison.power?.effect;
      const what =
        effect === null || effect === undefined
          ? 'a difference that matters'
          : `a drop of ${size(effect, policy.metric)}`;
      return `No significant difference between ${b} and ${a}, but this eval is too small to detect ${what}.`;
    }
    case 'no-significant-difference':
      return `No significant difference between ${b} and ${a}.`;
  }
}

/**
 * Why the rule (docs/decision.md) gave this verdict, in words, for each reason code the analysis emits
 * (`VERDICT_REASONS` in src/analysis/decide-verdict.ts). An unknown code is still shown, by name.
 * @example reasonSentence(doc, doc.policy) // 'The drop of 4.4 points is statistically significant (p = 0.005355, alpha = 0.05).'
 */
export function reasonSentence(comparison: ComparisonLike, policy: Policy): string {
  const { reason, paired } = comparison;
  const { metric, alpha, margin } = policy;
  const d = formatDifference(paired.difference.estimate, metric);
  const p = `${pValuePhrase(paired.test.pValue)}, alpha = ${alpha}`;
  const m = formatDifference(-margin, metric);
  const conf = `${formatConfidence(paired.difference.confidence)} interval`;
  const beyond = margin > 0 ? ` and at least the margin of ${size(margin, metric)}` : '';
  switch (reason) {
    case 'incomplete': {
      const messages = (comparison.incomplete ?? []).map((r) => r.message);
      return messages.length === 0 ? 'The results are incomplete.' : `Incomplete: ${messages.join('; ')}.`;
    }
    case 'significant-drop':
      return `The drop of ${size(paired.difference.estimate, metric)} is statistically significant (${p})${beyond}.`;
    case 'significant-gain':
      return `The gain of ${size(paired.difference.estimate, metric)} is statistically significant (${p})${beyond}.`;
    case 'within-margin':
      return `The whole ${conf} lies within ±${size(margin, metric)} of zero.`;
    case 'significant-below-margin':
      return `The difference of ${d} is statistically significant (${p}) but smaller than the margin of ${size(margin, metric)}, and the ${conf} does not show it stays within the margin.`;
    case 'no-significant-difference':
      return comparison.power !== undefined && comparison.power.powerAtEffect === null
        ? `The difference of ${d} is not statistically significant (${p}); no effect size was given to check that the eval could detect one (give --detect or --margin).`
        : `The difference of ${d} is not statistically significant (${p}), and this eval could have detected the difference that matters (see its power).`;
    case 'underpowered': {
      const power = comparison.power;
      const chance =
        power?.powerAtEffect === null || power?.powerAtEffect === undefined || power.effect === null
          ? 'too little power'
          : `${formatPercent(power.powerAtEffect, 0)} power to detect ${metric === 'pass' ? 'a drop' : 'a difference'} of ${size(power.effect, metric)} (${formatConfidence(power.targetPower)} wanted)`;
      return `The difference of ${d} is not statistically significant (${p}), and with ${formatCount(paired.n)} paired items this eval has ${chance}: it cannot tell.`;
    }
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
 * What to do about an incomplete comparison, one sentence per reason.
 * @example incompleteFixes(comparison) // ['To fix: re-run the failed cells (verdict run ... --resume --retry-errors), or raise the limit with --max-missing.']
 */
export const incompleteFixes = (comparison: Pick<Comparison, 'incomplete'>): string[] => [
  ...new Set(comparison.incomplete.map((r) => `To fix: ${r.fix}.`)),
];

/**
 * What this eval can detect at its current size: the smallest detectable difference, or that none is.
 * @example detectableSentence(doc.power, 'pass') // 'This eval can detect drops of 5.8 points or more (80% power, alpha = 0.05, n = 500, exact power of the score test).'
 */
export function detectableSentence(power: PowerSummary, metric: Metric): string {
  const mde = power.minimumDetectableDifference;
  const clustered = power.designEffect > 1 ? `, design effect ${power.designEffect.toFixed(2)}` : '';
  const how = `${power.method === 'exact' ? 'exact power' : power.method === 'connor' ? "Connor's approximation" : 't approximation'} of the ${testLabel(power.test)}`;
  const conditions = `${formatConfidence(power.targetPower)} power, alpha = ${power.alpha}, n = ${formatCount(power.n)}${clustered}, ${how}`;
  const things = metric === 'pass' ? 'drops' : 'differences';
  if (mde === null) {
    const largest = power.maxDifference === null ? '' : ` up to ${size(power.maxDifference, metric)}`;
    const why =
      power.clusters !== null && power.clusters !== undefined
        ? `with ${countOf(power.clusters, 'cluster')} the clustered test cannot reach alpha = ${power.alpha} often enough: more clusters are needed, not more items in these`
        : `the test cannot reach alpha = ${power.alpha} often enough with so few items`;
    return `No ${metric === 'pass' ? 'drop' : 'difference'} of any size${largest} can be detected with ${formatConfidence(power.targetPower)} power at n = ${formatCount(power.n)}: ${why} (${conditions}).`;
  }
  return `This eval can detect ${things} of ${size(mde, metric)} or more (${conditions}).`;
}

/**
 * How many paired items the reference effect (the margin, else the detectable effect) needs, and the power now.
 * @example effectSampleSentence(doc.power, 'pass') // 'Detecting a drop of 5.0 points with 80% power needs about 1,960 paired items (power now 34%).'
 */
export function effectSampleSentence(power: PowerSummary, metric: Metric): string | null {
  if (power.effect === null) return null;
  const what = `${metric === 'pass' ? 'a drop' : 'a difference'} of ${size(power.effect, metric)}${power.margin > 0 ? ' (the margin)' : ''}`;
  const now = power.powerAtEffect === null ? '' : ` (power now ${formatPercent(power.powerAtEffect, 0)})`;
  if (power.nForEffect === null)
    return `The number of items needed to detect ${what} cannot be planned from these data${now}.`;
  const count = formatCount(power.nForEffect);
  const amount =
    power.nForEffectBound === 'at-least'
      ? `at least ${count} paired items (no discordant pair was seen: planned at the least discordance a difference that size allows, the fewest items it could take)`
      : power.nForEffectBound === 'at-most'
        ? `at most ${count} paired items (planned at the largest spread the outcome allows)`
        : `about ${count} paired items`;
  return `Detecting ${what} with ${formatConfidence(power.targetPower)} power needs ${amount}${now}.`;
}

/**
 * Missing results of a comparison in one sentence: each variant's share of its planned cells, and the
 * differential check.
 * @example missingSentence(comparison.missing) // 'Missing results: model-v1 0 of 400 planned cells (0.0%), model-v2 12 of 400 (3.0%: 12 errors); differential check p = 0.0005 (flagged below 0.001).'
 */
export function missingSentence(missing: MissingData): string {
  const parts = missing.byVariant.map((v) => {
    const kinds = (
      [
        [v.error, 'error', 'errors'],
        [v.timeout, 'timeout', 'timeouts'],
        [v.skipped, 'skipped', 'skipped'],
        [v.absent, 'absent', 'absent'],
      ] as const
    )
      .filter(([count]) => count > 0)
      .map(([count, one, many]) => countOf(count, one, many));
    const detail = kinds.length > 0 ? `: ${kinds.join(', ')}` : '';
    return `${v.variant} ${formatCount(v.planned - v.ok)} of ${formatCount(v.planned)} planned cells (${formatPercent(v.share)}${detail})`;
  });
  const { differential } = missing;
  const check =
    differential.candidateOnlyMissing + differential.baselineOnlyMissing === 0
      ? 'no item is missing for one variant only'
      : `the candidate alone misses ${countOf(differential.candidateOnlyMissing, 'item')}, the baseline alone ${formatCount(differential.baselineOnlyMissing)} (differential check ${pValuePhrase(differential.pValue)}${differential.flagged ? `, flagged at ${differential.alpha}` : ''})`;
  const plan = missing.planSource === 'manifest' ? " (the plan is the run's own)" : '';
  const notPlanned =
    missing.notPlanned === undefined
      ? ''
      : ` Not planned for these two: ${countOf(missing.notPlanned.items, 'item')} only ${missing.notPlanned.from.join(', ')} ${missing.notPlanned.from.length === 1 ? 'holds (its input lists its' : 'hold (their inputs list their'} own plan).`;
  return `Missing results${plan}: ${parts.join(', ')}; ${check}. Limit: ${formatPercent(missing.maxMissing)} per variant.${notPlanned}`;
}

/**
 * The sensitivity analysis in one sentence: the same comparison with the other treatment of non-ok cells.
 * @example sensitivitySentence(comparison, 'pass') // 'Sensitivity, with missing cells counted as failures: difference -6.0 points (95% CI -9.1 to -2.9), p = 0.0002: Regressed.'
 */
export function sensitivitySentence(
  { sensitivity, missing }: { readonly sensitivity: Sensitivity | null; readonly missing: MissingData },
  metric: Metric,
): string {
  if (missing.byVariant.every((v) => v.ok === v.planned)) {
    return 'Sensitivity: no planned cell is missing, so counting missing cells as failures changes nothing.';
  }
  if (sensitivity === null) return 'Sensitivity analysis: not available (no item is paired that way).';
  const { paired, errors, verdict } = sensitivity;
  const treatment =
    errors === 'count-as-fail'
      ? 'with missing cells counted as failures of the variant that had them'
      : 'on the items both variants answered (missing cells left out)';
  const numbers = keyNumbersLine(paired, metric)
    .replace(/\.$/, '')
    .replace(/^Difference/, 'difference');
  return `Sensitivity, ${treatment}: ${numbers}: ${verdictLabel(verdict)}.`;
}

/**
 * The clustering of a comparison in one sentence, or null without a cluster field.
 * @example clusteringSentence(doc.paired) // 'Clustered by tags.passage: 40 clusters, design effect 1.90 (the interval is 1.38 times as wide as if the items were independent).'
 */
export function clusteringSentence(paired: PairedComparison): string | null {
  const c = paired.clustering;
  if (c === null) return null;
  const effect =
    c.designEffect === null
      ? 'design effect not defined (too few clusters, or no variation between items)'
      : `design effect ${c.designEffect.toFixed(2)} (the variance of the difference is ${c.designEffect.toFixed(2)} times what it would be with independent items)`;
  return `Clustered by ${c.field}: ${countOf(c.clusters, 'cluster')}, ${effect}; test ${testLabel(c.method)}.`;
}

/**
 * Where a further interval (--interval, the bootstrap) disagrees with the test about zero, the sentence that
 * says which one decides; null when they agree.
 * @example intervalDisagreement(doc.paired) // 'The Newcombe interval (-46.9 to -3.8 points) excludes 0 while the score McNemar test does not reject; the verdict follows the test and the interval shown first, which agree.'
 */
export function intervalDisagreement(paired: PairedComparison, metric: Metric): string | null {
  const rejects =
    !(paired.difference.lower <= 0 && paired.difference.upper >= 0) || paired.difference.adjustedToTest === 'cut';
  const other = paired.otherIntervals.find((i) => excludesZero(i) !== rejects);
  if (other === undefined) return null;
  const claim = excludesZero(other) ? 'excludes 0' : 'includes 0';
  const test = testLabel(paired.test.method);
  const unit = metric === 'pass' ? ' points' : '';
  return `The ${intervalLabel(other.method)} (${formatBounds(other.lower, other.upper, metric)}${unit}) ${claim} while the ${test} ${rejects ? 'rejects' : 'does not reject'}; the verdict follows the test and the interval shown first, which agree.`;
}

const excludesZero = (i: Pick<Interval, 'lower' | 'upper'>) => i.lower > 0 || i.upper < 0;

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

/**
 * Runs among the inputs that are not finished, in one sentence (shown in every headline), or null.
 * @example unfinishedRunsSentence(doc) // 'Judged on an unfinished run: runs/a is interrupted (450 of 3,000 planned cells stored).'
 */
export function unfinishedRunsSentence(doc: Pick<VerdictDocument, 'runs' | 'policy'>): string | null {
  const unfinished = doc.runs.filter((run) => !run.complete);
  if (unfinished.length === 0) return null;
  const list = unfinished
    .map(
      (run) =>
        `${run.path} is ${run.status === 'completed' ? 'missing cells' : run.status} (${formatCount(run.stored)} of ${formatCount(run.planned)} planned cells stored)`,
    )
    .join('; ');
  return doc.policy.allowIncomplete
    ? `Judged on an unfinished run (--allow-incomplete): ${list}.`
    : `Unfinished run: ${list}.`;
}

/** The notice shown at the top of a report built from verdict's simulated demo models. */
export const simulatedNotice = (): string =>
  "Simulated data: these results come from verdict's built-in demo models, not from real model runs.";

/**
 * The decision rule of docs/decision.md (src/analysis/decide-verdict.ts) in words, for the methods section.
 * @example decisionRule(doc.policy)
 */
export function decisionRule(policy: Policy): string {
  const m = size(policy.margin, policy.metric);
  const conf = 'interval';
  const sig = `p <= alpha (${policy.alpha})`;
  const hasMargin = policy.margin > 0;
  const first =
    `Incomplete (exit 4) when a run is unfinished, a variant misses more than ${formatPercent(policy.maxMissing)} of its planned cells, ` +
    `or the candidate misses items the baseline has more often than the reverse (one-sided exact p <= ${policy.missingAlpha}). `;
  const drop = hasMargin ? `negative and at least ${m} in size` : 'negative';
  const gain = hasMargin ? `positive and at least ${m}` : 'positive';
  const equivalent = hasMargin ? `equivalent when the whole ${conf} lies within ±${m}; ` : '';
  const effect = hasMargin
    ? `the margin`
    : policy.detectableEffect === null
      ? null
      : size(policy.detectableEffect, policy.metric);
  const underpowered =
    effect === null
      ? 'otherwise no significant difference.'
      : `otherwise underpowered when the power to detect ${effect} is below ${formatConfidence(policy.targetPower)}, else no significant difference.`;
  const better = `improved when ${sig} and the difference is ${gain}; ${equivalent}`;
  if (policy.require === 'non-inferiority') {
    const bound = hasMargin ? `-${m}` : 'zero';
    return (
      `Required: non-inferiority (margin ${m}). ${first}Regressed when the whole ${conf} lies below ${bound}; ` +
      `inconclusive when its lower bound does not clear ${bound}; otherwise ${better}otherwise non-inferior. ` +
      'The gate fails on a regression (exit 1), an incomplete comparison (exit 4) and an inconclusive result (exit 3).'
    );
  }
  const below = hasMargin ? `below the margin when ${sig} but the difference is smaller than ${m}; ` : '';
  return (
    `Required: no regression. ${first}Regressed when ${sig} and the difference (candidate minus baseline) is ${drop}; ` +
    `${better}${below}${underpowered} The gate fails on a regression (exit 1) and on an incomplete comparison (exit 4).`
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
 * The methods in one paragraph: the test, the interval dual to it, further intervals and the corrections.
 * @example methodsSummary(doc)
 */
export function methodsSummary(doc: VerdictDocument): string {
  const { paired, policy } = doc;
  const tests = [paired.test, ...paired.otherTests].map((t) => testName(t.method));
  const others = paired.otherIntervals.map((i) => intervalName(i.method));
  const adjusted =
    paired.difference.adjustedToTest === 'widened'
      ? ' (widened to reach 0, because the test does not reject)'
      : paired.difference.adjustedToTest === 'cut'
        ? ' (cut at 0, because the test rejects)'
        : '';
  const slices =
    doc.slices.length > 0 || policy.by.length > 0
      ? ` Slice p-values are adjusted with the ${correctionName(policy.correction)} correction over the slices of each field, and each slice's interval at the matching level.`
      : '';
  const candidates =
    doc.comparisons.length > 1
      ? ` With ${doc.comparisons.length} candidates, p-values and intervals are adjusted together (${policy.require === 'non-inferiority' || policy.margin > 0 ? 'Bonferroni, so the intervals hold simultaneously' : correctionName(policy.correction)}).`
      : '';
  const errors =
    policy.errors === 'count-as-fail'
      ? ' Primary analysis: every planned cell, missing ones counted as failures (intention to treat).'
      : ' Primary analysis: the items both variants answered; the sensitivity analysis counts the missing cells as failures.';
  return (
    `Test: ${tests.join('; also ')}. Interval: ${intervalName(paired.difference.method)}, ` +
    `${formatConfidence(paired.difference.confidence)}, of candidate minus baseline, dual to the test${adjusted}` +
    `${others.length > 0 ? `; also ${others.join(', ')}` : ''}.${errors}${slices}${candidates}`
  );
}

/**
 * The key numbers in one line: difference, interval, p-value and n.
 * @example keyNumbersLine(doc.paired, 'pass') // 'Difference -4.4 points (95% CI -7.4 to -1.4), p = 0.005355, n = 500 paired items.'
 */
export function keyNumbersLine(paired: ComparisonLike['paired'], metric: Metric): string {
  const { difference, test, n } = paired;
  // An interval cut at 0 is open there (the test rejects 0): said, since the bound prints as 0.
  const open = difference.adjustedToTest === 'cut' ? ', 0 excluded' : '';
  const interval = `${formatConfidence(difference.confidence)} CI ${formatBounds(difference.lower, difference.upper, metric)}${open}`;
  return `Difference ${formatDifference(difference.estimate, metric)} (${interval}), ${pValuePhrase(test.pValue)}, n = ${formatCount(n)} paired items.`;
}

/**
 * Which rows a pass rate is over, for labels: the paired comparison's rates are over the paired items; a
 * variant's own rate is over all its ok rows.
 * @example passRateScope('paired') // 'over the paired items'
 */
export const passRateScope = (scope: 'paired' | 'all'): string =>
  scope === 'paired' ? 'over the paired items' : 'over all its ok rows';

/** Which way a flip list goes: the items that got worse (`passToFail`) or better (`failToPass`). */
export type FlipDirection = 'passToFail' | 'failToPass';

/**
 * The title of a flip list, in the terms of the design: items that flipped (one sample per item), or whose
 * pass rate or mean score fell or rose.
 * @example flipListTitle('passToFail', 'binary') // 'Pass → fail'
 */
export function flipListTitle(direction: FlipDirection, design: PairedComparison['design']): string {
  const worse = direction === 'passToFail';
  if (design === 'binary') return worse ? 'Pass → fail' : 'Fail → pass';
  const what = design === 'score' ? 'Mean score' : 'Pass rate';
  return `${what} ${worse ? 'fell' : 'rose'}`;
}

/**
 * A flip list's heading with its count, and how many of them are listed when not all are.
 * @example flipListHeading('Pass → fail', { shown: 10, total: 42 }) // 'Pass → fail: 42 items, showing 10 of 42'
 * @example flipListHeading('Pass → fail', { shown: 0, total: 42 }) // 'Pass → fail: 42 items, not listed (--flips 0)'
 */
export function flipListHeading(title: string, { shown, total }: { shown: number; total: number }): string {
  const count = `${title}: ${countOf(total, 'item')}`;
  if (shown >= total) return count;
  return shown === 0
    ? `${count}, not listed (--flips 0)`
    : `${count}, showing ${formatCount(shown)} of ${formatCount(total)}`;
}

/** The column headers of a flip table, the same in every report. */
export const FLIP_COLUMNS = {
  item: 'item',
  tags: 'tags',
  input: 'question',
  expected: 'expected',
  baselineScore: 'baseline score',
  candidateScore: 'candidate score',
  baselineOutput: 'baseline output',
  candidateOutput: 'candidate output',
  baselineReason: 'baseline reason',
  candidateReason: 'candidate reason',
} as const;

/** What a flip table shows in a column the item has no value for. */
export const NO_VALUE = '—';

/**
 * Where to find an item too large to copy into each record (`itemRef`): its file and the start of its hash.
 * @example itemRefSentence({ file: 'items.jsonl', sha256: '9f86d081884c7d65...' }) // 'too long to copy: in items.jsonl, sha256 9f86d081884c'
 */
export function itemRefSentence(itemRef: { readonly file?: string; readonly sha256: string }): string {
  const where = itemRef.file === undefined ? '' : ` in ${itemRef.file},`;
  return `too long to copy:${where} sha256 ${itemRef.sha256.slice(0, 12)}`;
}

/**
 * The flip lists as their headings and the items to list, at most `maxFlips` per direction (the analysis
 * may already have listed fewer than it counted).
 */
export function flipLists(
  comparison: Pick<Comparison, 'flips' | 'paired'>,
  maxFlips: number,
): { direction: FlipDirection; heading: string; total: number; items: Comparison['flips']['passToFail'] }[] {
  const { flips, paired } = comparison;
  return (
    [
      ['passToFail', flips.nPassToFail, flips.passToFail],
      ['failToPass', flips.nFailToPass, flips.failToPass],
    ] as const
  ).map(([direction, total, listed]) => {
    const items = listed.slice(0, maxFlips);
    const heading = flipListHeading(flipListTitle(direction, paired.design), { shown: items.length, total });
    return { direction, heading, total, items };
  });
}

/** The sequential findings in words (stats `pairedSequenceDecision`). */
const FINDING_WORDS: Readonly<Record<NonNullable<SequentialEvidence['finding']>, string>> = {
  worse: 'the candidate is worse',
  better: 'the candidate is better',
  equivalent: 'the two are equivalent within the margin',
  'within-margin': 'the two differ by less than the margin',
  'non-inferior': 'the candidate is non-inferior within the margin',
};

/**
 * Which analysis a comparison shows, in one sentence: every report states it, because a fixed-n p-value read after
 * peeking (or after `verdict run --stop-early`) is not valid, and the sequential one is.
 * @example analysisSentence(doc.paired, doc.policy) // 'Analysis: fixed-n (the test and interval at the 500 paired items there are; if the run was stopped on seeing its results, use compare --sequential).'
 */
export function analysisSentence(paired: PairedComparison, policy: Pick<Policy, 'analysis'>): string {
  const evidence = paired.sequential;
  if (policy.analysis !== 'sequential' || evidence === undefined) {
    return `Analysis: fixed-n (the test and interval at the ${formatCount(paired.n)} paired items there are; if the run was stopped on seeing its results, use compare --sequential).`;
  }
  const order =
    evidence.order === 'finishedAt'
      ? `over the ${countOf(evidence.pairs, 'pair')} in the order they finished (the records' finishedAt): valid however often the results were looked at and wherever the run stopped`
      : `over ${countOf(evidence.pairs, 'pair')} whose order the records do not tell (no finishedAt): only the e-values at the last pair are used, valid at this n but not if the run was stopped on seeing its results`;
  const finding =
    evidence.finding === null
      ? 'No sequential finding yet'
      : `First finding: ${FINDING_WORDS[evidence.finding]} (at pair ${formatCount(evidence.decidedAt ?? evidence.pairs)})`;
  const fixed = evidence.fixedN.test;
  return `Analysis: sequential, anytime-valid (${testLabel(paired.test.method)} and its confidence sequence, Waudby-Smith & Ramdas 2024) ${order}. ${finding}; the fixed-n ${testLabel(fixed.method)} gives p = ${formatPValue(fixed.pValue)}, for reference only.`;
}

/**
 * What the output cache saved, over the variants whose records it served (`verdict run`, records with `cached:
 * true`, and a judge's answers: `judge.cached`), or null when it served none: the calls not made and what they cost
 * when first computed.
 * @example cacheSavingsSentence(doc.variants) // 'The output cache served 24 cells, so 24 calls and $0.3840 were saved (baseline 24).'
 */
export function cacheSavingsSentence(variants: readonly VariantSummary[]): string | null {
  const served = variants.filter((v) => v.cached !== undefined);
  if (served.length === 0) return null;
  const cells = served.reduce((sum, v) => sum + v.cached!.cells, 0);
  const judged = served.reduce((sum, v) => sum + (v.cached!.judgeCalls ?? 0), 0);
  const cost = served.reduce((sum, v) => sum + v.cached!.costSavedUsd, 0);
  const money = cost > 0 ? ` and $${cost.toFixed(4)}` : '';
  const calls = cells + judged;
  const what = judged > 0 ? `${countOf(cells, 'cell')} and ${countOf(judged, 'judge answer')}` : countOf(cells, 'cell');
  const each = served
    .map((v) => {
      const { cells: own, judgeCalls } = v.cached!;
      return judgeCalls === undefined
        ? `${v.variant} ${formatCount(own)}`
        : `${v.variant} ${formatCount(own)} + ${formatCount(judgeCalls)} judged`;
    })
    .join(', ');
  return `The output cache served ${what}, so ${countOf(calls, 'call')}${money} ${calls === 1 && money === '' ? 'was' : 'were'} saved (${each}).`;
}
