import { formatConfidence, formatCount, formatStatistic } from '../../src/schema/format-number';
import type { VerdictDocument } from '../../src/schema/verdict-document';
import {
  clusteringSentence,
  decisionRule,
  detectableSentence,
  effectSampleSentence,
  methodsSummary,
} from '../messages';
import { correctionName } from '../method-names';
import { inputsTable } from '../tables/verdict-tables';
import { htmlTable, type TextLimits } from './html-table';
import { html, type SafeHtml } from './html-template';

/** The methods section: which test and interval, the decision rule in words, the policy, power and the odds ratio. */
export function htmlMethods(doc: VerdictDocument): SafeHtml {
  const { policy, paired } = doc;
  const odds = paired.oddsRatio;
  const margin = effectSampleSentence(doc.power, policy.metric);
  const clustering = clusteringSentence(paired);
  const entries: Array<[string, string]> = [
    ['analysis', policy.analysis],
    ['metric', policy.metric],
    ['alpha', String(policy.alpha)],
    ['confidence', formatConfidence(policy.confidence)],
    [
      'margin',
      policy.metric === 'pass'
        ? `${policy.margin} (${(policy.margin * 100).toFixed(1)} points)`
        : String(policy.margin),
    ],
    ['test', policy.test],
    ['further interval', policy.interval ?? 'none'],
    ['detectable effect', policy.detectableEffect === null ? 'none' : String(policy.detectableEffect)],
    ['errors', policy.errors],
    ['max missing', `${policy.maxMissing} of each variant's planned cells`],
    ['missing alpha', String(policy.missingAlpha)],
    ['allow incomplete', String(policy.allowIncomplete)],
    ['correction', `${policy.correction} (${correctionName(policy.correction)})`],
    ['require', policy.require],
    ['target power', formatConfidence(policy.targetPower)],
    ['bootstrap resamples', formatCount(policy.bootstrapResamples)],
    ['seed', String(policy.seed)],
    ['slices by', policy.by.length > 0 ? policy.by.join(', ') : 'none'],
    ['cluster', policy.cluster ?? 'none'],
  ];
  return html`<p>${methodsSummary(doc)}</p>
<p>${decisionRule(policy)}</p>
<p>${detectableSentence(doc.power, policy.metric)}${margin ? ` ${margin}` : ''}</p>
${clustering ? html`<p>${clustering}</p>` : ''}
${
  odds
    ? html`<p>Conditional odds ratio (candidate passes where baseline fails, over the reverse): ${formatStatistic(odds.estimate)}, ${formatConfidence(odds.confidence)} interval ${formatStatistic(odds.lower)} to ${formatStatistic(odds.upper)} (${odds.method}).</p>`
    : ''
}
<h3>Policy</h3>
<dl class="policy">${entries.map(([key, value]) => html`<div><dt>${key}</dt><dd><code>${value}</code></dd></div>`)}</dl>`;
}

/** Where the numbers came from: each input with its SHA-256, the command, the tool and Node versions, the time. */
export function htmlProvenance(doc: VerdictDocument, limits: TextLimits): SafeHtml {
  const { provenance } = doc;
  const inputs =
    provenance.inputs.length === 0
      ? html`<p class="muted">No input files recorded.</p>`
      : htmlTable(inputsTable(provenance.inputs), limits);
  return html`${inputs}
<dl class="policy">
<div><dt>command</dt><dd><code>${provenance.command ?? 'not recorded'}</code></dd></div>
<div><dt>tool</dt><dd>${provenance.tool.name} ${provenance.tool.version}</dd></div>
<div><dt>node</dt><dd>${provenance.node ?? 'not recorded'}</dd></div>
<div><dt>created</dt><dd>${provenance.createdAt || 'not recorded'}</dd></div>
</dl>`;
}
