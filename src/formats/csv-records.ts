import type { fromCSV } from 'arquero';
import { InputError } from '../schema/input-error';
import { loadArquero } from './arquero-module';
import { stripByteOrderMark } from './raw-row';

/** A CSV file with a header line, read as text cells: nothing is typed or guessed (`007` stays `007`). */
export interface CsvRecords {
  /** The header's names, trimmed, in file order. */
  readonly columns: readonly string[];
  /** One entry per record after the header: its cells by column (null for an empty cell) and its first line. */
  readonly records: readonly CsvRecord[];
}

export interface CsvRecord {
  readonly cells: readonly (string | null)[];
  /** The 1-based line the record starts on: a quoted field spanning lines does not shift the records after it. */
  readonly line: number;
  /** Every cell empty (a blank line). */
  readonly blank: boolean;
}

/**
 * The one CSV reader of user files (results files and items files): a byte-order mark dropped, arquero's reader
 * for the CSV itself (RFC 4180 quotes, CRLF) with `autoType` off, a repeated header name refused (arquero would
 * read one column for both, the last silently winning), and each record's start line counted from the text.
 *
 * @returns undefined for a file with nothing in it but white space
 * @throws {InputError} naming the file (and line 1 and the column for a repeated name) when it is not valid CSV
 * @example readCsvRecords('id,input\n1,"two\nlines"\n2,x\n', 'items.csv').records.map((r) => r.line) // [2, 4]
 */
export function readCsvRecords(text: string, file: string): CsvRecords | undefined {
  const source = stripByteOrderMark(text);
  if (source.trim() === '') return undefined;
  let table: ReturnType<typeof fromCSV>;
  try {
    table = loadArquero().fromCSV(source, { autoType: false });
  } catch (error) {
    throw new InputError(`not valid CSV (${(error as Error).message})`, { file });
  }
  const names = table.columnNames();
  const columns = names.map((name) => name.trim());
  const repeated = columns.find((name, j) => columns.indexOf(name) !== j);
  if (repeated !== undefined) {
    throw new InputError('the column appears twice in the header; keep one', { file, line: 1, field: repeated });
  }
  const arrays = names.map((name) => table.array(name) as unknown as ArrayLike<string | null | undefined>);
  const starts = recordStartLines(source);
  const records: CsvRecord[] = [];
  for (let row = 0; row < table.numRows(); row++) {
    const cells = arrays.map((array) => {
      const cell = array[row];
      return cell === undefined || cell === null || cell === '' ? null : cell;
    });
    // starts[0] is the header's line; if arquero and the count ever disagree, fall back to one line per record.
    const line = starts[row + 1] ?? row + 2;
    records.push({ cells, line, blank: cells.every((cell) => cell === null) });
  }
  return { columns, records };
}

/**
 * The line on which each CSV record starts (the header first): records end at a newline outside double quotes
 * (RFC 4180; an escaped quote `""` toggles twice), so a quoted field spanning lines does not shift the lines
 * after it.
 */
function recordStartLines(text: string): number[] {
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
