import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { fromCSV } from 'arquero';
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
    return validateItems(jsonLines(text, displayPath), { file: displayPath });
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

function jsonLines(text: string, file: string): RawItem[] {
  const raw: RawItem[] = [];
  text.split('\n').forEach((content, index) => {
    if (content.trim() === '') return;
    try {
      raw.push({ value: JSON.parse(content), line: index + 1, path: [] });
    } catch (error) {
      throw new InputError(`invalid JSON: ${(error as Error).message}`, { file, line: index + 1 });
    }
  });
  return raw;
}

function csvRows(text: string, file: string): RawItem[] {
  // arquero's fromCSV throws a TypeError on an empty text: say what is wrong instead.
  if (text.replace(/^\uFEFF/, '').trim() === '')
    throw new InputError('expected at least one item, got none (the file is empty)', { file, field: 'items' });
  const table = fromCSV(text, { autoType: false });
  const columns = table.columnNames();
  // arquero keeps a repeated header name but reads one column for both: the last one would silently win.
  const repeated = columns.find((name, j) => columns.indexOf(name) !== j);
  if (repeated !== undefined)
    throw new InputError('the column appears twice in the header; keep one', { file, line: 1, field: repeated });
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
  const starts = csvRecordLines(text);
  const rows = table.objects() as Record<string, string | null>[];
  const aligned = starts.length === rows.length + 1;
  const raw: RawItem[] = [];
  rows.forEach((row, index) => {
    if (Object.values(row).every((value) => value === null || value === '')) return; // a blank line
    const item: Record<string, unknown> = { id: row.id ?? undefined, input: row.input ?? '' };
    if (row.expected !== null && row.expected !== undefined && row.expected !== '') item.expected = row.expected;
    const tags = Object.fromEntries(
      columns.filter((c) => c.startsWith('tags.') && row[c]).map((c) => [c.slice('tags.'.length), row[c] as string]),
    );
    if (Object.keys(tags).length > 0) item.tags = tags;
    raw.push({ value: item, line: aligned ? starts[index + 1] : undefined, path: [] });
  });
  return raw;
}

/**
 * The line on which each CSV record starts (the header first): records end at a newline outside
 * double quotes (RFC 4180), so a quoted field spanning lines does not shift the lines after it.
 */
function csvRecordLines(text: string): number[] {
  const starts = [1];
  let line = 1;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (char === '\n') {
      line++;
      if (!quoted && i < text.length - 1) starts.push(line);
    }
  }
  return starts;
}
