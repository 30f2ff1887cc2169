/**
 * verdict's record schema in Arrow IPC and Parquet: the same records as a JSON Lines file give the same verdict
 * (the whole JSON report but its provenance), and a bad cell is refused with the file, the row, the field and
 * the value. The columnar files are written here by the tools users write them with: DuckDB's `COPY ... TO
 * 'x.parquet'` (struct tags, as it reads them from JSON Lines) and flechette's `tableToIPC` (Arrow file and
 * stream).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bool, type DataType, int64, map, struct, tableFromArrays, tableToIPC, utf8 } from '@uwdata/flechette';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateResults } from '../../bench/generate-results';
import { columnarRow } from '../../src/formats/columnar-records';
import { runCliInProcess } from '../docs/run-docs';
import { duckdb } from '../helpers/duckdb';

type Row = Record<string, unknown>;
let dir: string;
let jsonl: string;
let records: Row[];
const at = (name: string) => join(dir, name);

/** An Arrow IPC file (or stream) of `columns`, with flechette's type inference where `types` names none. */
function writeArrow(
  file: string,
  columns: Record<string, unknown[]>,
  options: { stream?: boolean; types?: Record<string, DataType> } = {},
) {
  const table = tableFromArrays(columns, { types: options.types ?? {} });
  writeFileSync(file, tableToIPC(table, { format: options.stream ? 'stream' : 'file' })!);
}

/** The records as columns (an absent field is a null cell), tags as one struct column or as `tags.<name>` columns. */
function columnsOf(rows: readonly Row[], tags: 'struct' | 'flat'): Record<string, unknown[]> {
  const names = ['item', 'variant', 'sample', 'status', 'pass', 'latencyMs', 'costUsd'];
  const columns: Record<string, unknown[]> = {};
  for (const name of names) columns[name] = rows.map((row) => row[name] ?? null);
  const tagsOf = (row: Row) => row.tags as Record<string, string>;
  if (tags === 'struct') columns.tags = rows.map(tagsOf);
  else for (const tag of ['category', 'split']) columns[`tags.${tag}`] = rows.map((row) => tagsOf(row)[tag]);
  return columns;
}

/** `verdict compare FILE --by tags.category --json`: the exit code, stderr and the JSON report without provenance. */
async function compareJson(file: string) {
  const out = `${file}.json`;
  const run = await runCliInProcess(['compare', file, '--by', 'tags.category', '--json', out], dir);
  if (run.exitCode === 2) return { exitCode: run.exitCode, stderr: run.stderr, report: undefined };
  const { provenance: _provenance, ...report } = JSON.parse(readFileSync(out, 'utf8')) as Row;
  return { exitCode: run.exitCode, stderr: run.stderr, report };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'verdict-columnar-'));
  jsonl = generateResults(at('results.jsonl'), { items: 400, seed: 14 }).file;
  records = readFileSync(jsonl, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Row);
  await duckdb(`COPY (SELECT * FROM read_ndjson('${jsonl}')) TO '${at('results.parquet')}' (FORMAT parquet)`);
  await duckdb(
    `COPY (SELECT item, variant, sample, status, pass, tags.category AS "tags.category", tags.split AS "tags.split",
       latencyMs, costUsd FROM read_ndjson('${jsonl}')) TO '${at('flat.parquet')}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 128)`,
  );
  writeArrow(at('results.arrow'), columnsOf(records, 'struct'));
  writeArrow(at('results.arrows'), columnsOf(records, 'flat'), { stream: true });
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Arrow IPC and Parquet records give the verdict of the same records in JSON Lines', () => {
  it.each([
    ['Parquet written by DuckDB, tags a struct', 'results.parquet'],
    ['Parquet with tags.<name> columns, zstd, several row groups', 'flat.parquet'],
    ['an Arrow IPC file, tags a struct', 'results.arrow'],
    ['an Arrow IPC stream, tags.<name> columns', 'results.arrows'],
  ])('%s', async (_what, name) => {
    const expected = await compareJson(jsonl);
    expect(expected.exitCode).not.toBe(2);
    const actual = await compareJson(at(name));
    expect(actual.stderr).toBe(expected.stderr);
    expect(actual.exitCode).toBe(expected.exitCode);
    expect(actual.report).toEqual(expected.report);
  });
});

