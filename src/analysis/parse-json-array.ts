import type { InputProblems } from '../formats/input-problems';
import { type RawRow, stripByteOrderMark } from '../formats/raw-row';

/**
 * The rows of a JSON file holding one array of records, each paired with the line its element
 * starts on, so that an error in the 3rd record points at its line as it does for JSON Lines.
 *
 * @example parseJsonArray('[\n {"item": 1},\n {"item": 2}\n]', 'r.json', problems) // lines 2 and 3
 */
export function parseJsonArray(text: string, file: string, problems: InputProblems): RawRow[] {
  const source = stripByteOrderMark(text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch (error) {
    problems.add(`not valid JSON (${(error as Error).message})`, { file });
    return [];
  }
  if (!Array.isArray(parsed)) {
    problems.add('expected a JSON array of records (or one record per line, JSON Lines)', { file });
    return [];
  }
  const lines = elementLines(source);
  return parsed.map((value, index) => ({ value, line: lines[index] ?? 1 }));
}

/** The 1-based line on which each element of the top-level array starts: one scan, strings skipped. */
function elementLines(source: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let expectValue = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\n') line++;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') continue;
    if (depth === 1 && expectValue && ch !== ']') {
      lines.push(line);
      expectValue = false;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') {
      depth++;
      if (depth === 1) expectValue = true;
    } else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 1) expectValue = true;
  }
  return lines;
}
