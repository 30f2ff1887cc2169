/**
 * Issue 11, defect 8 (item ids `1` and `"1"`): one rule everywhere, an item's identity is the text of
 * its id (docs/record-schema.md). The runner refuses `1` and `"1"` in one experiment as a duplicate
 * (as the items loaders already did); the store reads a results file's `1` and `"1"` lines as one cell
 * (the last wins), as compare does; and a run written before this rule (number ids stored with
 * `[1,"A",0]` keys) resumes with nothing run twice.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compare, readRun, runExperiment } from '../../src/index';
import { COMMAND, doublingExperiment, temporaryDirectory } from '../store/helpers';

describe('item identity', () => {
  it('refuses ids 1 and "1" in one experiment, saying they are one item', async () => {
    const experiment = doublingExperiment({
      items: [
        { id: 1, input: 1, expected: '2' },
        { id: '1', input: 2, expected: '4' },
      ],
    });
    await expect(runExperiment(experiment)).rejects.toThrow(
      '`items[1].id`: duplicate item id "1" (1 and "1" are the same item: ids are compared as text)',
    );
  });

  it('reads 1 and "1" as one cell in the store and in compare alike', async () => {
    const dir = temporaryDirectory();
    const lines = [
      { item: 1, variant: 'A', pass: false },
      { item: '1', variant: 'A', pass: true },
      { item: 1, variant: 'B', pass: true },
      { item: 2, variant: 'A', pass: true },
      { item: '2', variant: 'B', pass: false },
    ];
    writeFileSync(join(dir, 'results.jsonl'), lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
    const { records } = await readRun(dir);
    expect(records.map((r) => [r.item, r.variant, r.pass])).toEqual([
      ['1', 'A', true],
      [1, 'B', true],
      [2, 'A', true],
      ['2', 'B', false],
    ]);
    const doc = compare(lines, { margin: 0 }, { baseline: 'A', candidates: ['B'] });
    expect({ n: doc.paired.n, duplicates: doc.excluded.byReason.duplicate }).toEqual({ n: 2, duplicates: 1 });
  });

  it('resumes a run stored with typed keys ([1,"A",0]) without running its cells again', async () => {
    const dir = temporaryDirectory();
    const experiment = doublingExperiment({
      items: [1, 2, 3].map((id) => ({ id, input: id, expected: String(id * 2) })),
    });
    await runExperiment(experiment, { outDir: dir, command: COMMAND });
    const file = join(dir, 'results.jsonl');
    // As an earlier verdict wrote it: the key keeps the id's type.
    const old = readFileSync(file, 'utf8').replace(/"key":"\[\\"(\d)\\"/g, '"key":"[$1');
    expect(old).toContain('"key":"[1,');
    writeFileSync(file, old);
    const resumed = await runExperiment(experiment, { outDir: dir, resume: true, command: COMMAND });
    expect(resumed).toMatchObject({ executed: 0, resumed: 6, completed: 6 });
  });
});
