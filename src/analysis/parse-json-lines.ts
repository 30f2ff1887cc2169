import { type RawRow, stripByteOrderMark } from './raw-row';

/**
 * The rows of a JSON Lines file, one JSON value per line. Reads the text line by line without
 * splitting it into an array first (a results file may hold millions of rows); skips blank lines,
 * accepts CRLF line ends and a byte-order mark. A line that is not JSON is a row carrying its problem,
 * except a torn last line (no newline after it: a run that crashed mid-write), which is skipped and
 * reported through `onWarning`, as the run store reads it.
 *
 * @example parseJsonLines('{"item":1}\r\n\r\n{"item":2}\n', 'r.jsonl') // [{ value: { item: 1 }, line: 1 }, { value: { item: 2 }, line: 3 }]
 */
export function parseJsonLines(text: string, file: string, onWarning: (message: string) => void = () => {}): RawRow[] {
  const source = stripByteOrderMark(text);
  const rows: RawRow[] = [];
  let start = 0;
  let line = 0;
  while (start < source.length) {
    line++;
    let end = source.indexOf('\n', start);
    if (end === -1) end = source.length;
    const content = source.slice(start, end).trim();
    start = end + 1;
    if (content === '') continue;
    try {
      rows.push({ value: JSON.parse(content), line });
    } catch (error) {
      if (end === source.length && !source.endsWith('\n')) {
        onWarning(`${file}:${line}: skipped a torn last line (no newline after it: was the run interrupted?)`);
        continue;
      }
      rows.push({ line, problem: `not valid JSON (${(error as Error).message})` });
    }
  }
  return rows;
}
