import { formatCount } from '../../src/schema/format-number';
import type { TableCell, TableModel } from '../tables/table-model';
import { truncateText } from '../truncate-text';
import { html, type SafeHtml } from './html-template';

/** How much of each text a table shows at once, in characters; the rest opens under it. */
export const TEXT_PREVIEW_CHARS = 300;

/** How much of each text from the data a table holds in all (see {@link renderHtmlReport}'s options). */
export interface TextLimits {
  /** Longest output or reason held per row. */
  readonly maxOutputChars: number;
  /** Longest input or expected answer held per row. */
  readonly maxItemChars: number;
}

/**
 * A text: up to TEXT_PREVIEW_CHARS as it is, and a longer one cut there with the rest (up to `max`) in a
 * `<details>` element under it, so a long question or answer neither floods the table nor is lost.
 */
function textContent(text: string, max: number): SafeHtml {
  if (text.length <= TEXT_PREVIEW_CHARS) return html`<pre>${text}</pre>`;
  return html`<pre>${truncateText(text, TEXT_PREVIEW_CHARS)}</pre><details><summary>all ${
    text.length > max ? `first ${formatCount(max)} of ` : ''
  }${formatCount(text.length)} characters</summary><pre>${truncateText(text, max)}</pre></details>`;
}

function cellContent(cell: TableCell, limits: TextLimits): SafeHtml {
  switch (cell.kind) {
    case 'words':
      return html`${cell.text}${cell.note === undefined ? '' : html`<small> ${cell.note}</small>`}`;
    case 'id':
      return html`<code>${cell.text}</code>`;
    case 'hash':
      return html`<code class="hash">${cell.text}</code>`;
    case 'verdict':
      return html`<span class="pill verdict-${cell.verdict}">${cell.text}</span>`;
    case 'text':
      return textContent(cell.text, cell.limit === 'item' ? limits.maxItemChars : limits.maxOutputChars);
    case 'none':
      return html`${cell.text}`;
  }
}

/**
 * A table model as an HTML table in a scrolling box: numbers right-aligned (`num`), nothing-to-show cells muted,
 * and a column meant to go beneath another shown under that column's value instead of in a column of its own.
 * Every text passes through the `html` template's escaping.
 */
export function htmlTable(table: TableModel, limits: TextLimits, className?: string): SafeHtml {
  const shown = table.columns.flatMap((column, index) => (column.beneath === undefined ? [{ column, index }] : []));
  const beneath = (header: string) =>
    table.columns.flatMap((column, index) => (column.beneath === header ? [index] : []));
  const rows = table.rows.map(
    (row) =>
      html`<tr>${shown.map(({ column, index }) => {
        const cell = row[index]!;
        const classes = [column.numeric ? 'num' : '', cell.kind === 'none' ? 'muted' : ''].filter(Boolean).join(' ');
        const under = beneath(column.header)
          .map((i) => row[i]!)
          .filter((c) => c.kind !== 'none')
          .map((c) => html`<div class="muted">${cellContent(c, limits)}</div>`);
        return html`<td${classes ? html` class="${classes}"` : ''}>${cellContent(cell, limits)}${under}</td>`;
      })}</tr>\n`,
  );
  return html`<div class="scroll"><table${className ? html` class="${className}"` : ''}>
${table.caption === undefined ? '' : html`<caption>${table.caption}</caption>\n`}<thead><tr>${shown.map(({ column }) => html`<th>${column.header}</th>`)}</tr></thead>
<tbody>${rows}</tbody></table></div>`;
}
