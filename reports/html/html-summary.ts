import {
  formatBounds,
  formatConfidence,
  formatCount,
  formatDifference,
  formatPercent,
  formatPValue,
  formatSignificant,
} from '../../src/schema/format-number';
import type { VerdictDocument } from '../../src/schema/verdict-document';
import {
  analysisSentence,
  cacheSavingsSentence,
  clusteringSentence,
  decisiveComparison,
  detectableSentence,
  effectSampleSentence,
  excludedSummary,
  gateWords,
  incompleteFixes,
  intervalDisagreement,
  missingSentence,
  reasonSentence,
  sensitivitySentence,
  simulatedNotice,
  unfinishedRunsSentence,
  verdictHeadline,
  verdictLabel,
} from '../messages';
import { intervalName, testLabel } from '../method-names';
import { html, type SafeHtml } from './html-template';

/**
 * The top of the report: the verdict and the gate in colour and words, one sentence on why (and, when the
 * results are incomplete, what to do), and the key numbers a release manager needs, all from the comparison the
 * overall verdict comes from: the difference with the interval dual to the test, the p-value, n, the pass rates
 * over the paired items, flips, missing results with the sensitivity analysis, clustering, and what the eval can
 * detect.
 */
export function htmlSummary(doc: VerdictDocument): SafeHtml {
  const { policy } = doc;
  const cache = cacheSavingsSentence(doc.variants);
  const metric = policy.metric;
  const decisive = decisiveComparison(doc);
  const { paired, flips, power } = decisive;
  const rate = (x: number) => (metric === 'pass' ? formatPercent(x) : formatSignificant(x, 4));
  const effect = effectSampleSentence(power, metric);
  const unit = metric === 'pass' ? ' points' : '';
  const several = doc.comparisons.length > 1;
  const unfinished = unfinishedRunsSentence(doc);
  const clustering = clusteringSentence(paired);
  const disagreement = intervalDisagreement(paired, metric);
  return html`<header class="verdict verdict-${doc.verdict}" data-verdict="${doc.verdict}" data-gate="${doc.gate.passed ? 'passed' : 'failed'}">
<p class="status"><span class="badge">${verdictLabel(doc.verdict)}</span> <span class="gate">${gateWords(doc.gate)}</span>${several ? html` <span class="overall">(worst of ${doc.comparisons.length} comparisons)</span>` : ''}</p>
<h1>${verdictHeadline(decisive, policy)}</h1>
<p class="reason">${reasonSentence(decisive, policy)}</p>
${decisive.incomplete.length > 0 ? html`<ul class="fixes">${incompleteFixes(decisive).map((fix) => html`<li>${fix}</li>`)}</ul>` : ''}
${unfinished ? html`<p class="notice" role="note">${unfinished}</p>` : ''}
${doc.simulated ? html`<p class="notice" role="note">${simulatedNotice()}</p>` : ''}
<dl class="key-numbers">
<div><dt>Difference (candidate − baseline)</dt><dd>${formatDifference(paired.difference.estimate, metric)}</dd></div>
<div><dt>${formatConfidence(paired.difference.confidence)} interval</dt><dd>${formatBounds(paired.difference.lower, paired.difference.upper, metric)}${unit}<small>${intervalName(paired.difference.method)}</small></dd></div>
<div><dt>p-value</dt><dd>${formatPValue(paired.test.pValue)}<small>${testLabel(paired.test.method)}${several ? `; adjusted across candidates ${formatPValue(decisive.adjustedPValue)}` : ''}</small></dd></div>
<div><dt>Paired items</dt><dd>${formatCount(paired.n)}</dd></div>
<div><dt>${metric === 'pass' ? 'Pass rate' : 'Mean score'} over the paired items: baseline → candidate</dt><dd>${rate(paired.baselineRate)} → ${rate(paired.candidateRate)}</dd></div>
<div><dt>Flips</dt><dd>${formatCount(flips.nPassToFail)} pass → fail, ${formatCount(flips.nFailToPass)} fail → pass</dd></div>
</dl>
${disagreement ? html`<p class="disagreement">${disagreement}</p>` : ''}
<p class="analysis">${analysisSentence(decisive.paired, policy)}</p>
<p class="missing">${missingSentence(decisive.missing)}</p>
<p class="sensitivity">${sensitivitySentence(decisive, metric)}</p>
<p class="excluded">${excludedSummary(doc.excluded)}</p>
${cache ? html`<p class="cache">${cache}</p>` : ''}
${clustering ? html`<p class="clustering">${clustering}</p>` : ''}
<p class="power">${detectableSentence(power, metric)}${effect ? ` ${effect}` : ''}</p>
</header>`;
}
