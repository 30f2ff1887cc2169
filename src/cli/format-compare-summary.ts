import {
  analysisSentence,
  cacheSavingsSentence,
  clusteringSentence,
  detectableSentence,
  effectSampleSentence,
  excludedSummary,
  formatBounds,
  formatDifference,
  formatPercent,
  formatPValue,
  formatSignificant,
  gateWords,
  incompleteFixes,
  intervalDisagreement,
  keyNumbersLine,
  missingSentence,
  reasonSentence,
  sensitivitySentence,
  simulatedNotice,
  unfinishedRunsSentence,
  verdictHeadline,
  verdictStatusWord,
} from '../../reports/index';
import type { VerdictDocument } from '../schema/verdict-document';

/**
 * The short terminal summary of `verdict compare`: the overall verdict and the gate, then per candidate the
 * headline, the difference with the interval dual to the test, p and n, the reason (and, when incomplete, what to
 * do), the pass rates over the paired items, missing results with the sensitivity analysis, what the eval can
 * detect, and the slices; then unfinished runs and what was excluded. The sentences are the reports' own
 * (reports/messages), so the terminal, the HTML, the Markdown and JUnit say the same thing.
 */
export function formatCompareSummary(doc: VerdictDocument): string {
  const { policy } = doc;
  const metric = policy.metric;
  const rate = (x: number) => (metric === 'pass' ? formatPercent(x) : formatSignificant(x, 4));
  const lines = [`verdict: ${verdictStatusWord(doc.verdict)} · ${gateWords(doc.gate)}`];
  if (doc.simulated) lines.push(simulatedNotice());
  for (const comparison of doc.comparisons) {
    const { paired } = comparison;
    lines.push('');
    const title = `${comparison.candidate.variant} vs ${comparison.baseline.variant}`;
    lines.push(`${verdictStatusWord(comparison.verdict)}  ${title} (${paired.design})`);
    lines.push(`  ${verdictHeadline(comparison, policy)}`);
    lines.push(`  ${keyNumbersLine(paired, metric)}`);
    lines.push(`  ${analysisSentence(paired, policy)}`);
    if (doc.comparisons.length > 1)
      lines.push(`  p adjusted over candidates (${policy.correction}): ${formatPValue(comparison.adjustedPValue)}`);
    lines.push(`  ${reasonSentence(comparison, policy)}`);
    for (const fix of incompleteFixes(comparison)) lines.push(`  ${fix}`);
    const disagreement = intervalDisagreement(paired, metric);
    if (disagreement) lines.push(`  ${disagreement}`);
    lines.push(
      `  ${metric === 'pass' ? 'Pass rate' : 'Mean score'} over the paired items: ${rate(paired.baselineRate)} -> ${rate(paired.candidateRate)}.`,
    );
    lines.push(`  ${missingSentence(comparison.missing)}`);
    lines.push(`  ${sensitivitySentence(comparison, metric)}`);
    const clustering = clusteringSentence(paired);
    if (clustering) lines.push(`  ${clustering}`);
    lines.push(`  ${detectableSentence(comparison.power, metric)}`);
    const effect = effectSampleSentence(comparison.power, metric);
    if (effect) lines.push(`  ${effect}`);
    if (comparison.flips.nPassToFail + comparison.flips.nFailToPass > 0) {
      lines.push(`  Changed items: ${comparison.flips.nPassToFail} worse, ${comparison.flips.nFailToPass} better.`);
    }
    for (const slice of comparison.slices) {
      const { difference, n } = slice.paired;
      lines.push(
        `  ${slice.field} = ${slice.value}: ${verdictStatusWord(slice.verdict)}, difference ${formatDifference(difference.estimate, metric)} (${formatBounds(difference.lower, difference.upper, metric)}), adjusted p ${formatPValue(slice.adjustedPValue)}, n = ${n}`,
      );
    }
  }
  const unfinished = unfinishedRunsSentence(doc);
  lines.push('');
  if (unfinished) lines.push(unfinished);
  lines.push(excludedSummary(doc.excluded));
  const cache = cacheSavingsSentence(doc.variants);
  if (cache) lines.push(cache);
  return `${lines.join('\n')}\n`;
}
