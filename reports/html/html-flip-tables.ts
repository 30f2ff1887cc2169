import type { Comparison } from '../../src/schema/verdict-document';
import { flipLists } from '../messages';
import { flipTable } from '../tables/flip-table';
import { htmlTable, type TextLimits } from './html-table';
import { html, type SafeHtml } from './html-template';

/**
 * The items that flipped, per comparison: the regressions first (what a release manager must review), then
 * the improvements, each with its question, expected answer, both outputs and the scorers' reasons. At most
 * `maxFlips` are listed per direction (the heading says how many of how many) and each text is held up to its
 * limit, so the report's size does not grow with the number of items.
 */
export function htmlFlipTables(comparisons: readonly Comparison[], maxFlips: number, limits: TextLimits): SafeHtml {
  const several = comparisons.length > 1;
  return html`${comparisons.map(
    (c) => html`<section class="flip-group">
${several ? html`<h3>${c.candidate.variant} vs ${c.baseline.variant}</h3>` : ''}
${flipLists(c, maxFlips).map(({ heading, items }) =>
  items.length === 0
    ? html`<h4>${heading}</h4>`
    : html`<h4>${heading}</h4>\n${htmlTable(flipTable(items), limits, 'flips')}`,
)}
</section>`,
  )}`;
}
