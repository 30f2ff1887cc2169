/**
 * Parquet and Arrow IPC read column by column into the typed columns (issue 14) load what the row path loads:
 * every column, every record re-read, every kept field, and the same problem for a bad cell, on files written by
 * DuckDB (`COPY ... TO 'x.parquet'`: dictionary-encoded strings, int64, several row groups, struct and map tags,
 * flattened `tags.<name>` columns, extra columns) and by flechette (Arrow: several record batches). The row path
 * is `loadResults` with whole records (`fields: 'all'`), which reads each row with hyparquet's `parquetReadObjects`
 * (or flechette's rows) and checks it with the record schema; the column path is the one `compare` takes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { int64, tableFromArrays, tableToIPC } from '@uwdata/flechette';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadResults } from '../../src/analysis/load-results';
import type { ResultsColumns } from '../../src/analysis/results-columns';
import { InputError } from '../../src/schema/input-error';
import { runCliInProcess } from '../docs/run-docs';
import { duckdb } from '../helpers/duckdb';

let dir: string;
const at = (name: string) => join(dir, name);

/**
 * 2 variants x `items` items, seeded by arithmetic: nulls (a null tags struct and null fields in it too), an error row
 * without outcome, score rows, extra columns.
 */
const ROWS = (items: number) => `
  SELECT 'q' || (i // 2) AS item, CASE WHEN i % 2 = 0 THEN 'A' ELSE 'B' END AS variant,
    CASE WHEN i % 11 = 0 THEN NULL ELSE 0 END::BIGINT AS sample,
    CASE WHEN i % 97 = 5 THEN 'error' WHEN i % 13 = 0 THEN NULL ELSE 'ok' END AS status,
    CASE WHEN i % 97 = 5 THEN NULL ELSE ((i * 7919) % 10) < 6 + (i % 2) END AS pass,
    CASE WHEN i % 5 = 0 THEN ((i * 31) % 100) / 100.0 ELSE NULL END AS score,
    CASE WHEN i % 23 = 4 THEN NULL
      ELSE {'category': 'c' || ((i // 2) % 4), 'split': CASE WHEN i % 7 = 0 THEN NULL ELSE 'easy' END} END AS tags,
    (100 + (i * 37) % 900)::BIGINT AS latencyMs, 0.0004 AS costUsd,
    'answer ' || i AS output, {'source': 'gen', 'index': i} AS meta
  FROM range(${items * 2}) t(i)`;

/** Every column of the two loads equal, the row path's `file:row N` names being the column path's file and row. */
function expectSameColumns(actual: ResultsColumns, expected: ResultsColumns, file: string, kept: readonly string[]) {
  expect(actual.length).toBe(expected.length);
  for (const name of ['itemKeys', 'variantNames'] as const) expect(actual[name]).toEqual(expected[name]);
  const columns = ['itemId', 'itemIsNumber', 'variant', 'sample', 'status', 'trials', 'passes', 'score'] as const;
  for (const name of [...columns, 'latencyMs', 'costUsd'] as const)
    expect(Array.from(actual[name]), name).toEqual(Array.from(expected[name]));
  expect(actual.fileNames).toEqual([file]);
  const places = Array.from({ length: actual.length }, (_, row) => `${file}:row ${actual.line[row]}`);
  expect(places).toEqual(Array.from(expected.file, (code) => expected.fileNames[code]));
  const rows = Array.from({ length: actual.length }, (_, row) => row);
  expect(actual.records.recordsAt(rows)).toEqual(expected.records.recordsAt(rows));
  for (const field of kept)
    expect(rows.map((row) => actual.records.valueAt(row, field))).toEqual(
      rows.map((row) => expected.records.valueAt(row, field)),
    );
}

async function expectSameLoad(file: string, kept: readonly string[] = ['tags.category']) {
  const columnar = await loadResults([file], { fields: kept, onNote: () => {} });
  const rows = await loadResults([file], { fields: 'all', onNote: () => {} });
  expectSameColumns(columnar.columns, rows.columns, file, [...kept, 'finishedAt', 'cached']);
  expect(columnar.inputs).toEqual(rows.inputs);
  expect(columnar.sources).toEqual(rows.sources);
  return columnar;
}

/** The problem message each load throws. */
async function problemOf(file: string, fields: 'all' | readonly string[]): Promise<string> {
  const error = await loadResults([file], { fields, onNote: () => {} }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InputError);
  return (error as Error).message;
}

