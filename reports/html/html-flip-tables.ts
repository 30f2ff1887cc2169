import { formatCount, formatSignificant } from '../../src/schema/format-number';
import type { Comparison, FlipItem } from '../../src/schema/verdict-document';
import { FLIP_COLUMNS, flipLists, itemRefSentence, NO_VALUE } from '../messages';
import { truncateText } from '../truncate-text';
import { html, type SafeHtml } from './html-template';

/** How much of each text a flip table shows at once, in characters; the rest opens under it. */
export const FLIP_PREVIEW_CHARS = 300;

/** How much of each text a flip table holds in all (see {@link renderHtmlReport}'s options). */
export interface FlipTextLimits {
  /** Longest output or reason held per flipped item. */
  readonly maxOutputChars: number;
  /** Longest input or expected answer held per flipped item. */
  readonly maxItemChars: number;
}

const tagsText = (tags: FlipItem['tags']): string =>
  Object.entries(tags ?? {})
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');

const scoreText = (score: number | undefined): string => (score === undefined ? NO_VALUE : formatSignificant(score, 4));

/**
 * A text cell: the text up to FLIP_PREVIEW_CHARS as it is, and a longer one cut there with the rest (up to
 * `max`) in a `<details>` element under it, so a long question or answer neither floods the table nor is lost.
 */
function textCell(text: string | undefined, max: number): SafeHtml {
  if (text === undefined || text === '') return html`<td class="muted">${NO_VALUE}</td>`;
  if (text.length <= FLIP_PREVIEW_CHARS) return html`<td><pre>${text}</pre></td>`;
  return html`<td><pre>${truncateText(text, FLIP_PREVIEW_CHARS)}</pre><details><summary>all ${
    text.length > max ? `first ${formatCount(max)} of ` : ''
  }${formatCount(text.length)} characters</summary><pre>${truncateText(text, max)}</pre></details></td>`;
}

/** The question cell: the input, or where to find an item too large to copy. */
const inputCell = (item: FlipItem, max: number): SafeHtml =>
  item.input === undefined && item.itemRef !== undefined
    ? html`<td class="muted">${itemRefSentence(item.itemRef)}</td>`
    : textCell(item.input, max);

type Column = readonly [header: string, has: (i: FlipItem) => boolean, cell: (i: FlipItem) => SafeHtml];

function flipTable(heading: string, items: readonly FlipItem[], limits: FlipTextLimits): SafeHtml {
  if (items.length === 0) return html`<h4>${heading}</h4>`;
  const { maxOutputChars, maxItemChars } = limits;
  const columns: Column[] = [
    [FLIP_COLUMNS.input, (i) => i.input !== undefined || i.itemRef !== undefined, (i) => inputCell(i, maxItemChars)],
    [FLIP_COLUMNS.expected, (i) => i.expected !== undefined, (i) => textCell(i.expected, maxItemChars)],
    [
      FLIP_COLUMNS.baselineScore,
      (i) => i.baselineScore !== undefined || i.candidateScore !== undefined,
      (i) => html`<td class="num">${scoreText(i.baselineScore)}</td>`,
    ],
    [
      FLIP_COLUMNS.candidateScore,
      (i) => i.baselineScore !== undefined || i.candidateScore !== undefined,
      (i) => html`<td class="num">${scoreText(i.candidateScore)}</td>`,
    ],
    [
      FLIP_COLUMNS.baselineOutput,
      (i) => i.baselineOutput !== undefined,
      (i) => textCell(i.baselineOutput, maxOutputChars),
    ],
    [
      FLIP_COLUMNS.baselineReason,
      (i) => i.baselineReason !== undefined,
      (i) => textCell(i.baselineReason, maxOutputChars),
    ],
    [
      FLIP_COLUMNS.candidateOutput,
      (i) => i.candidateOutput !== undefined,
      (i) => textCell(i.candidateOutput, maxOutputChars),
    ],
    [
      FLIP_COLUMNS.candidateReason,
      (i) => i.candidateReason !== undefined,
      (i) => textCell(i.candidateReason, maxOutputChars),
    ],
  ];
  // Only the columns some listed item has: another tool's results without inputs or reasons get no empty columns.
  const used = columns.filter(([, has]) => items.some(has));
  const rows = items.map((i) => {
    const tags = tagsText(i.tags);
    return html`<tr><td><code>${String(i.item)}</code>${tags ? html`<div class="muted">${tags}</div>` : ''}</td>${used.map(
      ([, , cell]) => cell(i),
    )}</tr>`;
  });
  return html`<h4>${heading}</h4>
<div class="scroll"><table class="flips">
<thead><tr><th>${FLIP_COLUMNS.item}</th>${used.map(([header]) => html`<th>${header}</th>`)}</tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
}

/**
 * The items that flipped, per comparison: the regressions first (what a release manager must review), then
 * the improvements, each with its question, expected answer, both outputs and the scorers' reasons. At most
 * `maxFlips` are listed per direction (the heading says how many of how many) and each text is held up to its
 * limit, so the report's size does not grow with the number of items.
 */
export function htmlFlipTables(comparisons: readonly Comparison[], maxFlips: number, limits: FlipTextLimits): SafeHtml {
  const several = comparisons.length > 1;
  return html`${comparisons.map(
    (c) => html`<section class="flip-group">
${several ? html`<h3>${c.candidate.variant} vs ${c.baseline.variant}</h3>` : ''}
${flipLists(c, maxFlips).map(({ heading, items }) => flipTable(heading, items, limits))}
</section>`,
  )}`;
}
