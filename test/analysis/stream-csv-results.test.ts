/**
 * A CSV results file streamed in chunks into the typed columns (issue 14): the same rows, lines and records as the
 * whole-text reader (readCsvRecords, arquero's CSV reader) gives, past many read chunks and quoted fields spanning
 * lines; a bad row or bad CSV deep in the file named by its line; records re-read alone by their byte span.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadResults } from '../../src/analysis/load-results';
import { csvRecordValue } from '../../src/formats/csv-record-value';
import { readCsvRecords } from '../../src/formats/csv-records';
import { InputProblems } from '../../src/formats/input-problems';
import { validateRecord } from '../../src/formats/validate-rows';
import { InputError } from '../../src/schema/input-error';

const dir = mkdtempSync(join(tmpdir(), 'verdict-stream-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const quiet = { onWarning: () => {}, onNote: () => {} };

/** A seeded generator (mulberry32), so the file is the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `items` items x 2 variants as CSV with CRLF line breaks and a byte-order mark: outputs quoted over several lines
 * (CRLF and LF inside), with commas, doubled quotes and multi-byte characters, some blank lines, item ids with
 * leading zeros. About 4 MB at 20,000 items: several of the reader's 1 MiB chunks, records straddling them.
 */
function largeCsvRecords(items: number, seed: number): string[] {
  const next = random(seed);
  const rows = ['\uFEFFitem,variant,sample,pass,score,tags.category,output'];
  for (let i = 0; i < items; i++) {
    for (const variant of ['A', 'B']) {
      const output = [
        `answer ${i}`,
        next() < 0.3 ? `"a line\r\nbroken", 2` : 'plain',
        next() < 0.2 ? 'ünïcödé 数学 🙂\nand another line' : '',
        'x'.repeat(Math.floor(next() * 120)),
      ].join(' ');
      const score = next() < 0.1 ? '' : next().toFixed(3);
      rows.push(
        `${String(i).padStart(6, '0')},${variant},0,${next() < 0.6 ? 'true' : '0'},${score},cat${i % 8},"${output.replace(/"/g, '""')}"`,
      );
    }
    if (i % 997 === 0) rows.push('');
  }
  return rows;
}

const csvText = (records: readonly string[]) => `${records.join('\r\n')}\r\n`;

/** The line record `at` of `records` starts on in csvText(records): 1 + the line feeds before it. */
const lineOf = (records: readonly string[], at: number) =>
  1 + (csvText(records.slice(0, at)).match(/\n/g)?.length ?? 0);

/** The rows as the whole-text reader reads them: every record validated, with its line. */
function wholeRead(text: string, file: string) {
  const csv = readCsvRecords(text, file);
  const problems = new InputProblems();
  const rows = (csv?.records ?? [])
    .filter((record) => !record.blank)
    .map(({ cells, line }) => ({
      record: validateRecord(csvRecordValue(csv!.columns, cells), { file, line }, problems),
      line,
    }));
  problems.throwIfAny();
  return rows;
}

