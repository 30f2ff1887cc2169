import { escapeMarkdown } from '../escape/escape-markdown';
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
  verdictStatusWord,
} from '../messages';
import { intervalName, testLabel } from '../method-names';
import { truncateText } from '../truncate-text';
import { type FlipItem, VerdictDocument } from '../verdict-document';
import { markdownTable } from './markdown-table';

/** Options of {@link renderMarkdownReport}. */
export interface RenderMarkdownReportOptions {
  /** Level of the top heading (2 suits a pull-request comment under the bot's name). @default 2 */
  readonly headingLevel?: number;
  /** Most flipped items listed in each direction. @default 10 */
  readonly maxFlips?: number;
  /** Longest output excerpt per flipped item, in characters. @default 120 */
  readonly maxOutputChars?: number;
}

/** The flips as table columns, leaving out the columns no listed item has (tags, outputs or scores). */
function flipTable(items: readonly FlipItem[], maxOutputChars: number): string {
  const value = (output: string | undefined, score: number | undefined) =>
    truncateText(output ?? (score === undefined ? '' : formatSignificant(score, 4)), maxOutputChars);
  const columns: Array<[string, (i: FlipItem) => string]> = [
    ['item', (i) => String(i.item)],
    [
      'tags',
      (i) =>
        Object.entries(i.tags ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join(', '),
    ],
    ['baseline', (i) => value(i.baselineOutput, i.baselineScore)],
    ['candidate', (i) => value(i.candidateOutput, i.candidateScore)],
  ];
  const used = columns.filter(([header, cell]) => header === 'item' || items.some((i) => cell(i) !== ''));
  return markdownTable(
    used.map(([header]) => ({ header })),
    items.map((i) => used.map(([, cell]) => cell(i))),
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
  const { headingLevel = 2, maxFlips = 10, maxOutputChars = 120 } = options;
  const h = (level: number) => '#'.repeat(Math.min(6, headingLevel + level));
  const { policy } = valid;
  const metric = policy.metric;
  const first = decisiveComparison(valid);
  const { paired, flips } = first;
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
  const flipSections: Array<[string, number, readonly FlipItem[]]> = [
    ['Pass → fail', flips.nPassToFail, flips.passToFail],
    ['Fail → pass', flips.nFailToPass, flips.failToPass],
  ];
  for (const [title, total, items] of flipSections) {
    if (items.length === 0) continue;
    const shown = Math.min(items.length, maxFlips);
    out.push(`${h(1)} ${title} (${shown < total ? `top ${formatCount(shown)} of ` : ''}${formatCount(total)})`, '');
    out.push(flipTable(items.slice(0, maxFlips), maxOutputChars), '');
  }
  return `${out.join('\n')}\n`;
}
