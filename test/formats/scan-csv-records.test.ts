/**
 * The CSV byte scanner (src/formats/scan-csv-records.ts) against csv-parse and the schema: on seeded generated CSV
 * files (quotes, commas, line breaks and doubled quotes inside cells, empty cells, blank lines, a byte-order mark,
 * CRLF, LF and CR files, odd values the schema refuses or reads by its own rules, files csv-parse refuses), the
 * columns the scanner fills are exactly those the csv-parse path fills (streamCsvRecords, csvRecordValue, zod), the
 * problems are the same (file, line, field, value) and a file csv-parse refuses is refused with the same words.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ResultsColumnsBuilder } from '../../src/analysis/columns-builder';
import { streamCsvResultsFile } from '../../src/analysis/read-results-file';
import { csvRecordValue } from '../../src/formats/csv-record-value';
import { csvRecordParser, streamCsvRecords } from '../../src/formats/csv-records';
import { InputProblems } from '../../src/formats/input-problems';
import { readCsvResults } from '../../src/formats/scan-csv-records';
import { validateRecord } from '../../src/formats/validate-rows';
import { seededRandom } from '../../stats/seeded-random';

const dir = mkdtempSync(join(tmpdir(), 'verdict-scan-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEPT = ['tags.category', 'category', 'note'];

/** One CSV file's text: a random header order, rows of mostly valid values with odd ones mixed in. */
function generatedCsv(seed: number, rows: number, { broken = false } = {}): string {
  const next = seededRandom(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  const eol = pick(['\n', '\r\n', '\r']);
  const optional = ['sample', 'status', 'score', 'tags.category', 'latencyMs', 'latency_ms', 'costUsd', 'output'];
  const columns = ['item', 'variant', next() < 0.85 ? 'pass' : 'n', ...optional.filter(() => next() < 0.6)];
  if (columns.includes('n')) columns.push('c');
  if (next() < 0.3) columns.push('note');
  if (next() < 0.3) columns.push('category');
  for (let i = columns.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [columns[i], columns[j]] = [columns[j] as string, columns[i] as string];
  }
  const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
  const maybeQuoted = (text: string) => (next() < 0.15 ? quote(text) : text);
  const rare = (chance: number) => next() < chance;
  const cell = (column: string, row: number): string => {
    if (rare(0.04)) return rare(0.5) ? '' : '""';
    switch (column) {
      case 'item':
        return rare(0.05)
          ? quote(`it"em,${row}`)
          : maybeQuoted(rare(0.1) ? `ünï ${row % 50}` : `${row % 97}`.padStart(3, '0'));
      case 'variant':
        return rare(0.01) ? '__proto__' : maybeQuoted(pick(['A', 'B', 'B', 'modèle C']));
      case 'pass':
        return rare(0.05)
          ? pick(['yes', ' true ', 'TRUE', 'False', '2', 'null'])
          : maybeQuoted(pick(['true', 'false', '1', '0']));
      case 'n':
        return rare(0.03) ? pick(['0', '1.5', 'x']) : String(1 + Math.floor(next() * 5));
      case 'c':
        return rare(0.03) ? pick(['9', '-1', '']) : String(Math.floor(next() * 2));
      case 'sample':
        return rare(0.05) ? pick(['-1', '1.5', '1e1', ' 2', '+3', '-0', '2.0', 'one']) : String(Math.floor(next() * 3));
      case 'status':
        return rare(0.05) ? pick(['OK', 'ok ', 'failed']) : pick(['ok', 'ok', 'ok', 'error', 'timeout', 'skipped']);
      case 'score':
        return rare(0.05)
          ? pick(['1e400', 'NaN', '.5', '5.', '-0.25', '1E-3', '0.1234567890123456789', 'high'])
          : (next() * 2 - 0.5).toFixed(Math.floor(next() * 6));
      case 'latencyMs':
      case 'latency_ms':
      case 'costUsd':
        return rare(0.1) ? pick(['slow', '1e999', ' 12 ', '']) : String(Math.round(next() * 1e5) / 100);
      case 'tags.category':
      case 'category':
      case 'note':
        return rare(0.1) ? quote(`a, "b"\r\nc ${row % 3}`) : maybeQuoted(`cat${row % 7}`);
      default:
        return quote(
          `${pick(['plain', 'with, comma', 'two\nlines', 'crlf\r\ninside', 'quote "q"', '数学 🙂'])} ${row}`,
        );
    }
  };
  const lines = [columns.join(',')];
  for (let row = 0; row < rows; row++) {
    if (rare(0.02)) {
      lines.push(rare(0.5) ? '' : ','.repeat(columns.length - 1));
      continue;
    }
    const cells = columns.map((column) => cell(column, row));
    if (rare(0.03)) cells.length = Math.max(1, cells.length - 2); // a ragged row: missing cells are empty
    if (rare(0.02)) cells.push(''); // an extra empty cell: allowed
    lines.push(cells.join(','));
  }
  if (broken) {
    const at = 1 + Math.floor(next() * rows);
    const damage = pick(['bare quote', 'open quote', 'extra cell', 'text after quote', 'stray line break']);
    const line = lines[at] ?? '';
    lines[at] =
      damage === 'bare quote'
        ? `x"y,${line}`
        : damage === 'open quote'
          ? `${line},"never closed`
          : damage === 'extra cell'
            ? `${line}${','.repeat(columns.length)}surplus`
            : damage === 'text after quote'
              ? `"a"b,${line}`
              : `${line.replace(',', eol === '\n' ? ',\r' : ',\n')}`;
  }
  const bom = next() < 0.3 ? '\uFEFF' : '';
  return `${bom}${lines.join(eol)}${next() < 0.8 ? eol : ''}`;
}

/** The columns of `path` read as the csv-parse path reads them (every record through csv-parse and zod). */
async function csvParseColumns(path: string, problems: InputProblems) {
  const builder = new ResultsColumnsBuilder(KEPT);
  const csv = await streamCsvRecords(path);
  if (csv === undefined) return builder.build();
  const parse = await csvRecordParser();
  const file = builder.fileCode(path, path, (bytes, start, end) =>
    csvRecordValue(csv.columns, parse(bytes.toString('utf8', start, end), csv.recordDelimiters()) ?? []),
  );
  for await (const { cells, line, blank, byteOffset, byteLength } of csv.records) {
    if (blank) continue;
    const record = validateRecord(csvRecordValue(csv.columns, cells), { file: path, line }, problems);
    if (record !== undefined) builder.addRecord(record, file, line, { byteOffset, byteLength });
  }
  return builder.build();
}

/** The columns of `path` as `compare` reads them: the byte scanner first. */
async function scannedColumns(path: string, problems: InputProblems) {
  const builder = new ResultsColumnsBuilder(KEPT);
  await streamCsvResultsFile(path, builder, problems);
  return builder.build();
}

/** What a load gives a user: every typed column, each kept field and each record re-read by its byte span. */
function visible(columns: Awaited<ReturnType<typeof scannedColumns>>) {
  const rows = Array.from({ length: columns.length }, (_, row) => row);
  const { records, ...typed } = columns;
  return {
    ...Object.fromEntries(
      Object.entries(typed).map(([name, value]) => [
        name,
        ArrayBuffer.isView(value) ? [...(value as Float64Array)] : value,
      ]),
    ),
    kept: KEPT.map((field) => rows.map((row) => records.valueAt(row, field))),
    records: records.recordsAt(rows),
  };
}

const problemsOf = (problems: InputProblems): string => {
  try {
    problems.throwIfAny();
    return '';
  } catch (error) {
    return String(error);
  }
};

const outcome = async (read: (path: string, problems: InputProblems) => Promise<unknown>, path: string) => {
  const problems = new InputProblems();
  try {
    const columns = await read(path, problems);
    return { columns: visible(columns as Awaited<ReturnType<typeof scannedColumns>>), problems: problemsOf(problems) };
  } catch (error) {
    return { thrown: String(error) };
  }
};

describe('the CSV byte scanner', () => {
  it('fills exactly the columns csv-parse and the schema fill, on 120 seeded generated files', async () => {
    let scannedRows = 0;
    for (let seed = 1; seed <= 120; seed++) {
      const path = join(dir, `generated-${seed}.csv`);
      writeFileSync(path, generatedCsv(seed, 40 + (seed % 7) * 30));
      const reference = await outcome(csvParseColumns, path);
      const scanned = await outcome(scannedColumns, path);
      expect(scanned, `seed ${seed}`).toEqual(reference);
      // The scanner did read most records itself (else this would test csv-parse against itself).
      const csv = await readCsvResults(path, KEPT);
      let byScanner = 0;
      await csv?.read({ scanned: () => byScanner++, record: () => {} });
      scannedRows += byScanner;
    }
    expect(scannedRows).toBeGreaterThan(10_000);
  });

  it('refuses a file csv-parse refuses, with the same words and line, and reads the rows before it alike', async () => {
    let refused = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const path = join(dir, `broken-${seed}.csv`);
      writeFileSync(path, generatedCsv(1000 + seed, 120, { broken: true }));
      const reference = await outcome(csvParseColumns, path);
      const scanned = await outcome(scannedColumns, path);
      expect(scanned, `seed ${seed}`).toEqual(reference);
      if ('thrown' in reference) refused++;
    }
    expect(refused).toBeGreaterThan(20);
  });

  it('reads records that straddle its 1 MiB chunks, and a record longer than a chunk', async () => {
    const long = `"${'x'.repeat(1_500_000)}\r\n${'y'.repeat(700_000)}"`;
    const rows = ['item,variant,pass,output'];
    for (let i = 0; i < 60_000; i++)
      rows.push(`${i},${i % 2 ? 'B' : 'A'},${i % 3 ? 'true' : 'false'},${i === 31_000 ? long : `"o, ${i}"`}`);
    const path = join(dir, 'chunks.csv');
    writeFileSync(path, `${rows.join('\r\n')}\r\n`);
    const reference = await outcome(csvParseColumns, path);
    const scanned = await outcome(scannedColumns, path);
    expect(scanned).toEqual(reference);
    expect(scanned).toMatchObject({ columns: { length: 60_000 } });
  });
});
