import {
  formatBounds,
  formatConfidence,
  formatCount,
  formatDifference,
  formatPercent,
  formatPValue,
  formatSignificant,
} from '../../src/schema/format-number';
import { type FlipItem, VerdictDocument } from '../../src/schema/verdict-document';
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
  FLIP_COLUMNS,
  flipLists,
  gateWords,
  incompleteFixes,
  intervalDisagreement,
  itemRefSentence,
  missingSentence,
  NO_VALUE,
  reasonSentence,
  sensitivitySentence,
  simulatedNotice,
  unfinishedRunsSentence,
  verdictHeadline,
  verdictLabel,
  verdictStatusWord,
} from '../messages';
import { intervalName, testLabel } from '../method-names';
import { truncateText } from '../truncate-text';
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

/** The flips as table columns, leaving out the columns no listed item has (another tool's results may lack them). */
function flipTable(items: readonly FlipItem[], maxOutputChars: number): string {
  const cut = (text: string | undefined) => (text === undefined ? undefined : truncateText(text, maxOutputChars));
  const scoreText = (score: number | undefined) => (score === undefined ? undefined : formatSignificant(score, 4));
  const columns: Array<[string, (i: FlipItem) => string | undefined]> = [
    [FLIP_COLUMNS.item, (i) => String(i.item)],
    [
      FLIP_COLUMNS.tags,
      (i) =>
        Object.entries(i.tags ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join(', ') || undefined,
    ],
    [FLIP_COLUMNS.input, (i) => cut(i.input) ?? (i.itemRef === undefined ? undefined : itemRefSentence(i.itemRef))],
    [FLIP_COLUMNS.expected, (i) => cut(i.expected)],
    [FLIP_COLUMNS.baselineOutput, (i) => cut(i.baselineOutput) ?? scoreText(i.baselineScore)],
    [FLIP_COLUMNS.baselineReason, (i) => cut(i.baselineReason)],
    [FLIP_COLUMNS.candidateOutput, (i) => cut(i.candidateOutput) ?? scoreText(i.candidateScore)],
    [FLIP_COLUMNS.candidateReason, (i) => cut(i.candidateReason)],
  ];
  const used = columns.filter(([, cell], c) => c === 0 || items.some((i) => cell(i) !== undefined));
  return markdownTable(
    used.map(([header]) => ({ header })),
    items.map((i) => used.map(([, cell]) => cell(i) ?? NO_VALUE)),
  );
}

/**
 * The Verdict document as GitHub-flavoured Markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`: a
 * headline with the status word (no emoji), the key numbers and top flips of the comparison the overall verdict
 * comes from, every comparison, and every slice with its adjusted p-value. Every value from the data is escaped (`escapeMarkdown`), so item ids or model
 * outputs cannot inject Markdown or HTML.
 * @throws {ZodError} if `doc` is not a valid Verdict document
 * @example await appendFile(process.env.GITHUB_STEP_SUMMARY, renderMarkdownReport(doc))
 */
export function renderMarkdownReport(doc: VerdictDocument, options: RenderMarkdownReportOptions = {}): string {
  const valid = VerdictDocument.parse(doc);
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
  out.push(
    markdownTable(
      [{ header: '' }, { header: 'value' }],
      [
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
        ...(cacheSavingsSentence(valid.variants) ? [['Cache', cacheSavingsSentence(valid.variants)!]] : []),
        ...(clustering ? [['Clustering', clustering]] : []),
        ['Detectable', detectableSentence(first.power, metric)],
        ...(needed ? [['Needed', needed]] : []),
      ],
    ),
    '',
  );
  if (disagreement) out.push(escapeMarkdown(disagreement), '');
  if (valid.comparisons.length > 1) {
    out.push(`${h(1)} Comparisons`, '');
    out.push(
      markdownTable(
        ['candidate', 'difference', 'interval', 'p', 'adjusted p', 'verdict'].map((header, i) => ({
          header,
          numeric: i > 0 && i < 5,
        })),
        valid.comparisons.map((c) => [
          c.candidate.variant,
          formatDifference(c.paired.difference.estimate, metric),
          formatBounds(c.paired.difference.lower, c.paired.difference.upper, metric),
          formatPValue(c.paired.test.pValue),
          formatPValue(c.adjustedPValue),
          verdictLabel(c.verdict),
        ]),
      ),
      '',
    );
  }
  const slices = valid.comparisons.flatMap((c) =>
    c.slices.map((s) => ({
      ...s,
      label: `${valid.comparisons.length > 1 ? `${c.candidate.variant}: ` : ''}${s.field} = ${s.value}`,
    })),
  );
  if (slices.length > 0) {
    out.push(`${h(1)} Slices`, '');
    out.push(
      markdownTable(
        ['slice', 'paired items', 'difference', 'interval', 'p', 'adjusted p', 'verdict'].map((header, i) => ({
          header,
          numeric: i > 0 && i < 6,
        })),
        slices.map((s) => [
          s.label,
          formatCount(s.paired.n),
          formatDifference(s.paired.difference.estimate, metric),
          formatBounds(s.paired.difference.lower, s.paired.difference.upper, metric),
          formatPValue(s.paired.test.pValue),
          formatPValue(s.adjustedPValue),
          verdictLabel(s.verdict),
        ]),
      ),
      '',
    );
  }
  for (const { heading, total, items } of flipLists(first, maxFlips)) {
    if (total === 0) continue;
    out.push(`${h(1)} ${escapeMarkdown(heading)}`, '');
    if (items.length > 0) out.push(flipTable(items, maxOutputChars), '');
  }
  return `${out.join('\n')}\n`;
}
