import { PROTOTYPE_KEY } from '../schema/prototype-key';

/** Columns read as numbers when they look like one (otherwise kept as text for the schema to reject). */
const NUMERIC_FIELDS = new Set(['sample', 'n', 'c', 'score', 'latencyMs', 'latency_ms', 'costUsd', 'cost_usd']);
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * One record of a CSV results file (its cells by the header's columns, as src/formats/csv-records.ts reads them:
 * text, an empty cell null) as a record of the schema, before validation. Nothing is guessed: `item` "007" stays
 * "007". Values are coerced by field, as the schema wants them: `pass` from true/false/1/0 (any case), the numeric
 * fields from their text, `tags.x` columns (or a `tags` column holding a JSON object) into `tags`; an empty cell
 * is an absent field.
 *
 * @example csvRecordValue(['item', 'variant', 'pass'], ['007', 'B', '1']) // { item: '007', variant: 'B', pass: true }
 */
export function csvRecordValue(columns: readonly string[], cells: readonly (string | null)[]): Record<string, unknown> {
  // Null prototypes where a column is named `__proto__` (or `tags.__proto__`): it is then a field like any other,
  // for validateRows to refuse by name, not a prototype silently set. Plain objects otherwise: V8 holds a
  // null-prototype object as a dictionary, and the record schema's fast check (fastParseRecord) of one took 4x as
  // long (compare --json re-reads each flip's CSV record: 628,554 at 10^6 items, node --cpu-prof).
  const bare = namesPrototype(columns);
  const record: Record<string, unknown> = bare ? Object.create(null) : {};
  let tags: Record<string, string> | undefined;
  for (let j = 0; j < columns.length; j++) {
    const name = columns[j] as string;
    const text = cells[j];
    if (text === null || text === undefined) continue;
    if (name.startsWith('tags.')) {
      tags ??= bare ? (Object.create(null) as Record<string, string>) : {};
      tags[name.slice(5)] = text;
    } else record[name] = coerceCell(name, text);
  }
  if (tags) record.tags = tags;
  return record;
}

/** Whether a column of `columns` is named `__proto__` or `tags.__proto__` (remembered per header). */
function namesPrototype(columns: readonly string[]): boolean {
  let names = PROTOTYPE_NAMED.get(columns);
  if (names === undefined) {
    names = columns.some((name) => name === PROTOTYPE_KEY || name === `tags.${PROTOTYPE_KEY}`);
    PROTOTYPE_NAMED.set(columns, names);
  }
  return names;
}

const PROTOTYPE_NAMED = new WeakMap<readonly string[], boolean>();

export function coerceCell(name: string, text: string): unknown {
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
