import { escapeMarkdown } from '../escape/escape-markdown';
import type { TableCell, TableModel } from '../tables/table-model';
import { truncateText } from '../truncate-text';

/** The words of a cell on one line: a note after its value, a text from the data cut at `maxTextChars`. */
function cellText(cell: TableCell, maxTextChars: number): string {
  if (cell.kind === 'words') return cell.note === undefined ? cell.text : `${cell.text} ${cell.note}`;
  if (cell.kind === 'text') return truncateText(cell.text, maxTextChars);
  return cell.text;
}

/**
 * A table model as a GitHub-flavoured Markdown table, its caption on the line above. Every header and cell is
 * escaped with `escapeMarkdown` (pipes, backticks, HTML, line breaks), so data cannot break out of its cell; ids
 * stay plain text (a code span would need its backticks unescaped). Markdown has one line per cell, so a column
 * meant to go beneath another is a column of its own.
 * @example markdownTable({ columns: [{ header: 'item' }], rows: [[words('a|b')]] }, 120) // '| item |\n| --- |\n| a\\|b |'
 */
export function markdownTable(table: TableModel, maxTextChars: number): string {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
  const rule = `| ${table.columns.map((c) => (c.numeric ? '---:' : '---')).join(' | ')} |`;
  return [
    ...(table.caption === undefined ? [] : [escapeMarkdown(table.caption), '']),
    line(table.columns.map((c) => c.header)),
    rule,
    ...table.rows.map((row) => line(row.map((cell) => cellText(cell, maxTextChars)))),
  ].join('\n');
}
