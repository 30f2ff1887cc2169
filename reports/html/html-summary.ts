import {
  formatBounds,
  formatConfidence,
  formatCount,
  formatDifference,
  formatPercent,
  formatPValue,
  formatSignificant,
} from '../format-number';
import {
  decisiveComparison,
  detectableSentence,
  excludedSummary,
  marginSampleSentence,
  reasonSentence,
  simulatedNotice,
  verdictHeadline,
  verdictLabel,
} from '../messages';
import { intervalName, testLabel } from '../method-names';
import type { VerdictDocument } from '../verdict-document';
import { html, type SafeHtml } from './html-template';

/**
 * The top of the report: the verdict in colour and words, one sentence on why, and the key numbers a release
 * manager needs (difference and interval, p-value, n, pass rates, flips, what was excluded, what the eval can
 * detect), all from the comparison the overall verdict comes from.
 */
export function htmlSummary(doc: VerdictDocument): SafeHtml {
  const { policy } = doc;
  const metric = policy.metric;
  const decisive = decisiveComparison(doc);
  const { paired, flips, power } = decisive;
  const rate = (x: number) => (metric === 'pass' ? formatPercent(x) : formatSignificant(x, 4));
  const margin = marginSampleSentence(power, metric);
  const unit = metric === 'pass' ? ' points' : '';
  const several = doc.comparisons.length > 1;
  return html`<header class="verdict verdict-${doc.verdict}" data-verdict="${doc.verdict}">
<p class="status"><span class="badge">${verdictLabel(doc.verdict)}</span>${several ? html` <span class="overall">(worst of ${doc.comparisons.length} comparisons)</span>` : ''}</p>
<h1>${verdictHeadline(decisive, policy)}</h1>
<p class="reason">${reasonSentence(decisive, policy)}</p>
${doc.simulated ? html`<p class="notice" role="note">${simulatedNotice()}</p>` : ''}
<dl class="key-numbers">
<div><dt>Difference (candidate − baseline)</dt><dd>${formatDifference(paired.difference.estimate, metric)}</dd></div>
<div><dt>${formatConfidence(paired.difference.confidence)} interval</dt><dd>${formatBounds(paired.difference.lower, paired.difference.upper, metric)}${unit}<small>${intervalName(paired.difference.method)}</small></dd></div>
<div><dt>p-value</dt><dd>${formatPValue(paired.test.pValue)}<small>${testLabel(paired.test.method)}${several ? `; adjusted across candidates ${formatPValue(decisive.adjustedPValue)}` : ''}</small></dd></div>
<div><dt>Paired items</dt><dd>${formatCount(paired.n)}</dd></div>
<div><dt>${metric === 'pass' ? 'Pass rate' : 'Mean score'}: baseline → candidate</dt><dd>${rate(paired.baselineRate)} → ${rate(paired.candidateRate)}</dd></div>
<div><dt>Flips</dt><dd>${formatCount(flips.nPassToFail)} pass → fail, ${formatCount(flips.nFailToPass)} fail → pass</dd></div>
</dl>
<p class="excluded">${excludedSummary(doc.excluded)}</p>
<p class="power">${detectableSentence(power, metric)}${margin ? ` ${margin}` : ''}</p>
</header>`;
}
