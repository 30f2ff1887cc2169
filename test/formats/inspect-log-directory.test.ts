/**
 * An inspect_ai log directory as one input (`verdict compare logs/`): the logs in it read exactly as when each is
 * named (variants, items, naming of two logs of one model, provenance), other files named in a note, and clear
 * refusals of a directory with no log and of a damaged log (the file named). The logs are the examples' files,
 * written as inspect_ai writes them (examples/formats/README.md: no real inspect_ai log is in the repository).
 */
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError, loadResults } from '../../src/index';
import { runCliInProcess } from '../docs/run-docs';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'verdict-inspect-dir-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

const EXAMPLES = 'examples/formats/inspect';
const LOGS = ['mmlu-claude.eval', 'mmlu-gpt-4o.eval', 'popularity-mini.json'];

/** A log directory holding `files` (from the examples, by name) and `extra` files of other kinds. */
async function logDirectory(name: string, files: readonly string[], extra: Record<string, string> = {}) {
  const dir = join(work, name);
  await mkdir(dir, { recursive: true });
  for (const file of files) await copyFile(join(EXAMPLES, file), join(dir, file));
  for (const [file, text] of Object.entries(extra)) await writeFile(join(dir, file), text);
  return dir;
}

const load = async (paths: string[]) => {
  const notes: string[] = [];
  const loaded = await loadResults(paths, { onNote: (note) => notes.push(note), onWarning: () => {} });
  return { loaded, notes };
};

const failure = async (paths: string[]): Promise<string> => {
  const error = await load(paths).catch((thrown: unknown) => thrown);
  expect(error).toBeInstanceOf(InputError);
  return (error as Error).message;
};

