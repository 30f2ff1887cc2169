import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRun } from '../../src/index';
import { temporaryDirectory } from './helpers';

const line = (record: Record<string, unknown>) => `${JSON.stringify(record)}\n`;

describe('readRun', () => {
  it('yields one record per cell, the last line winning, in order of first appearance', async () => {
    const dir = temporaryDirectory();
    writeFileSync(
      join(dir, 'results.jsonl'),
      line({ item: 'a', variant: 'A', status: 'error', error: 'HTTP 503' }) +
        line({ item: 'a', variant: 'B', pass: true }) +
        '\n' +
        line({ item: 'a', variant: 'A', sample: 0, status: 'ok', pass: false }),
    );
    const { records, manifest } = await readRun(dir);
    expect(manifest).toBeUndefined();
    expect(records).toEqual([
      { item: 'a', variant: 'A', sample: 0, status: 'ok', pass: false },
      { item: 'a', variant: 'B', pass: true },
    ]);
  });

  it('skips a torn last line with a warning, without touching the file', async () => {
    const dir = temporaryDirectory();
    const file = join(dir, 'results.jsonl');
    writeFileSync(file, `${line({ item: 1, variant: 'A', pass: true })}{"item":2,"vari`);
    const warnings: string[] = [];
    const { records } = await readRun(dir, { onWarning: (message) => warnings.push(message) });
    expect(records).toHaveLength(1);
    expect(warnings).toEqual([
      `${file}:2: incomplete last line skipped (the run was stopped while writing it); its cell counts as not run`,
    ]);
  });

  it('reads lines longer than its read buffer and files with CRLF line ends', async () => {
    const dir = temporaryDirectory();
    const long = 'x'.repeat(200_000);
    writeFileSync(
      join(dir, 'results.jsonl'),
      `${JSON.stringify({ item: 1, variant: 'A', output: long })}\r\n${line({ item: 2, variant: 'A' })}`,
    );
    const { records } = await readRun(dir);
    expect(records.map((r) => [r.item, (r.output as string | undefined)?.length])).toEqual([
      [1, 200_000],
      [2, undefined],
    ]);
  });

  it('names the file and line of a line that is not JSON', async () => {
    const dir = temporaryDirectory();
    const file = join(dir, 'results.jsonl');
    writeFileSync(file, `${line({ item: 1, variant: 'A' })}not json\n`);
    await expect(readRun(dir)).rejects.toThrow(
      `${file}:2: not valid JSON (Unexpected token 'o', "not json" is not valid JSON)`,
    );
  });

  it('refuses a directory without results', async () => {
    const dir = temporaryDirectory();
    await expect(readRun(dir)).rejects.toThrow(`${dir}: no results.jsonl in this directory; is it a verdict run?`);
  });
});
