import { formatCount, formatSignificant } from '../../src/schema/format-number';
import type { Comparison, FlipItem } from '../../src/schema/verdict-document';
import { truncateText } from '../truncate-text';
import { html, type SafeHtml } from './html-template';

const tagsText = (tags: FlipItem['tags']): string =>
  Object.entries(tags ?? {})
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');

const scoreText = (score: number | undefined): string => (score === undefined ? '' : formatSignificant(score, 4));

function flipTable(title: string, total: number, items: readonly FlipItem[], maxOutputChars: number): SafeHtml {
  const shown = items.length < total ? ` (first ${formatCount(items.length)} of ${formatCount(total)})` : '';
  if (items.length === 0) return html`<h4>${title}: ${formatCount(total)}</h4><p class="muted">No items listed.</p>`;
  // Only the columns some listed item has: a run without outputs or tags gets no empty columns.
  const tags = items.some((i) => tagsText(i.tags) !== '');
  const scores = items.some((i) => i.baselineScore !== undefined || i.candidateScore !== undefined);
  const outputs = items.some((i) => i.baselineOutput !== undefined || i.candidateOutput !== undefined);
  const output = (text: string | undefined) =>
    html`<td>${text === undefined ? '' : html`<pre>${truncateText(text, maxOutputChars)}</pre>`}</td>`;
  const rows = items.map(
    (i) =>
      html`<tr><td><code>${String(i.item)}</code></td>${tags ? html`<td>${tagsText(i.tags)}</td>` : ''}${
        scores
          ? html`<td class="num">${scoreText(i.baselineScore)}</td><td class="num">${scoreText(i.candidateScore)}</td>`
          : ''
      }${outputs ? [output(i.baselineOutput), output(i.candidateOutput)] : ''}</tr>`,
  );
  return html`<h4>${title}: ${formatCount(total)}${shown}</h4>
<div class="scroll"><table class="flips">
<thead><tr><th>item</th>${tags ? html`<th>tags</th>` : ''}${scores ? html`<th>baseline score</th><th>candidate score</th>` : ''}${
    outputs ? html`<th>baseline output</th><th>candidate output</th>` : ''
  }</tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
}

/**
 * The items that flipped, per comparison: pass → fail first (what a regression is made of), then fail → pass. The
 * lists are capped by the analysis (`flips.limit`) and each output by `maxOutputChars`, so the report's size does
 * not grow with the number of items.
 */
export function htmlFlipTables(comparisons: readonly Comparison[], maxOutputChars: number): SafeHtml {
  const several = comparisons.length > 1;
  return html`${comparisons.map(
    (c) => html`<section class="flip-group">
${several ? html`<h3>${c.candidate.variant} vs ${c.baseline.variant}</h3>` : ''}
${flipTable('Pass → fail', c.flips.nPassToFail, c.flips.passToFail, maxOutputChars)}
${flipTable('Fail → pass', c.flips.nFailToPass, c.flips.failToPass, maxOutputChars)}
</section>`,
  )}`;
}
