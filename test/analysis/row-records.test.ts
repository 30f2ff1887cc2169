import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadResults } from '../../src/analysis/load-results';
import { InputError } from '../../src/schema/input-error';

const dir = mkdtempSync(join(tmpdir(), 'verdict-row-records-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LINES = [
  '{"item":"a","variant":"A","pass":true,"output":"one"}',
  '{"item":"a","variant":"B","pass":false,"output":"two"}',
  '{"item":"b","variant":"A","sample":1,"pass":true,"output":"three"}',
];

/** A streamed load (kept fields only: records are re-read by byte offset) of `lines`, then `change` applied to the file. */
async function loadThenChange(name: string, change: (file: string) => void) {
  const file = join(dir, name);
  writeFileSync(file, `${LINES.join('\n')}\n`);
  const { columns } = await loadResults([file], { fields: [], onWarning: () => {}, onNote: () => {} });
  change(file);
  return columns.records;
}

describe('records re-read by byte offset', () => {
  it('reads the row’s own record while the file is unchanged or only appended to (a run still writing)', async () => {
    const records = await loadThenChange('appended.jsonl', (file) =>
      appendFileSync(file, '{"item":"c","variant":"A","pass":true}\n'),
    );
    expect(records.recordsAt([0, 1, 2]).map((record) => record.output)).toEqual(['one', 'two', 'three']);
  });

  it('refuses a line rewritten in place with another outcome (same item, variant and offsets), naming file and line', async () => {
    // Same length, same item and variant: before, the re-read gave the new record (pass false, output "ON") for a row
    // whose columns say pass, so a flip was shown with another record's output.
    const records = await loadThenChange('rewritten.jsonl', (file) =>
      writeFileSync(file, `${LINES.join('\n').replace('"pass":true,"output":"one"', '"pass":false,"output":"ON"')}\n`),
    );
    expect(() => records.recordAt(0)).toThrow(InputError);
    expect(() => records.recordAt(0)).toThrow(/rewritten\.jsonl.*1.*the file changed after it was read/s);
    expect(records.recordAt(1).output).toBe('two');
  });

  it('refuses a line whose sample changed in place', async () => {
    const records = await loadThenChange('sample.jsonl', (file) =>
      writeFileSync(file, `${LINES.join('\n').replace('"sample":1', '"sample":2')}\n`),
    );
    expect(() => records.recordAt(2)).toThrow(/the file changed after it was read/);
  });

  it('refuses a score-only line whose score changed in place', async () => {
    const file = join(dir, 'score.jsonl');
    writeFileSync(file, '{"item":"a","variant":"A","score":0.25}\n{"item":"a","variant":"B","score":0.5}\n');
    const { columns } = await loadResults([file], { fields: [], onWarning: () => {}, onNote: () => {} });
    expect(columns.records.recordAt(0).score).toBe(0.25);
    writeFileSync(file, '{"item":"a","variant":"A","score":0.75}\n{"item":"a","variant":"B","score":0.5}\n');
    expect(() => columns.records.recordAt(0)).toThrow(/the file changed after it was read/);
    expect(columns.records.recordAt(1).score).toBe(0.5);
  });

  it('refuses a line cut off by a truncated file', async () => {
    const records = await loadThenChange('truncated.jsonl', (file) => writeFileSync(file, `${LINES[0]}\n`));
    expect(records.recordAt(0).output).toBe('one');
    expect(() => records.recordsAt([1])).toThrow(/the file changed after it was read/);
  });
});

describe('shownAt: what a flip shows of re-read records', () => {
  const SHOWN_LINES = [
    '{"item":"a","variant":"A","sample":0,"status":"ok","pass":true,"tags":{"category":"c1","split":"easy"},"latencyMs":9}',
    '{"item":"a","variant":"B","pass":false,"tags":{"category":"c1","split":"easy"},"output":{"text":"x"},"reason":"r"}',
    '{"item":"b","variant":"A","score":0.25,"tags":{"n":3},"input":"2+2","expected":"4","itemRef":{"sha256":"ab"}}',
    '{"item":"b","variant":"B","n":3,"c":1,"tags":{"category":"c1","split":"easy"},"output":"o1","output":"o2"}',
    '{"item":"c\\u0041","variant":"A","pass":true,"tags":{"1":"one","b":"bee"}}',
    '{"item":7,"variant":"B","pass":1,"tags":{"category":"c2","category":"c3"},"output":{"__proto__":{"x":1}}}',
  ];
  const pick = (record: Record<string, unknown>) =>
    Object.fromEntries(
      ['tags', 'input', 'expected', 'itemRef', 'output', 'score', 'reason']
        .filter((key) => record[key] !== undefined)
        .map((key) => [key, record[key]]),
    );

  it('gives the fields recordsAt’s records hold, read plainly or whole (numbers as tags, escapes, a key twice)', async () => {
    const file = join(dir, 'shown.jsonl');
    writeFileSync(file, `${SHOWN_LINES.join('\n')}\r\n`);
    const { columns } = await loadResults([file], { fields: [], onWarning: () => {}, onNote: () => {} });
    const rows = [5, 0, 3, 1, 2, 4, 0];
    const shown = columns.records.shownAt(rows);
    expect(shown.map(pick)).toEqual(columns.records.recordsAt(rows).map(pick));
    expect(shown[2]).toEqual({ tags: { category: 'c1', split: 'easy' }, output: 'o2' });
    expect(pick(shown[4] ?? {})).toEqual({
      tags: { n: '3' },
      input: '2+2',
      expected: '4',
      itemRef: { sha256: 'ab' },
      score: 0.25,
    });
  });

  it('refuses a line rewritten in place with another outcome, as recordsAt does', async () => {
    const records = await loadThenChange('shown-rewritten.jsonl', (file) =>
      writeFileSync(file, `${LINES.join('\n').replace('"pass":true,"output":"one"', '"pass":false,"output":"ON"')}\n`),
    );
    expect(() => records.shownAt([1, 0])).toThrow(/shown-rewritten\.jsonl.*1.*the file changed after it was read/s);
    expect(records.shownAt([1, 2])).toEqual([{ output: 'two' }, { output: 'three' }]);
  });
});
