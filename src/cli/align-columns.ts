/**
 * Rows of a terminal table as lines: the first column left-aligned, the rest right-aligned, two spaces
 * apart, trailing spaces trimmed. Every row has the same number of cells; the first row sets it.
 *
 * @example alignColumns([['variant', 'n'], ['A', '120']]) // ['variant    n', 'A        120']
 */
export function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd(),
  );
}
