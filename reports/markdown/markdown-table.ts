import { escapeMarkdown } from '../escape/escape-markdown';

/** A column of a Markdown table: its header and whether its cells are numbers (right-aligned). */
export interface MarkdownColumn {
  readonly header: string;
  readonly numeric?: boolean;
}

/**
 * A GitHub-flavoured Markdown table. Every header and cell is escaped with `escapeMarkdown` (pipes, backticks,
 * HTML, line breaks), so data cannot break out of its cell.
 * @example markdownTable([{ header: 'item' }], [['a|b']]) // '| item |\n| --- |\n| a\\|b |'
 */
export function markdownTable(columns: readonly MarkdownColumn[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
  const rule = `| ${columns.map((c) => (c.numeric ? '---:' : '---')).join(' | ')} |`;
  return [line(columns.map((c) => c.header)), rule, ...rows.map(line)].join('\n');
}