/** compare's JSON report of `file` without its provenance (which names the input). */
const reportOf = async (file: string) => {
  const out = `${file}.json`;
  const run = await runCliInProcess(['compare', file, '--by', 'tags.category', '--json', out], dir);
  expect(run.exitCode, run.stderr).not.toBe(2);
  const { provenance: _provenance, ...rest } = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
  return rest;
};
/** `file`'s rows as JSON Lines, absent where a cell is null (as the row path reads them). */
const twinOf = async (file: string) => {
  const { columns } = await loadResults([file], { fields: 'all' });
  const records = columns.records.recordsAt(Array.from({ length: columns.length }, (_, row) => row));
  writeFileSync(`${file}.twin.jsonl`, records.map((record) => `${JSON.stringify(record)}\n`).join(''));
  return `${file}.twin.jsonl`;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'verdict-columnar-into-'));
  await duckdb(`COPY (${ROWS(1500)}) TO '${at('struct.parquet')}' (FORMAT parquet, ROW_GROUP_SIZE 1000)`);
  await duckdb(
    `COPY (SELECT item, variant, sample, status, pass, score, tags.category AS "tags.category",
       tags.split AS "tags.split", latencyMs, costUsd, output FROM (${ROWS(600)}))
     TO '${at('flat.parquet')}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 256)`,
  );
  await duckdb(
    `COPY (SELECT * EXCLUDE (tags), MAP {'category': tags.category} AS tags FROM (${ROWS(300)}))
     TO '${at('map.parquet')}' (FORMAT parquet, ROW_GROUP_SIZE 200)`,
  );
  await duckdb(
    `COPY (SELECT (i // 2)::BIGINT + 9007199254740000 AS item, CASE WHEN i % 2 = 0 THEN 'A' ELSE 'B' END AS variant,
       (i % 3 = 0) AS pass, 'c' || (i % 3) AS "tags.category" FROM range(4000) t(i))
     TO '${at('bigint.parquet')}' (FORMAT parquet, ROW_GROUP_SIZE 1024)`,
  );
  await duckdb(
    `COPY (SELECT * REPLACE (CASE WHEN i = 1499 THEN 'done' ELSE status END AS status)
       FROM (SELECT row_number() OVER () - 1 AS i, * FROM (${ROWS(1000)})))
     TO '${at('bad-status.parquet')}' (FORMAT parquet, ROW_GROUP_SIZE 1000)`,
  );
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a Parquet file read column by column loads what the row path loads', () => {
  it('tags a struct, nulls, several row groups, dictionary strings, extra columns', async () => {
    const loaded = await expectSameLoad(at('struct.parquet'), ['tags.category', 'category', 'meta.source', 'output']);
    expect(loaded.columns.length).toBe(3000);
  });

  it('flattened tags.<name> columns, zstd', async () => {
    await expectSameLoad(at('flat.parquet'), ['tags.split', 'split']);
  });

  it('tags a map (each row by the record path)', async () => {
    await expectSameLoad(at('map.parquet'));
  });

  it('64-bit items beyond 2^53 kept as their text, safe ones as numbers', async () => {
    const loaded = await expectSameLoad(at('bigint.parquet'));
    expect(loaded.columns.itemKeys[0]).toBe('9007199254740000');
    expect(loaded.columns.itemIsNumber[0]).toBe(1);
    expect(loaded.columns.itemKeys.at(-1)).toBe('9007199254741999');
    expect(loaded.columns.itemIsNumber.at(-1)).toBe(0);
  });

  it('a bad cell in the second row group is refused with its true row, field and value', async () => {
    const file = at('bad-status.parquet');
    const message = await problemOf(file, ['tags.category']);
    expect(message).toContain(`${file}:row 1500: \`status\`: expected one of "ok", "error", "timeout", "skipped"`);
    expect(message).toBe(await problemOf(file, 'all'));
  });

  it('a row without the outcome the metric needs is named by its row, as before', async () => {
    const file = at('struct.parquet');
    const run = await runCliInProcess(['compare', file, '--metric', 'score'], dir);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`${file}:row 2: \`score\`: missing: --metric score needs \`score\` on every ok row`);
  });

  it('compare gives the JSON report of the same rows in JSON Lines (but the input named)', async () => {
    const parquet = await reportOf(at('struct.parquet'));
    expect(JSON.stringify(parquet)).toContain('"passToFail":[{');
    expect(parquet).toEqual(await reportOf(await twinOf(at('struct.parquet'))));
  });

  it("the report's flips of both directions from many row groups (the second list's kept as the first is read): the twin's", async () => {
    // 10 row groups (DuckDB writes 2,048 rows at least): each list's flips lie in every group, the second list's kept
    // while the first is read.
    const file = at('groups.parquet');
    await duckdb(`COPY (${ROWS(10240)}) TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
    const parquet = (await reportOf(file)) as { flips: { passToFail: unknown[]; failToPass: unknown[] } };
    expect(parquet.flips.passToFail.length).toBeGreaterThan(30);
    expect(parquet.flips.failToPass.length).toBeGreaterThan(30);
    expect(parquet).toEqual(await reportOf(await twinOf(file)));
  });

  it('rows announced by readAhead are kept from the one decoding of their group, their shown columns only', async () => {
    const file = at('ahead.parquet');
    await duckdb(`COPY (${ROWS(5000)}) TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
    const { openParquetColumns } = await import('../../src/formats/parquet-records');
    const opened = await openParquetColumns(file);
    const fields = new Set(['item', 'variant', 'pass', 'tags', 'output']);
    const whole = opened.readRows([5, 4100]);
    opened.readAhead?.([4100, 5], fields);
    const first = opened.readRows([4, 4099], fields);
    // The file emptied: the announced rows come from what was kept when their groups (the first and the third, of
    // 2,048 rows each) were decoded for rows 4 and 4099.
    writeFileSync(file, '');
    const {
      latencyMs: _latency,
      costUsd: _cost,
      sample: _sample,
      status: _status,
      score: _score,
      meta: _meta,
      ...shown
    } = whole[0] as Record<string, unknown>;
    expect(opened.readRows([5, 4100], fields)).toEqual([
      shown,
      Object.fromEntries(Object.entries(whole[1] as object).filter(([name]) => fields.has(name))),
    ]);
    expect(first[0]).toMatchObject({ item: 'q2', variant: 'A' });
    expect(first[0]).not.toHaveProperty('latencyMs');
    expect(() => opened.readRows([2100], fields)).toThrow(/cannot read rows 2049 to 4096/);
  });
});

