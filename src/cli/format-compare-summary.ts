import {
  detectableSentence,
  excludedSummary,
  formatBounds,
  formatDifference,
  formatPValue,
  keyNumbersLine,
  marginSampleSentence,
  reasonSentence,
  verdictHeadline,
  verdictStatusWord,
} from '../../reports/index';
import type { VerdictDocument } from '../../reports/verdict-document';

/**
 * The short terminal summary of `verdict compare`: the overall verdict, then per candidate the
 * headline, difference with its interval, p-value and n, the reason, what the eval can detect, and the
 * slices; then what was excluded. The sentences are the reports' own (reports/messages), so the
 * terminal, the HTML and the Markdown say the same thing.
 */
export function formatCompareSummary(doc: VerdictDocument): string {
  const { policy } = doc;
  const lines = [`verdict: ${verdictStatusWord(doc.verdict)}`];
  for (const comparison of doc.comparisons) {
    lines.push('');
    const title = `${comparison.candidate.variant} vs ${comparison.baseline.variant}`;
    lines.push(`${verdictStatusWord(comparison.verdict)}  ${title} (${comparison.paired.design})`);
    lines.push(`  ${verdictHeadline(comparison, policy)}`);
    lines.push(`  ${keyNumbersLine(comparison.paired, policy.metric)}`);
    if (doc.comparisons.length > 1)
      lines.push(`  p adjusted over candidates (${policy.correction}): ${formatPValue(comparison.adjustedPValue)}`);
    lines.push(`  ${reasonSentence(comparison, policy)}`);
    lines.push(`  ${detectableSentence(comparison.power, policy.metric)}`);
    const marginLine = marginSampleSentence(comparison.power, policy.metric);
    if (marginLine) lines.push(`  ${marginLine}`);
    if (comparison.flips.nPassToFail + comparison.flips.nFailToPass > 0) {
      lines.push(`  Changed items: ${comparison.flips.nPassToFail} worse, ${comparison.flips.nFailToPass} better.`);
    }
    for (const slice of comparison.slices) {
      const { difference, n } = slice.paired;
      lines.push(
        `  ${slice.field} = ${slice.value}: ${verdictStatusWord(slice.verdict)}, difference ${formatDifference(difference.estimate, policy.metric)} (${formatBounds(difference.lower, difference.upper, policy.metric)}), adjusted p ${formatPValue(slice.adjustedPValue)}, n = ${n}`,
      );
    }
  }
  lines.push('', excludedSummary(doc.excluded));
  return `${lines.join('\n')}\n`;
}
