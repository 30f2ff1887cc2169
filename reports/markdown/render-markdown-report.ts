import {
  formatBounds,
  formatConfidence,
  formatCount,
  formatDifference,
  formatPercent,
  formatPValue,
  formatSignificant,
} from '../../src/schema/format-number';
import { parseVerdictDocument } from '../../src/schema/parse-verdict-document';
import type { VerdictDocument } from '../../src/schema/verdict-document';
import { escapeMarkdown } from '../escape/escape-markdown';
import { DEFAULT_MARKDOWN_MAX_FLIPS } from '../flip-list-defaults';
import {
  analysisSentence,
  cacheSavingsSentence,
  clusteringSentence,
  decisiveComparison,
  detectableSentence,
  effectSampleSentence,
  excludedSummary,
  flipLists,
  gateWords,
  incompleteFixes,
  intervalDisagreement,
  missingSentence,
  reasonSentence,
  sensitivitySentence,
  simulatedNotice,
  unfinishedRunsSentence,
  verdictHeadline,
  verdictStatusWord,
} from '../messages';
import { intervalName, testLabel } from '../method-names';
import { flipTable } from '../tables/flip-table';
import { type TableModel, words } from '../tables/table-model';
import { comparisonsTable, slicesTable, variantsTable } from '../tables/verdict-tables';
import { markdownTable } from './markdown-table';

/** Options of {@link renderMarkdownReport}. */
export interface RenderMarkdownReportOptions {
  /** Level of the top heading (2 suits a pull-request comment under the bot's name). @default 2 */
  readonly headingLevel?: number;
  /** Most flipped items listed in each direction (0 lists none; the counts are always shown). @default 10 */
  readonly maxFlips?: number;
  /** Longest excerpt of each text (question, expected answer, output, reason) per flipped item, in characters. @default 120 */
  readonly maxOutputChars?: number;
}

/**
 * The Verdict document as GitHub-flavoured Markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`: a
 * headline with the status word (no emoji), the key numbers and top flips of the comparison the overall verdict
 * comes from, every comparison, every slice with its adjusted p-value, and each variant on its own. The tables are
 * the HTML report's (reports/tables/), laid out one line per cell. Every value from the data is escaped
 * (`escapeMarkdown`), so item ids or model outputs cannot inject Markdown or HTML.
 * @throws {ZodError} if `doc` is not a valid Verdict document
 * @example await appendFile(process.env.GITHUB_STEP_SUMMARY, renderMarkdownReport(doc))
 */
export function renderMarkdownReport(doc: VerdictDocument, options: RenderMarkdownReportOptions = {}): string {
  const valid = parseVerdictDocument(doc);
  const { headingLevel = 2, maxFlips = DEFAULT_MARKDOWN_MAX_FLIPS, maxOutputChars = 120 } = options;
  if (!Number.isInteger(maxFlips) || maxFlips < 0)
    throw new RangeError(`renderMarkdownReport: \`maxFlips\` must be an integer >= 0, got ${maxFlips}`);
  const h = (level: number) => '#'.repeat(Math.min(6, headingLevel + level));
  const { policy } = valid;
  const metric = policy.metric;
  const first = decisiveComparison(valid);
  const { paired } = first;
  const out: string[] = [];
  out.push(`${h(0)} verdict: ${verdictStatusWord(valid.verdict)} · ${gateWords(valid.gate)}`, '');
  out.push(
    `**${escapeMarkdown(verdictHeadline(first, policy))}** ${escapeMarkdown(reasonSentence(first, policy))}`,
    '',
  );
  for (const fix of incompleteFixes(first)) out.push(`- ${escapeMarkdown(fix)}`);
  if (first.incomplete.length > 0) out.push('');
  const unfinished = unfinishedRunsSentence(valid);
  if (unfinished) out.push(`> ${escapeMarkdown(unfinished)}`, '');
  if (valid.simulated) out.push(`> ${escapeMarkdown(simulatedNotice())}`, '');
  const disagreement = intervalDisagreement(paired, metric);
  const clustering = clusteringSentence(paired);
  const needed = effectSampleSentence(first.power, metric);
  const rate = (x: number) => (metric === 'pass' ? formatPercent(x) : formatSignificant(x, 4));
  const keyNumbers: [string, string][] = [
    ['Baseline', first.baseline.variant],
    ['Candidate', first.candidate.variant],
    ['Difference (candidate − baseline)', formatDifference(paired.difference.estimate, metric)],
    [
      `${formatConfidence(paired.difference.confidence)} interval`,
      `${formatBounds(paired.difference.lower, paired.difference.upper, metric)} (${intervalName(paired.difference.method)})`,
    ],
    ['p-value', `${formatPValue(paired.test.pValue)} (${testLabel(paired.test.method)})`],
    ['Paired items', formatCount(paired.n)],
    ['Analysis', analysisSentence(paired, policy).replace(/^Analysis: /, '')],
    [
      `${metric === 'pass' ? 'Pass rate' : 'Mean score'} over the paired items`,
      `${rate(paired.baselineRate)} → ${rate(paired.candidateRate)}`,
    ],
    [
      'Flips',
      `${formatCount(valid.flips.nPassToFail)} pass → fail, ${formatCount(valid.flips.nFailToPass)} fail → pass`,
    ],
    ['Missing', missingSentence(first.missing)],
    ['Sensitivity', sensitivitySentence(first, metric)],
    ['Excluded', excludedSummary(valid.excluded)],
    ...(cacheSavingsSentence(valid.variants)
      ? [['Cache', cacheSavingsSentence(valid.variants)!] as [string, string]]
      : []),
    ...(clustering ? [['Clustering', clustering] as [string, string]] : []),
    ['Detectable', detectableSentence(first.power, metric)],
    ...(needed ? [['Needed', needed] as [string, string]] : []),
  ];
  const table = (model: TableModel) => markdownTable(model, maxOutputChars);
  out.push(
    table({
      columns: [{ header: '' }, { header: 'value' }],
      rows: keyNumbers.map((row) => row.map((cell) => words(cell))),
    }),
    '',
  );
  if (disagreement) out.push(escapeMarkdown(disagreement), '');
  if (valid.comparisons.length > 1)
    out.push(`${h(1)} Comparisons`, '', table(comparisonsTable(valid.comparisons, metric)), '');
  const slices = slicesTable(valid.comparisons, metric);
  if (slices.rows.length > 0) out.push(`${h(1)} Slices`, '', table(slices), '');
  for (const { heading, total, items } of flipLists(first, maxFlips)) {
    if (total === 0) continue;
    out.push(`${h(1)} ${escapeMarkdown(heading)}`, '');
    if (items.length > 0) out.push(table(flipTable(items)), '');
  }
  out.push(`${h(1)} Variants`, '', table(variantsTable(valid.variants, valid.excluded)), '');
  return `${out.join('\n')}\n`;
}
