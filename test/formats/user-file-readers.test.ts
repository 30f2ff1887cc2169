import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadResults } from '../../src/analysis/load-results';
import { readCsvRecords } from '../../src/formats/csv-records';
import { readJsonLines } from '../../src/formats/json-lines';
import { scanLines } from '../../src/formats/scan-lines';
import { loadItems } from '../../src/runner/load-items';
import { readRun } from '../../src/store/read-run';

/**
 * One reader for every user file (src/formats): CSV records start where they start, a byte-order mark means the
 * same to every reader, and a torn last line follows one rule per kind of file.
 */
describe('the readers of user files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'verdict-readers-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const quiet = { onWarning: () => {}, onNote: () => {} };

  it('names the line a bad CSV record starts on, past quoted fields that span lines', async () => {
    const results = file(
      'results.csv',
      'item,variant,pass,output\n1,A,1,"first line\nsecond line\nthird"\n1,B,0,"a ""quoted""\nanswer"\n2,A,yes,x\n',
    );
    await expect(loadResults([results], quiet)).rejects.toThrow(`${results}:7: \`pass\``);
    const items = file('items.csv', 'id,input\nq1,"What is\n2 + 2?"\n,empty id\n');
    await expect(loadItems(items)).rejects.toThrow(`${items}:4`);
    expect(readCsvRecords('id,input\n1,"two\nlines"\n2,x\n', 'items.csv')?.records.map((r) => r.line)).toEqual([2, 4]);
    // promptfoo's CSV (streamed with csv-parse): a bad record quoted over lines, then one after a CRLF output.
    const header = 'Description,riddle,[p] x,Status,Score,Named Scores,Grader Reason,Comment';
    const spans = file('spans.csv', `${header}\nr1,q,"one\ntwo\nthree",MAYBE,1.00,,ok,\nr2,q,a,PASS,1.00,,ok,\n`);
    await expect(loadResults([spans], quiet)).rejects.toThrow(`${spans}:2: \`[p] x Status\`: expected PASS, FAIL`);
    const crlf = file('crlf.csv', `${header}\r\nr1,q,"one\r\ntwo",PASS,1.00,,ok,\r\n\r\nr2,q,a,MAYBE,1.00,,ok,\r\n`);
    await expect(loadResults([crlf], quiet)).rejects.toThrow(`${crlf}:5: \`[p] x Status\``);
  });

  it('reads a byte-order mark as nothing, in CSV, JSON Lines, items and the run store', async () => {
    const bom = '\uFEFF';
    const csv = await loadResults([file('r.csv', `${bom}item,variant,pass\n1,A,1\n1,B,0\n`)], quiet);
    const jsonl = await loadResults(
      [file('r.jsonl', `${bom}{"item":1,"variant":"A","pass":true}\n{"item":1,"variant":"B","pass":false}\n`)],
      quiet,
    );
    expect(csv.table.numRows()).toBe(2);
    expect(jsonl.table.numRows()).toBe(2);
    expect(await loadItems(file('items.jsonl', `${bom}{"id":"a","input":"x"}\n`))).toEqual([{ id: 'a', input: 'x' }]);
    expect(await loadItems(file('items.csv', `${bom}id,input\na,x\n`))).toEqual([{ id: 'a', input: 'x' }]);
    const run = join(dir, 'run');
    mkdirSync(run);
    writeFileSync(
      join(run, 'results.jsonl'),
      `${bom}{"item":"a","variant":"A","sample":0,"status":"ok","pass":true}\n`,
    );
    expect((await readRun(run, { onWarning: () => {} })).records).toHaveLength(1);
    // A results JSON array, and other tools' files (promptfoo's three), read as they are without the mark.
    const array = file('r.json', `${bom}[{"item":1,"variant":"A","pass":true},{"item":1,"variant":"B","pass":false}]`);
    expect((await loadResults([array], quiet)).table.numRows()).toBe(2);
    for (const example of ['riddles.csv', 'riddles.json', 'riddles.jsonl']) {
      const original = join('examples/formats/promptfoo', example);
      const marked = file(example, `${bom}${readFileSync(original, 'utf8')}`);
      const [plain, withBom] = [await loadResults([original], quiet), await loadResults([marked], quiet)];
      expect(withBom.table.numRows(), example).toBe(plain.table.numRows());
      const rows = (loaded: typeof plain) =>
        (loaded.table.objects() as Record<string, unknown>[]).map(({ file: _, ...row }) => row);
      expect(rows(withBom), example).toEqual(rows(plain));
    }
  });

  it("words a schema problem the same in every reader: file, line, field, the schema's own words and the value", async () => {
    const line =
      '{"item":"a","sample":0,"status":"ok","pass":true}\n{"item":"a","variant":3,"sample":0,"status":"ok","pass":true}\n';
    const results = file('r.jsonl', line);
    await expect(loadResults([results], quiet)).rejects.toThrow(
      expect.objectContaining({
        message: `${results}:1: \`variant\`: missing required field`,
        details: [`${results}:2: \`variant\`: expected a non-empty string, got 3`],
      }),
    );
    const run = join(dir, 'run');
    mkdirSync(run);
    writeFileSync(join(run, 'results.jsonl'), line);
    await expect(readRun(run, { onWarning: () => {} })).rejects.toThrow(
      `${join(run, 'results.jsonl')}:1: \`variant\`: missing required field`,
    );
    const items = file('items.jsonl', '{"input":"x"}\n');
    await expect(loadItems(items)).rejects.toThrow(`${items}:1: \`id\`: missing required field`);
  });

  it('skips a torn last line of a user file that does not parse, and keeps one that does', async () => {
    const torn: number[] = [];
    const rows = async (text: string) => {
      const found = [];
      for await (const batch of readJsonLines(file('t.jsonl', text), { onTorn: (line) => torn.push(line) }))
        found.push(...batch);
      return found;
    };
    expect(await rows('{"a":1}\n{"a":2')).toEqual([{ value: { a: 1 }, line: 1 }]);
    expect(torn).toEqual([2]);
    expect(await rows('{"a":1}\n{"a":2}')).toEqual([
      { value: { a: 1 }, line: 1 },
      { value: { a: 2 }, line: 2 },
    ]);
    expect(await rows('{"a":1\n{"a":2}\n')).toEqual([
      { line: 1, problem: expect.stringMatching(/^not valid JSON/) },
      { value: { a: 2 }, line: 2 },
    ]);
  });

  it('gives exact byte offsets with CRLF, a byte-order mark and multi-byte text', async () => {
    const path = file('lines.txt', '\uFEFFé\r\nzz\n{"b":');
    const lines = [];
    for await (const batch of scanLines(path)) lines.push(...batch);
    expect(lines).toEqual([
      { line: 1, text: 'é', byteOffset: 0, byteEnd: 7, terminated: true },
      { line: 2, text: 'zz', byteOffset: 7, byteEnd: 10, terminated: true },
      { line: 3, text: '{"b":', byteOffset: 10, byteEnd: 15, terminated: false },
    ]);
  });
});
