/**
 * Issue 7, hostile input: property-based fuzzing (fast-check, seeded) of the results readers, the
 * analysis loader (`loadResults`: JSON Lines, CSV, JSON) and the run store's reader (`readRun`), on
 * records with wrong types, missing and extra keys, odd values, one variant only, and text damaged
 * after serialising (truncation, a BOM, CRLF, invalid UTF-8, 1e400, a NaN literal, duplicate keys,
 * empty files). Either the file loads, or the reader refuses it with one short line naming the file
 * (and the line and field where it can): never another exception. Plus fixed cases: a 10 MB line.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadResults, readRun } from '../../src/index';
import {
  damage,
  damaged,
  type FuzzTally,
  hostileScalar,
  mostly,
  sometimesMissingKey,
  userErrorProblem,
} from './hostile-input';

const dir = mkdtempSync(join(tmpdir(), 'verdict-fuzz-results-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const quiet = { onWarning: () => {} };

/** A record as a tool might write it, right or wrong: each field mostly valid, sometimes odd or missing. */
const record = sometimesMissingKey(
  fc.record(
    {
      item: mostly(fc.constantFrom('q1', 'q2', 'q3', 7, '007')),
      variant: mostly(fc.constantFrom('A', 'B')),
      sample: mostly(fc.constantFrom(0, 1)),
      status: mostly(fc.constantFrom('ok', 'ok', 'ok', 'error', 'timeout', 'skipped')),
      pass: mostly(fc.oneof(fc.boolean(), fc.constantFrom(0, 1))),
      score: mostly(fc.double({ min: 0, max: 1, noNaN: true })),
      tags: mostly(fc.dictionary(fc.constantFrom('category', 'lang'), fc.string({ maxLength: 5 }), { maxKeys: 2 })),
      output: hostileScalar,
    },
    { requiredKeys: ['item', 'variant', 'pass'] },
  ),
);
const records = fc.array(record, { maxLength: 12 });

function csvText(rows: readonly Record<string, unknown>[]): string {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cell = (value: unknown) => {
    const text = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value ?? '');
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [columns.join(','), ...rows.map((row) => columns.map((c) => cell(row[c])).join(','))].join('\n');
}

const serialise = {
  jsonl: (rows: readonly unknown[]) => rows.map((row) => `${JSON.stringify(row)}\n`).join(''),
  csv: (rows: readonly Record<string, unknown>[]) => csvText(rows),
  json: (rows: readonly unknown[]) => JSON.stringify(rows, null, 1),
};

/** Load a file; undefined when it loaded or was refused properly, else what went wrong. */
async function loadProblem(file: string, tally?: FuzzTally): Promise<string | undefined> {
  try {
    await loadResults([file], quiet);
    if (tally) tally.accepted++;
    return undefined;
  } catch (error) {
    if (tally) tally.refused++;
    return userErrorProblem(error, file);
  }
}

describe('loadResults on fuzzed results files', () => {
  for (const format of ['jsonl', 'csv', 'json'] as const) {
    it(`${format}: loads or refuses in one line naming the file (700 cases)`, async () => {
      const tally: FuzzTally = { accepted: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(records, damage, async (rows, hurt) => {
          const file = join(dir, `r${files++}.${format}`);
          writeFileSync(file, damaged(serialise[format](rows as Record<string, unknown>[]), hurt));
          const problem = await loadProblem(file, tally);
          if (problem !== undefined) throw new Error(problem);
        }),
        { seed: 7100, numRuns: 700 },
      );
      expect(tally.accepted).toBeGreaterThan(0);
      expect(tally.refused).toBeGreaterThan(0);
    });
  }

  it('a 10 MB line: loaded when valid, refused in one short line when not', async () => {
    const big = 'y'.repeat(10 * 1024 * 1024);
    const valid = join(dir, 'big-valid.jsonl');
    writeFileSync(valid, `${JSON.stringify({ item: 'q1', variant: 'A', pass: true, output: big })}\n`);
    expect((await loadResults([valid], quiet)).table.numRows()).toBe(1);
    for (const [name, text] of [
      ['big-bad-pass.jsonl', `${JSON.stringify({ item: 'q1', variant: 'A', pass: big })}\n`],
      ['big-not-json.jsonl', `{"item":"q1","variant":"A","pass":${big}}\n`],
      ['big-item.csv', `item,variant,pass\nq1,A,${big}\n`],
    ]) {
      const file = join(dir, name!);
      writeFileSync(file, text!);
      expect(await loadProblem(file)).toBeUndefined();
    }
  });
});

describe('readRun (the run store reader) on fuzzed results.jsonl', () => {
  it('reads or refuses in one line naming the file (700 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(records, damage, async (rows, hurt) => {
        const run = join(dir, `run${files++}`);
        mkdirSync(run);
        const file = join(run, 'results.jsonl');
        writeFileSync(file, damaged(serialise.jsonl(rows), hurt));
        try {
          await readRun(run, quiet);
        } catch (error) {
          const problem = userErrorProblem(error, file);
          if (problem !== undefined) throw new Error(problem);
        }
      }),
      { seed: 7101, numRuns: 700 },
    );
  });
});
