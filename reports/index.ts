// verdict/reports: renderers of the Verdict document. Pure Vega-Lite chart builders usable in notebooks.

// The input contract
export * from '../src/schema/verdict-document';

// Renderers

export { DEFAULT_HTML_MAX_FLIPS, DEFAULT_MARKDOWN_MAX_FLIPS } from './flip-list-defaults';
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
} from '../src/schema/format-number';
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
  FLIP_COLUMNS,
  type FlipDirection,
  flipListHeading,
  flipLists,
  flipListTitle,
  gateWords,
  incompleteFixes,
  intervalDisagreement,
  itemRefSentence,
  keyNumbersLine,
  methodsSummary,
  missingSentence,
  NO_VALUE,
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