describe('a CSV results file streamed in chunks', () => {
  const file = join(dir, 'large.csv');
  writeFileSync(file, csvText(largeCsvRecords(20_000, 14)));

  it('gives the same rows, lines and records as the whole-text read, past many chunks', async () => {
    expect(readFileSync(file).byteLength).toBeGreaterThan(4 * (1 << 20));
    const whole = wholeRead(readFileSync(file, 'utf8'), file);
    const { columns, inputs } = await loadResults([file], quiet);
    expect(columns.length).toBe(40_000);
    expect(whole.length).toBe(40_000);
    expect([...columns.line]).toEqual(whole.map((row) => row.line));
    expect(columns.records.recordsAt(whole.map((_, row) => row))).toEqual(whole.map((row) => row.record));
    expect(inputs[0]?.bytes).toBe(readFileSync(file).byteLength);
  });

  it('keeping fields only, re-reads each record alone by its byte span, the first after the byte-order mark too', async () => {
    const whole = wholeRead(readFileSync(file, 'utf8'), file);
    const { columns } = await loadResults([file], { ...quiet, fields: ['tags.category'] });
    const rows = [0, 1, 2, 4_321, 20_000, 39_999];
    expect(columns.records.recordsAt(rows)).toEqual(rows.map((row) => whole[row]?.record));
    expect(columns.records.valueAt(39_999, 'tags.category')).toBe('cat7');
  });

  it('re-reads records alike whichever line break the file uses (LF, CRLF, CR)', async () => {
    for (const [name, eol] of [
      ['lf', '\n'],
      ['crlf', '\r\n'],
      ['cr', '\r'],
    ] as const) {
      const path = join(dir, `${name}.csv`);
      writeFileSync(path, ['item,variant,pass,output', '1,A,1,"x,y"', '1,B,0,"two', 'lines"', '2,A,0,z', ''].join(eol));
      const { columns } = await loadResults([path], { ...quiet, fields: [] });
      expect(columns.records.recordsAt([0, 1, 2]).map((record) => record.output)).toEqual([
        'x,y',
        `two${eol}lines`,
        'z',
      ]);
    }
  });

  it('names the line a bad row deep in the file starts on, with its field and value', async () => {
    const records = largeCsvRecords(20_000, 14);
    const at = 30_000;
    records[at] = records[at]!.replace(/^(\d+,[AB],0),(true|0),/, '$1,perhaps,');
    const bad = join(dir, 'bad-row.csv');
    writeFileSync(bad, csvText(records));
    const line = lineOf(records, at);
    expect(line).toBeGreaterThan(at + 1); // quoted line breaks before it, counted
    const error = await loadResults([bad], quiet).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain(`bad-row.csv:${line}: \`pass\``);
    expect((error as InputError).message).toContain('"perhaps"');
  });

  it('names the line a quote left open in the last record starts on; refuses one deep in the file', async () => {
    // A quote never closed takes the rest of the file into its cell (RFC 4180 lets a quoted cell span lines): in the
    // last record csv-parse says so; deep in the file it closes at the next quote and the rows after it are refused.
    const records = largeCsvRecords(5_000, 3);
    records.push('777777,A,0,true,0.5,cat1,"never closed', '777777,B,0,true,0.5,cat1,x');
    const bad = join(dir, 'open-quote.csv');
    writeFileSync(bad, csvText(records));
    const error = await loadResults([bad], quiet).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(InputError);
    // csv-parse's own line (in its words) is where it stopped, and counts a CRLF inside quotes twice: not asserted.
    expect((error as InputError).message).toMatch(
      new RegExp(
        `^${bad}:${lineOf(records, records.length - 2)}: not valid CSV in the record starting here \\(Quote Not Closed: [^\n]*\\)$`,
      ),
    );
    const deep = largeCsvRecords(5_000, 3);
    deep.splice(9_000, 0, '777777,A,0,true,0.5,cat1,"never closed');
    writeFileSync(bad, csvText(deep));
    await expect(loadResults([bad], quiet)).rejects.toThrow(
      new RegExp(`^${bad}:${lineOf(deep, 9_000)}: not valid CSV in the record starting here \\(Invalid Closing Quote`),
    );
  });

  it('refuses a record with more cells than the header names, unless the extra cells are empty', async () => {
    const ragged = join(dir, 'ragged.csv');
    writeFileSync(ragged, 'item,variant,pass\n1,A,1,\n1,B,0\n2,A,1,spilled\n');
    await expect(loadResults([ragged], quiet)).rejects.toThrow(
      `${ragged}:4: the record has 4 cells where the header names 3 (a quote left open above it?)`,
    );
    writeFileSync(ragged, 'item,variant,pass\n1,A,1,\n1,B,0\n');
    expect((await loadResults([ragged], quiet)).columns.length).toBe(2);
  });

  it('says a line ending in LF alone in a CRLF file joined two lines, rather than guessing at a quote', async () => {
    const mixed = join(dir, 'mixed-line-breaks.csv');
    writeFileSync(mixed, 'item,variant,pass\r\n1,A,true\r\n1,B,false\n2,A,true\r\n2,B,true\r\n');
    await expect(loadResults([mixed], quiet)).rejects.toThrow(
      `${mixed}:3: the record has 5 cells where the header names 3 (a line ending in LF alone where the file's lines end in CRLF, as its first line does, or a quote left open above it?)`,
    );
  });

  it('holds nothing for a file of white space, and refuses a header after blank lines', async () => {
    const blank = join(dir, 'blank.csv');
    writeFileSync(blank, '\r\n  \n\n');
    await expect(loadResults([blank], quiet)).rejects.toThrow(/no records in the results files/);
    const late = join(dir, 'late-header.csv');
    writeFileSync(late, '\nitem,variant,pass\n1,A,1\n');
    await expect(loadResults([late], quiet)).rejects.toThrow(/late-header\.csv:1: the header is not on the first line/);
  });
});
