import stringWidth from 'string-width';

/**
 * Columns `text` takes in a terminal: East Asian wide characters and emoji take two, combining marks
 * none (string-width, which follows Unicode's East Asian Width and emoji properties, as terminals do).
 * @example terminalWidth('数学 ok') // 7
 */
export const terminalWidth = (text: string): number => stringWidth(text);

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * `text` cut to at most `columns` terminal columns, an ellipsis marking the cut; never inside a grapheme (an
 * emoji with its modifiers, a letter with its accents), so nothing half-drawn reaches the terminal.
 * @example cutToColumns('model-version-2', 8) // 'model-v…'
 */
export function cutToColumns(text: string, columns: number): string {
  if (terminalWidth(text) <= columns) return text;
  if (columns <= 0) return '';
  let out = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const width = terminalWidth(segment);
    if (used + width > columns - 1) break;
    out += segment;
    used += width;
  }
  return `${out}…`;
}
