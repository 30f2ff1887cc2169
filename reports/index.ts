// verdict/reports: renderers of the Verdict document. Pure Vega-Lite chart builders usable in notebooks.

// The input contract
export * from './verdict-document';

// Renderers

export { type RenderHtmlReportOptions, renderHtmlReport } from './html/render-html-report';
export { renderJsonReport } from './json/render-json-report';
export { comparisonFails, renderJUnitReport } from './junit/render-junit-report';
export { type RenderMarkdownReportOptions, renderMarkdownReport } from './markdown/render-markdown-report';

// Chart builders: pure functions returning Vega-Lite specs (no DOM, no Node)

export * from './charts/index';

// Wording and number formatting

export {
  countOf,
  formatBounds,
  formatConfidence,
  formatCount,
  formatDifference,
  formatInterval,
  formatPercent,
  formatPoints,
  formatPValue,
  formatSignificant,
  formatStatistic,
  PVALUE_EPSILON,
  pValuePhrase,
} from './format-number';
export {
  analysisSentence,
  type ComparisonLike,
  cacheSavingsSentence,
  clusteringSentence,
  decisionRule,
  decisiveComparison,
  detectableSentence,
  effectSampleSentence,
  excludedSummary,
  exclusionBreakdown,
  gateWords,
  incompleteFixes,
  intervalDisagreement,
  keyNumbersLine,
  methodsSummary,
  missingSentence,
  passRateScope,
  reasonSentence,
  sensitivitySentence,
  simulatedNotice,
  unfinishedRunsSentence,
  verdictHeadline,
  verdictLabel,
  verdictStatusWord,
} from './messages';
export { correctionName, intervalLabel, intervalName, testLabel, testName } from './method-names';

// Escaping

export { escapeHtml } from './escape/escape-html';
export { escapeMarkdown } from './escape/escape-markdown';
export { escapeXml } from './escape/escape-xml';
