import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LoadResultsOptions } from '../../src/analysis/load-results';
import { compare, InputError, loadResults, resultsFromRecords } from '../../src/index';

const fixture = (name: string) => `test/fixtures/results/${name}`;

async function temporaryFile(name: string, contents: string): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'verdict-load-'));
  const path = join(directory, name);
  await writeFile(path, contents);
  return path;
}

async function loadError(paths: string[], options: LoadResultsOptions = {}): Promise<InputError> {
  const error = await loadResults(paths, { onWarning: () => {}, ...options }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe('loadResults', () => {
  it('reads JSON Lines into a table, skipping blank lines and counting the line of each row', async () => {
    const { table, inputs } = await loadResults([fixture('small.jsonl')]);
    expect(table.numRows()).toBe(13);
    expect(Array.from(table.array('line'))).toEqual([1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(table.get('item', 0)).toBe('001');
    expect(table.get('status', 7)).toBe('error');
    expect(inputs).toEqual([
      {
        path: fixture('small.jsonl'),
        sha256: createHash('sha256')
          .update(readFileSync(fixture('small.jsonl')))
          .digest('hex'),
        bytes: readFileSync(fixture('small.jsonl')).byteLength,
        rows: 13,
      },
    ]);
  });

  it('streams a large file: lines and multi-byte characters that straddle read chunks arrive whole', async () => {
    const output = 'é日本語🙂'.repeat(20);
    const lines = Array.from({ length: 3000 }, (_, i) =>
      JSON.stringify({ item: i, variant: 'A', pass: i % 2 === 0, output }),
    );
    const path = await temporaryFile('large.jsonl', `\uFEFF${lines.join('\r\n')}\r\n`);
    const { table, inputs } = await loadResults([path]);
    expect(table.numRows()).toBe(3000);
    expect((table.array('record') as { output: string }[]).every((record) => record.output === output)).toBe(true);
    expect(inputs[0]!.bytes).toBeGreaterThan(3 * 65536);
  });

  it('reads CSV without guessing types: "001" stays "001", a BOM, CRLF and blank lines are fine', async () => {
    const { table } = await loadResults([fixture('small.csv')]);
    expect(table.array('item')).toEqual(['001', '001', '002', '002', '003', '003']);
    expect(Array.from(table.array('passes'))).toEqual([1, 0, 1, 1, 0, 1]);
    expect(Array.from(table.array('line'))).toEqual([2, 3, 4, 5, 7, 8]);
    const records = table.array('record') as { tags?: Record<string, string>; output?: string }[];
    expect(records[5]).toMatchObject({ tags: { category: 'code' }, output: '<script>alert(1)</script>' });
    expect(Array.from(table.array('latencyMs')).slice(0, 2)).toEqual([120, 100]);
  });

  it('reads a CSV tags column holding a JSON object', async () => {
    const path = await temporaryFile('tags.csv', 'item,variant,pass,tags\n1,A,1,"{""category"": ""math""}"\n');
    const { table } = await loadResults([path]);
    expect((table.get('record', 0) as { tags?: unknown }).tags).toEqual({ category: 'math' });
  });

  it('reads a JSON array, pointing each record at the line it starts on', async () => {
    const { table } = await loadResults([fixture('small.json')]);
    expect(Array.from(table.array('line'))).toEqual([2, 3, 4, 5]);
  });

  it('reads several files into one table and keeps each file in provenance', async () => {
    const { table, inputs } = await loadResults([fixture('small.jsonl'), fixture('small.csv')]);
    expect(table.numRows()).toBe(19);
    expect(inputs.map((input) => [input.path, input.rows])).toEqual([
      [fixture('small.jsonl'), 13],
      [fixture('small.csv'), 6],
    ]);
  });

  it('reports every problem with file, line, field and value, in line order', async () => {
    const file = fixture('bad.jsonl');
    const error = await loadError([file]);
    expect(error.message).toBe(`${file}:1: \`pass\`: expected boolean or 0/1, got "yes"`);
    expect(error.details).toEqual([
      `${file}:2: \`item\`: missing required field`,
      `${file}:3: \`sample\`: expected an integer >= 0, got -1`,
      `${file}:4: not valid JSON (Unexpected token 'o', "not json" is not valid JSON)`,
      `${file}:5: \`status\`: expected one of "ok", "error", "timeout", "skipped", got "done"`,
      `${file}:6: \`pass\`: an ok row needs \`pass\`, \`score\` or \`n\` and \`c\``,
      `${file}:7: \`c\`: required with \`n\``,
      `${file}:8: \`c\`: must not exceed \`n\` (3)`,
      `${file}:9: expected a record (a JSON object), got an array of length 2`,
      `${file}:10: \`tags.category\`: expected a string, got an array of length 1`,
    ]);
  });

  it('pairs item 7 of a JSON Lines file with "7" of a CSV file (one file per variant)', async () => {
    const jsonl = await temporaryFile(
      'a.jsonl',
      '{"item":7,"variant":"A","pass":true}\n{"item":8,"variant":"A","pass":false}\n',
    );
    const csv = await temporaryFile('b.csv', 'item,variant,pass\n7,B,0\n8,B,1\n');
    const doc = compare(await loadResults([jsonl, csv]), {}, { baseline: 'A', candidates: ['B'] });
    expect(doc.paired).toMatchObject({ n: 2, n10: 1, n01: 1 });
    expect(doc.flips.passToFail[0]?.item).toBe(7);
  });

  it('lists the first 20 problems and counts the rest', async () => {
    const lines = Array.from({ length: 25 }, (_, i) => JSON.stringify({ item: i, variant: 'A', pass: 'maybe' }));
    const path = await temporaryFile('many.jsonl', `${lines.join('\n')}\n`);
    const error = await loadError([path]);
    expect(error.message).toBe(`${path}:1: \`pass\`: expected boolean or 0/1, got "maybe"`);
    expect(error.details).toHaveLength(20);
    expect(error.details[18]).toBe(`${path}:20: \`pass\`: expected boolean or 0/1, got "maybe"`);
    expect(error.details[19]).toBe('and 5 more problems');
  });

  it('coerces CSV cells by field and reports the text it could not read', async () => {
    const path = await temporaryFile('bad.csv', 'item,variant,pass,sample\n007,A,perhaps,0\n008,A,1,two\n');
    const error = await loadError([path]);
    expect(error.message).toBe(`${path}:2: \`pass\`: expected boolean or 0/1, got "perhaps"`);
    expect(error.details).toEqual([`${path}:3: \`sample\`: expected an integer >= 0, got "two"`]);
  });

  it('skips a torn last line (a run interrupted mid-write) with a warning', async () => {
    const path = await temporaryFile('torn.jsonl', '{"item":1,"variant":"A","pass":true}\n{"item":2,"vari');
    const warnings: string[] = [];
    const { table } = await loadResults([path], { onWarning: (message) => warnings.push(message) });
    expect(table.numRows()).toBe(1);
    expect(warnings).toEqual([`${path}:2: skipped a torn last line (no newline after it: was the run interrupted?)`]);
  });

  it('reads a run directory through its results.jsonl', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'verdict-run-'));
    await mkdir(directory, { recursive: true });
    await writeFile(join(directory, 'results.jsonl'), '{"item":1,"variant":"A","pass":true}\n');
    const { inputs } = await loadResults([directory]);
    expect(inputs[0]?.path).toBe(join(directory, 'results.jsonl'));
  });

  it('names a file it cannot read', async () => {
    const error = await loadError(['test/fixtures/results/absent.jsonl']);
    expect(error.message).toBe('test/fixtures/results/absent.jsonl: cannot read the file (ENOENT)');
  });

  it('names a pipe it is given, which it could read only once (compare <(cat f))', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'verdict-pipe-'));
    const pipe = join(directory, 'results.jsonl');
    execFileSync('mkfifo', [pipe]);
    const refusal = `${pipe}: not a regular file (a pipe or a device): verdict reads a results file more than once; save it to a file first`;
    expect((await loadError([pipe])).message).toBe(refusal);
    // A forced format skips detection, not the check.
    expect((await loadError([pipe], { format: 'verdict' })).message).toBe(refusal);
    expect((await loadError([pipe], { format: 'promptfoo-json' })).message).toBe(refusal);
  });

  it('refuses files without records', async () => {
    const path = await temporaryFile('empty.jsonl', '\n\n');
    expect((await loadError([path])).message).toBe(`${path}: no records in the results files`);
  });
});

describe('resultsFromRecords', () => {
  it('validates in-memory records as files are validated, naming the record by its position', () => {
    expect(() =>
      resultsFromRecords([
        { item: 1, variant: 'A', pass: true },
        { item: 2, variant: 'A', pass: 'no' },
      ]),
    ).toThrow(new InputError('expected boolean or 0/1, got "no"', { file: '<records>', line: 2, field: 'pass' }));
    expect(resultsFromRecords([{ item: 1, variant: 'A', n: 4, c: 1 }]).table.get('trials', 0)).toBe(4);
  });
});