describe('an Arrow IPC file read column by column loads what the row path loads', () => {
  const items = 900;
  const columns = {
    item: Array.from({ length: 2 * items }, (_, i) => BigInt(i >> 1)),
    variant: Array.from({ length: 2 * items }, (_, i) => (i % 2 === 0 ? 'A' : 'B')),
    status: Array.from({ length: 2 * items }, (_, i) => (i % 41 === 3 ? 'timeout' : i % 9 === 0 ? null : 'ok')),
    pass: Array.from({ length: 2 * items }, (_, i) => (i % 41 === 3 ? null : (i * 7919) % 10 < 6)),
    tags: Array.from({ length: 2 * items }, (_, i) => ({ category: `c${(i >> 1) % 3}`, split: i % 5 ? 'easy' : null })),
    latencyMs: Array.from({ length: 2 * items }, (_, i) => BigInt(100 + i)),
  };

  it('several record batches, tags a struct, int64, dictionary strings', async () => {
    const file = at('batches.arrow');
    const table = tableFromArrays(columns, { types: { item: int64(), latencyMs: int64() }, maxBatchRows: 500 });
    writeFileSync(file, tableToIPC(table, { format: 'file' }) as Uint8Array);
    await expectSameLoad(file, ['tags.category', 'split']);
  });

  it('a null tags struct and null fields in it, strings repeated and distinct: the row load, the twin report', async () => {
    const file = at('null-tags.arrow');
    const tags = columns.tags.map((value, i) => (i % 23 === 4 ? null : value));
    const output = Array.from({ length: 2 * items }, (_, i) => (i % 3 === 0 ? `answer ${i}` : 'same'));
    const table = tableFromArrays(
      { ...columns, tags, output },
      { types: { item: int64(), latencyMs: int64() }, maxBatchRows: 500 },
    );
    writeFileSync(file, tableToIPC(table, { format: 'file' }) as Uint8Array);
    await expectSameLoad(file, ['tags.category', 'split']);
    const arrow = (await reportOf(file)) as { flips: { passToFail: unknown[]; failToPass: unknown[] } };
    expect(arrow.flips.passToFail.length + arrow.flips.failToPass.length).toBeGreaterThan(0);
    expect(arrow).toEqual(await reportOf(await twinOf(file)));
  });

  it('a bad cell in the second batch is refused with its true row and field', async () => {
    const file = at('bad.arrow');
    const bad = { ...columns, variant: columns.variant.map((name, i) => (i === 777 ? '' : name)) };
    writeFileSync(file, tableToIPC(tableFromArrays(bad, { maxBatchRows: 500 }), { format: 'file' }) as Uint8Array);
    const message = await problemOf(file, ['tags.category']);
    expect(message).toContain(`${file}:row 778: \`variant\`: expected a non-empty string`);
    expect(message).toBe(await problemOf(file, 'all'));
  });
});
