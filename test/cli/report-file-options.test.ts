import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, runCliInProcess } from './run-cli-process';

const SMALL = 'test/fixtures/results/small.jsonl';

/**
 * A report option given `-` (many tools' "standard output") is refused at once, before any file is read, naming
 * the flag and what to do instead: verdict used to write a file named `-` in the working directory without a word.
 */
describe('report file options', () => {
  let cwd: string;
  /** compare's exit code on SMALL with no report asked (its gate's, not 0): a report file must not change it. */
  let gate: number | null;
  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'verdict-report-options-'));
    gate = (await runCliInProcess(['compare', SMALL])).code;
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

  it('follows a link to a report file and replaces the file it points at, keeping the link', async () => {
    await mkdir(join(cwd, 'shared'));
    await writeFile(join(cwd, 'shared/report.json'), 'old');
    await symlink('shared/report.json', join(cwd, 'linked.json'));
    const result = await runCliInProcess(['compare', SMALL, '--json', join(cwd, 'linked.json')]);
    expect(result.code, result.stderr).toBe(gate);
    expect(await readlink(join(cwd, 'linked.json'))).toBe('shared/report.json');
    expect(JSON.parse(await readFile(join(cwd, 'shared/report.json'), 'utf8'))).toHaveProperty('verdict');
  });

  it('creates the file a dangling link points at, keeping the link', async () => {
    await symlink('later/summary.json', join(cwd, 'dangling.json'));
    const result = await runCliInProcess(['summary', SMALL, '--json', join(cwd, 'dangling.json')]);
    expect(result.code, result.stderr).toBe(0);
    expect(lstatSync(join(cwd, 'dangling.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(await readFile(join(cwd, 'later/summary.json'), 'utf8'))).toBeTypeOf('object');
  });

  // A rename over /dev/null run as root (as CI runs) replaced the machine's /dev/null with a regular file: the
  // test goes through a link to it, so that the link is what a regression replaces.
  it('writes into what is not a regular file (a link to /dev/null, a named pipe) and leaves it as it was', async () => {
    await symlink('/dev/null', join(cwd, 'null.xml'));
    const junit = await runCliInProcess(['compare', SMALL, '--junit', join(cwd, 'null.xml')]);
    expect(junit.code, junit.stderr).toBe(gate);
    expect(lstatSync(join(cwd, 'null.xml')).isSymbolicLink()).toBe(true);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);

    const fifo = join(cwd, 'report.fifo');
    execFileSync('mkfifo', [fifo]);
    const read = readFile(fifo, 'utf8'); // the reader the pipe waits for
    const piped = await runCli(['compare', SMALL, '--md', fifo]);
    expect(piped.code, piped.stderr).toBe(gate);
    expect(await read).toMatch(/^## verdict: /);
    expect(statSync(fifo).isFIFO()).toBe(true);
  });

  it('writes `--json /dev/stdout` into standard output, after what the command prints there', async () => {
    // Through a link to /dev/stdout (what a regression replaces is then the link) and a shell's pipe, as a user
    // writes it (`| jq`): Node gives a child a socket for its stdout, which cannot be opened by its /proc path.
    const link = join(cwd, 'stdout.json');
    await symlink('/dev/stdout', link);
    const stdout = execFileSync(
      'sh',
      ['-c', `"${process.execPath}" --import tsx src/cli/main.ts summary ${SMALL} --json "${link}" | cat`],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(JSON.parse(stdout.slice(stdout.indexOf('\n{') + 1, stdout.lastIndexOf('}') + 1))).toBeTypeOf('object');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });
});
