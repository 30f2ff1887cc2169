import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from './run-cli-process';

const SMALL = 'test/fixtures/results/small.jsonl';

/**
 * A report option given `-` (many tools' "standard output") is refused at once, before any file is read, naming
 * the flag and what to do instead: verdict used to write a file named `-` in the working directory without a word.
 */
describe('report file options', () => {
  let cwd: string;
  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'verdict-report-options-'));
  });
  afterAll(() => rm(cwd, { recursive: true, force: true }));

  it.each([
    ['--json', ['compare', SMALL], '; to print it on standard output use --json-stdout'],
    ['--html', ['compare', SMALL], ''],
    ['--md', ['compare', SMALL], ''],
    ['--junit', ['compare', SMALL], ''],
    ['--json', ['summary', SMALL], ''],
  ])('`%s -` is refused by %j, and no file named - is written', async (flag, args, instead) => {
    const result = await runCliInProcess([...args, flag, '-']);
    expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: `verdict: \`${flag}\`: expected a file to write, got "-"${instead} (a file named - is ./-)\n`,
    });
    expect(existsSync('-')).toBe(false);
  });

  it('refuses an empty path (`--json=`) at once, naming the flag', async () => {
    const result = await runCliInProcess(['compare', SMALL, '--json=']);
    expect([result.code, result.stderr]).toEqual([2, 'verdict: `--json`: expected a file to write, got ""\n']);
  });

  it('writes a file named - when given as a path (./-, or a folder and -)', async () => {
    const result = await runCliInProcess(['summary', SMALL, '--json', join(cwd, '-')]);
    expect(result.code).toBe(0);
    expect(existsSync(join(cwd, '-'))).toBe(true);
  });
});
