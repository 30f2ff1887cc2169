import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { readCsvRecords } from '../formats/csv-records';
import { readJsonLines } from '../formats/json-lines';
import type { ExperimentItem } from '../schema/experiment-definition';
import { InputError } from '../schema/input-error';
import { parseLocated } from '../schema/parse-located';
import { type RawItem, validateItems } from './validate-items';

/** Item file formats, by extension. */
export const ITEM_FILE_EXTENSIONS = ['.jsonl', '.ndjson', '.csv', '.json', '.yaml', '.yml'] as const;

const CSV_COLUMNS = ['id', 'input', 'expected'];

/**
 * Read an items file: JSONL (one item per line, blank lines skipped), CSV (columns `id`, `input`,
 * `expected`, and `tags.<name>` per tag; every value stays text, so "007" stays "007"; an empty
 * `expected` or tag cell is absent), or a JSON/YAML array of items. Each item is validated and ids
 * must be unique; errors name the file as `displayPath`, the line and the field.
 *
 * @param file the path to read
 * @param displayPath the path as the user wrote it, for messages @default file
 * @throws {InputError} for a missing or unreadable file, an unknown format, or an invalid item.
 * @example await loadItems('items.csv') // [{ id: '007', input: 'What is 2+2?', expected: '4' }, ...]
 */
export async function loadItems(file: string, displayPath: string = file): Promise<ExperimentItem[]> {
  const extension = extname(file).toLowerCase();
  if (!(ITEM_FILE_EXTENSIONS as readonly string[]).includes(extension)) {
    throw new InputError(
      `unknown items file format ${JSON.stringify(extension)}; expected one of ${ITEM_FILE_EXTENSIONS.join(', ')}`,
      {
        file: displayPath,
      },
    );
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? 'items file not found' : `cannot read items file (${code})`, {
      file: displayPath,
    });
  }
  if (extension === '.jsonl' || extension === '.ndjson')
    return validateItems(await jsonLines(file, displayPath), { file: displayPath });
  if (extension === '.csv') return validateItems(csvRows(text, displayPath), { file: displayPath });
  const doc = parseLocated(text, { file: displayPath, format: extension === '.json' ? 'json' : 'yaml' });
  if (!Array.isArray(doc.value)) {
    throw new InputError('expected an array of items', { file: displayPath, line: doc.lineOf([]) });
  }
  return validateItems(
    doc.value.map((value, index) => ({ value, path: [index] })),
    { file: displayPath, lineOf: doc.lineOf },
  );
}

/**
 * The items of a JSON Lines file (readJsonLines: a byte-order mark and CRLF accepted, blank lines skipped). A
 * last line that does not parse is an error here, not a torn write: an items file is written by a person or a
 * script that finished, and a silently dropped item would change the eval.
 */
async function jsonLines(path: string, file: string): Promise<RawItem[]> {
  const raw: RawItem[] = [];
  const notJson = (line: number) =>
    new InputError('not valid JSON (the last line, with no newline after it)', { file, line });
  for await (const rows of readJsonLines(path, {
    onTorn: (line) => {
      throw notJson(line);
    },
  })) {
    for (const row of rows) {
      if (row.problem !== undefined) throw new InputError(row.problem, { file, line: row.line });
      raw.push({ value: row.value, line: row.line, path: [] });
    }
  }
  return raw;
}

function csvRows(text: string, file: string): RawItem[] {
  const csv = readCsvRecords(text, file);
  if (csv === undefined)
    throw new InputError('expected at least one item, got none (the file is empty)', { file, field: 'items' });
  const { columns } = csv;
  for (const column of columns) {
    if (!CSV_COLUMNS.includes(column) && !/^tags\.[^.]+$/.test(column)) {
      throw new InputError('unknown column (expected id, input, expected, tags.<name>)', {
        file,
        line: 1,
        field: column,
      });
    }
  }
  for (const column of ['id', 'input']) {
    if (!columns.includes(column)) throw new InputError('missing required column', { file, line: 1, field: column });
  }
  const raw: RawItem[] = [];
  for (const { cells, line, blank } of csv.records) {
    if (blank) continue;
    const cell = (name: string) => cells[columns.indexOf(name)] ?? null;
    const item: Record<string, unknown> = { id: cell('id') ?? undefined, input: cell('input') ?? '' };
    const expected = cell('expected');
    if (expected !== null) item.expected = expected;
    const tags = Object.fromEntries(
      columns.flatMap((column, j) =>
        column.startsWith('tags.') && cells[j] !== null ? [[column.slice('tags.'.length), cells[j]!]] : [],
      ),
    );
    if (Object.keys(tags).length > 0) item.tags = tags;
    raw.push({ value: item, line, path: [] });
  }
  return raw;
}
