import { fromCSV } from 'arquero';
import type { InputProblems } from '../formats/input-problems';
import { type RawRow, stripByteOrderMark } from '../formats/raw-row';

/** Columns read as numbers when they look like one (otherwise kept as text for the schema to reject). */
const NUMERIC_FIELDS = new Set(['sample', 'n', 'c', 'score', 'latencyMs', 'latency_ms', 'costUsd', 'cost_usd']);
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * The rows of a CSV file with a header line, as records of the schema. arquero's reader does the
 * CSV (quotes, CRLF) with `autoType` off, so nothing is guessed: `item` "007" stays "007". Values are
 * then coerced by field, as the schema wants them: `pass` from true/false/1/0 (any case), the numeric
 * fields from their text, `tags.x` columns (or a `tags` column holding a JSON object) into `tags`; an
 * empty cell is an absent field.
 * Line numbers assume no quoted field spans lines (header on line 1, row i on line i + 2).
 *
 * @example parseCsvRows('item,variant,pass\n007,B,1\n', 'r.csv', problems) // [{ value: { item: '007', variant: 'B', pass: true }, line: 2 }]
 */
export function parseCsvRows(text: string, file: string, problems: InputProblems): RawRow[] {
  const source = stripByteOrderMark(text);
  if (source.trim() === '') return [];
  let table: ReturnType<typeof fromCSV>;
  try {
    table = fromCSV(source, { autoType: false });
  } catch (error) {
    problems.add(`not valid CSV (${(error as Error).message})`, { file });
    return [];
  }
  const names = table.columnNames().map((name) => name.trim());
  // arquero keeps a repeated header name but reads one column for both: the last one would silently win.
  const repeated = names.find((name, j) => names.indexOf(name) !== j);
  if (repeated !== undefined) {
    problems.add('the column appears twice in the header; keep one', { file, line: 1, field: repeated });
    return [];
  }
  const columns = table.columnNames().map((name) => table.array(name) as unknown as ArrayLike<string | null>);
  const rows: RawRow[] = [];
  for (let row = 0; row < table.numRows(); row++) {
    // Null prototypes: a column named `__proto__` (or `tags.__proto__`) is then a field like any other,
    // for validateRows to refuse by name, not a prototype silently set.
    const record: Record<string, unknown> = Object.create(null);
    let tags: Record<string, string> | undefined;
    let empty = true;
    for (let j = 0; j < names.length; j++) {
      const text = columns[j]![row];
      if (text === null || text === undefined || text === '') continue;
      empty = false;
      const name = names[j]!;
      if (name.startsWith('tags.')) {
        tags ??= Object.create(null) as Record<string, string>;
        tags[name.slice(5)] = text;
      } else record[name] = coerceCell(name, text);
    }
    if (empty) continue;
    if (tags) record.tags = tags;
    rows.push({ value: record, line: row + 2 });
  }
  return rows;
}

function coerceCell(name: string, text: string): unknown {
  if (name === 'pass') {
    const lower = text.trim().toLowerCase();
    if (lower === 'true' || lower === '1') return true;
    if (lower === 'false' || lower === '0') return false;
    return text;
  }
  if (NUMERIC_FIELDS.has(name) && NUMBER.test(text.trim())) return Number(text);
  if (name === 'tags' && text.trimStart().startsWith('{')) {
    try {
      return JSON.parse(text); // a tags column holding a JSON object, as some exporters write it
    } catch {
      return text;
    }
  }
  return text;
}