describe('an inspect_ai log directory', () => {
  it('reads the logs in it as if each were named: the same rows, variants, sources and files', async () => {
    const dir = await logDirectory('logs', LOGS, {
      'logs.json': JSON.stringify({ 'mmlu-claude.eval': { eval: { task: 'mmlu' } } }),
      'README.txt': 'notes',
    });
    await mkdir(join(dir, 'older'));
    const { loaded, notes } = await load([dir]);
    const named = await load(LOGS.map((file) => join(dir, file)));
    expect(loaded.table.objects()).toEqual(named.loaded.table.objects());
    expect(loaded.sources).toEqual(named.loaded.sources);
    expect(loaded.inputs).toEqual(named.loaded.inputs);
    expect(loaded.runs).toEqual(named.loaded.runs);
    expect(new Set((loaded.sources ?? []).map((source) => source.variant))).toEqual(
      new Set(['anthropic/claude-sonnet-4', 'openai/gpt-4o', 'openai/gpt-4o-mini']),
    );
    expect(notes[0]).toBe(
      `${dir}: an inspect_ai log directory; read its 3 logs, not 2 other files (README.txt, logs.json)`,
    );
    expect(notes.slice(1)).toEqual(named.notes);
  });

  it('names a .json it cannot read (a pipe, a dangling or looping link) among the files not read, and reads the logs', async () => {
    const dir = await logDirectory('odd-files', ['mmlu-claude.eval', 'mmlu-gpt-4o.eval']);
    execFileSync('mkfifo', [join(dir, 'pipe.json')]);
    await symlink(join(dir, 'gone.json'), join(dir, 'dangling.json'));
    await symlink(join(dir, 'loop.json'), join(dir, 'loop.json'));
    const { loaded, notes } = await load([dir]);
    expect(new Set((loaded.sources ?? []).map((source) => source.variant))).toEqual(
      new Set(['anthropic/claude-sonnet-4', 'openai/gpt-4o']),
    );
    expect(notes[0]).toBe(
      `${dir}: an inspect_ai log directory; read its 2 logs, not 3 other files (dangling.json [a link to nothing], ` +
        'loop.json [a link that loops], pipe.json [not a regular file])',
    );
  });

  // A regular file whose read fails (no permission, an I/O error) may be a log: it is refused, naming it, not left
  // out of the comparison. Linux's /proc/self/mem is a regular file whose first bytes fail to read (EIO), even for
  // root, who reads a file of mode 000 (CI runs as root).
  it.runIf(process.platform === 'linux')(
    'refuses a .json it cannot read, naming it, rather than compare without it',
    async () => {
      const dir = await logDirectory('unreadable', ['mmlu-claude.eval', 'mmlu-gpt-4o.eval']);
      await symlink('/proc/self/mem', join(dir, 'popularity-mini.json'));
      expect(await failure([dir])).toBe(`${join(dir, 'popularity-mini.json')}: cannot read the file (EIO)`);
    },
  );

  it('names two logs of one model on the same items by file name, as when they are named one by one', async () => {
    const dir = await logDirectory('rerun', ['mmlu-gpt-4o.eval']);
    await copyFile(join(EXAMPLES, 'mmlu-gpt-4o.eval'), join(dir, 'rerun.eval'));
    const { loaded } = await load([dir]);
    expect((loaded.sources ?? []).map((source) => [source.variant, source.naming])).toEqual([
      ['openai/gpt-4o@mmlu-gpt-4o.eval', 'file name'],
      ['openai/gpt-4o@rerun.eval', 'file name'],
    ]);
  });

  it('compares from the command line: `verdict compare logs/` gives the tables of the logs named', async () => {
    const dir = await logDirectory('cli', ['mmlu-claude.eval', 'mmlu-gpt-4o.eval']);
    const args = ['--baseline', 'openai/gpt-4o', '--candidate', 'anthropic/claude-sonnet-4', '--json-stdout'];
    const fromDirectory = await runCliInProcess(['compare', dir, ...args], process.cwd());
    const fromFiles = await runCliInProcess(
      ['compare', join(dir, 'mmlu-claude.eval'), join(dir, 'mmlu-gpt-4o.eval'), ...args],
      process.cwd(),
    );
    const paired = (stdout: string) => (JSON.parse(stdout) as { paired: unknown }).paired;
    expect(paired(fromDirectory.stdout)).toEqual(paired(fromFiles.stdout));
    expect(fromDirectory.exitCode).toBe(fromFiles.exitCode);
  });

  it('judges two models of one task alike whether their folder holds a log of another model on another task or not', async () => {
    // The popularity log (gpt-4o-mini, unfinished) planned nothing for the two mmlu models: its items are not
    // theirs to miss (they read as 5 absent cells each, and the comparison as INCOMPLETE, exit 4).
    const dir = await logDirectory('mixed-tasks', LOGS);
    const args = ['--baseline', 'openai/gpt-4o', '--candidate', 'anthropic/claude-sonnet-4', '--json-stdout'];
    const fromDirectory = await runCliInProcess(['compare', dir, ...args], process.cwd());
    const fromFiles = await runCliInProcess(
      ['compare', join(dir, 'mmlu-claude.eval'), join(dir, 'mmlu-gpt-4o.eval'), ...args],
      process.cwd(),
    );
    type Document = { comparisons: { verdict: string; missing: { byVariant: { planned: number }[] } }[] };
    const judged = (stdout: string) =>
      (JSON.parse(stdout) as Document).comparisons.map((c) => ({
        verdict: c.verdict,
        planned: c.missing.byVariant.map((v) => v.planned),
      }));
    expect(judged(fromDirectory.stdout)).toEqual([{ verdict: 'regressed', planned: [60, 60] }]);
    expect(judged(fromDirectory.stdout)).toEqual(judged(fromFiles.stdout));
    expect(fromDirectory.exitCode).toBe(1);
  });

  it('refuses a directory with no log in it, saying what it looked for', async () => {
    const dir = await logDirectory('empty', [], { 'notes.json': '{"a": 1}', 'x.txt': 'x' });
    expect(await failure([dir])).toMatch(
      new RegExp(
        `^${dir}: not a directory of results \\(no results\\.jsonl of a verdict run, no inspect_ai \\.eval or \\.json log in it\\) of any format verdict reads`,
      ),
    );
  });

  it('refuses a damaged log, naming the file', async () => {
    const bytes = await readFile(join(EXAMPLES, 'mmlu-claude.eval'));
    const truncated = await logDirectory('truncated', ['mmlu-gpt-4o.eval'], {});
    await writeFile(join(truncated, 'mmlu-claude.eval'), bytes.subarray(0, bytes.length - 100));
    expect(await failure([truncated])).toMatch(
      new RegExp(`^${join(truncated, 'mmlu-claude.eval')}: not a readable zip archive`),
    );
    const text = await logDirectory('not-a-zip', ['mmlu-gpt-4o.eval'], { 'broken.eval': 'item,variant\n' });
    expect(await failure([text])).toBe(
      `${join(text, 'broken.eval')}: not an inspect_ai .eval log: not a zip archive with header.json`,
    );
    // A damaged entry deep in a readable zip: the reader names file and entry.
    const flipped = Buffer.from(bytes);
    const middle = Math.floor(flipped.length / 2);
    flipped[middle] = (flipped[middle] ?? 0) ^ 0xff;
    const damaged = await logDirectory('damaged', ['mmlu-gpt-4o.eval'], {});
    await writeFile(join(damaged, 'mmlu-claude.eval'), flipped);
    expect(await failure([damaged])).toMatch(new RegExp(`^${join(damaged, 'mmlu-claude.eval')}:samples/`));
  });
});