describe('bad cells are refused with the file, the row, the field and the value', () => {
  const base = () => ({
    item: ['q1', 'q1', 'q2', 'q2'],
    variant: ['A', 'B', 'A', 'B'],
    status: ['ok', 'ok', 'ok', 'error'],
  });

  it('a value of the wrong type', async () => {
    const file = at('bad-value.arrow');
    writeArrow(file, { ...base(), pass: ['true', 'false', 'yes', null] });
    const run = await runCliInProcess(['summary', file], dir);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`${file}:row 3: \`pass\`: expected boolean or 0/1, got "yes"`);
  });

  // Spread into an object, a string read as tags by position ({"0": "s", "1": "6"}) and --by sliced on them.
  it('a tags column that is not tags (a string, a list of strings), as JSON Lines refuses it', async () => {
    const text = at('tags-text.arrow');
    writeArrow(text, { ...base(), pass: [true, false, true, true], tags: ['s6', 's7', 's8', 's9'] });
    const run = await runCliInProcess(['compare', text, '--by', 'tags.0'], dir);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`${text}:row 1: \`tags\`: expected an object of strings, got "s6"`);
    expect(columnarRow({ item: 1, variant: 'A', pass: true, tags: ['a', 'b'] }, 'r.parquet', 2).record?.tags).toEqual([
      'a',
      'b',
    ]);
  });

  it('a null outcome on an ok row (a null on an error row is an absent outcome, as it should be)', async () => {
    const file = at('null-outcome.arrow');
    writeArrow(file, { ...base(), pass: [true, null, false, null] }, { types: { pass: bool() } });
    const run = await runCliInProcess(['summary', file], dir);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`${file}:row 2: \`pass\`: an ok row needs \`pass\`, \`score\` or \`n\` and \`c\``);
    expect(run.stderr).not.toContain('row 4');
  });

  it('a missing required column, named, with the columns the file has', async () => {
    const file = at('no-variant.parquet');
    await duckdb(`COPY (SELECT 'q1' AS item, true AS pass) TO '${file}' (FORMAT parquet)`);
    const run = await runCliInProcess(['summary', file], dir);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`${file}: \`variant\`: missing the column \`variant\` of the record schema`);
    expect(run.stderr).toContain('the file has `item`, `pass`');
  });

  it('a file with no outcome column', async () => {
    const file = at('no-outcome.arrow');
    writeArrow(file, base());
    const run = await runCliInProcess(['summary', file], dir);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('no outcome column: a records file needs `pass`, `score` or `n` and `c`');
  });

  it('a .parquet file that is not Parquet, and Feather version 1, by the rule they break', async () => {
    writeFileSync(at('text.parquet'), 'item,variant,pass\nq1,A,1\n');
    writeFileSync(at('old.feather'), Buffer.concat([Buffer.from('FEA1'), Buffer.alloc(60)]));
    const text = await runCliInProcess(['summary', at('text.parquet')], dir);
    expect(text.exitCode).toBe(2);
    expect(text.stderr).toContain('looks like parquet but breaks its rule: a Parquet file starts with "PAR1"');
    const feather = await runCliInProcess(['summary', at('old.feather')], dir);
    expect(feather.stderr).toContain('Feather version 1 is not Arrow IPC');
  });

  it('a truncated Parquet file', async () => {
    const whole = readFileSync(at('results.parquet'));
    writeFileSync(at('torn.parquet'), whole.subarray(0, whole.byteLength >> 1));
    const run = await runCliInProcess(['summary', at('torn.parquet')], dir);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`${at('torn.parquet')}: cannot read as Parquet`);
  });
});

describe('a columnar row as a record', () => {
  it('keeps a 64-bit id exact as its text, a safe one as a number, and reads a map of tags', () => {
    const row = columnarRow(
      {
        item: 2n ** 60n,
        variant: 'B',
        sample: 1n,
        pass: null,
        tags: [
          ['category', 'math'],
          ['split', null],
        ],
      },
      'r.arrow',
      7,
    );
    expect(row).toEqual({
      record: { item: '1152921504606846976', variant: 'B', sample: 1, tags: { category: 'math' } },
      place: { file: 'r.arrow', entry: 'row 7' },
    });
  });

  it('reads an Arrow map column of tags as written by flechette', async () => {
    const file = at('map-tags.arrow');
    const columns = {
      item: [1n, 1n, 2n, 2n],
      variant: ['A', 'B', 'A', 'B'],
      pass: [true, false, true, true],
      tags: [[['category', 'x']], [['category', 'x']], [['category', 'y']], [['category', 'y']]],
    };
    writeArrow(file, columns, { types: { item: int64(), tags: map(utf8(), utf8()) } });
    const run = await runCliInProcess(['compare', file, '--by', 'tags.category', '--max-missing', '100'], dir);
    expect(run.exitCode).not.toBe(2);
    expect(run.stdout).toContain('tags.category = x');
    expect(run.stdout).toContain('tags.category = y');
  });

  it('refuses a `__proto__` column by name instead of losing it', async () => {
    const file = at('proto.arrow');
    writeArrow(
      file,
      { item: ['q1'], variant: ['A'], pass: [true], tags: [JSON.parse('{"__proto__":"x"}')] },
      {
        types: { tags: struct({ ['__proto__']: utf8() }) },
      },
    );
    const run = await runCliInProcess(['summary', file], dir);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`${file}: \`tags.__proto__\`: \`__proto__\` cannot name`);
  });
});
