import { readCsvRecords } from '../formats/csv-records';
import type { InputProblems } from '../formats/input-problems';
import type { RawRow } from '../formats/raw-row';
import { InputError } from '../schema/input-error';

/** Columns read as numbers when they look like one (otherwise kept as text for the schema to reject). */
const NUMERIC_FIELDS = new Set(['sample', 'n', 'c', 'score', 'latencyMs', 'latency_ms', 'costUsd', 'cost_usd']);
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * The rows of a CSV file with a header line, as records of the schema. readCsvRecords (src/formats) reads
 * the CSV as text cells, so nothing is guessed: `item` "007" stays "007". Values are
 * then coerced by field, as the schema wants them: `pass` from true/false/1/0 (any case), the numeric
 * fields from their text, `tags.x` columns (or a `tags` column holding a JSON object) into `tags`; an
 * empty cell is an absent field.
 * Each row carries the line its record starts on, quoted fields spanning lines counted.
 *
 * @example parseCsvRows('item,variant,pass\n007,B,1\n', 'r.csv', problems) // [{ value: { item: '007', variant: 'B', pass: true }, line: 2 }]
 */
export function parseCsvRows(text: string, file: string, problems: InputProblems): RawRow[] {
  let csv: ReturnType<typeof readCsvRecords>;
  try {
    csv = readCsvRecords(text, file);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    problems.add(error.problem, { file: error.file, line: error.line, field: error.field });
    return [];
  }
  if (csv === undefined) return [];
  const { columns: names, records } = csv;
  const rows: RawRow[] = [];
  for (const { cells, line, blank } of records) {
    if (blank) continue;
    // Null prototypes: a column named `__proto__` (or `tags.__proto__`) is then a field like any other,
    // for validateRows to refuse by name, not a prototype silently set.
    const record: Record<string, unknown> = Object.create(null);
    let tags: Record<string, string> | undefined;
    for (const [j, name] of names.entries()) {
      const text = cells[j];
      if (text === null || text === undefined) continue;
      if (name.startsWith('tags.')) {
        tags ??= Object.create(null) as Record<string, string>;
        tags[name.slice(5)] = text;
      } else record[name] = coerceCell(name, text);
    }
    if (tags) record.tags = tags;
    rows.push({ value: record, line });
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
