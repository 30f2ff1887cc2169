import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadResults } from '../../src/analysis/load-results';

const dir = mkdtempSync(join(tmpdir(), 'verdict-kept-fields-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const quiet = { onWarning: () => {}, onNote: () => {} };

describe('kept fields (a streamed load) read as the whole records read', () => {
  it('tells an object from a string that spells the interning key of it', async () => {
    // The kept column interned an object by "\0" + its JSON: a string of exactly those characters took the object's
    // code, so `--by f` put the string's row in the object's slice (the full path keeps them apart).
    const file = join(dir, 'nul.jsonl');
    const lines = [
      { item: 'a', variant: 'A', pass: true, f: { x: 1 } },
      { item: 'a', variant: 'B', pass: true, f: '\u0000{"x":1}' },
      { item: 'b', variant: 'A', pass: true, f: ['\u0000'] },
      { item: 'b', variant: 'B', pass: true, f: '\u0000["\\u0000"]' },
      { item: 'c', variant: 'A', pass: true, f: '\u0000"\u0000["\\u0000"]"' },
    ];
    writeFileSync(file, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
    const streamed = await loadResults([file], { fields: ['f'], ...quiet });
    const full = await loadResults([file], { fields: 'all', ...quiet });
    const values = (loaded: typeof full) =>
      Array.from({ length: loaded.columns.length }, (_, row) => loaded.columns.records.valueAt(row, 'f'));
    expect(values(streamed)).toEqual(lines.map((line) => line.f));
    expect(values(streamed)).toEqual(values(full));
  });
});
