/**
 * An item id written as an integer past 2^53 - 1 is rounded by every JSON reader: 9007199254740997 and
 * 9007199254740996 read as one number. A review found two variants with no item in common PASS the gate on 200
 * "paired" items; such an id is now refused, naming file, line and field, on the fast path and the full parser alike,
 * and in an items file. As a string the same id keeps its digits.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadResults } from '../../src/analysis/load-results';
import { loadItems } from '../../src/runner/load-items';
import { inexactItemNumber } from '../../src/schema/exact-item-number';

const directory = await mkdtemp(join(tmpdir(), 'verdict-big-ids-'));
afterAll(() => rm(directory, { recursive: true, force: true }));

/** A's ids 2^53 + 4k + 1, B's 2^53 + 4k: no id in common, written as numbers or as strings. */
async function resultsFile(name: string, quoted: boolean, extra = ''): Promise<string> {
  const id = (k: number, offset: number) => {
    const digits = (9007199254740992n + 4n * BigInt(k) + BigInt(offset)).toString();
    return quoted ? `"${digits}"` : digits;
  };
  const lines = Array.from({ length: 50 }, (_, k) => [
    `{"item":${id(k + 1, 1)},"variant":"A","pass":true${extra}}`,
    `{"item":${id(k + 1, 0)},"variant":"B","pass":false${extra}}`,
  ]).flat();
  const path = join(directory, name);
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

describe('item ids past 2^53 - 1', () => {
  it.each([
    ['the fast path', ''],
    ['the full parser', ',"extra":{"deep":[1,{"x":null}]}'],
  ])('are refused in a results file on %s, naming the file, line and field', async (_, extra) => {
    const file = await resultsFile(`numbers${extra.length}.jsonl`, false, extra);
    const error = await loadResults([file]).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ name: 'InputError' });
    // Line 1's 9007199254740997 is read as 9007199254740996, the id of line 2.
    expect(String((error as Error).message)).toContain(`${file}:1: \`item\`: ${inexactItemNumber(9007199254740996)}`);
  });

  it('keep their digits as strings: no item of A is one of B', async () => {
    const loaded = await loadResults([await resultsFile('strings.jsonl', true)]);
    const keys = new Set(loaded.columns.itemKeys);
    expect(keys.size).toBe(100);
    expect(keys.has('9007199254740997')).toBe(true);
  });

  it('are refused in an items file, naming its line', async () => {
    const file = join(directory, 'items.jsonl');
    await writeFile(file, '{"id":9007199254740993,"input":"a"}\n{"id":9007199254740992,"input":"b"}\n');
    await expect(loadItems(file)).rejects.toThrow(`${file}:1: \`id\`: ${inexactItemNumber(2 ** 53)}`);
  });
});
