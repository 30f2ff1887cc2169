/**
 * Issue 7, security: command targets never use a shell, an experiment's items file may leave its
 * directory only when the experiment says so explicitly, and a run never writes outside its --out
 * directory (or, without --out, outside runs/<name>), whatever its name, item ids and variant names say.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../cli/run-cli-process';

const root = mkdtempSync(join(tmpdir(), 'verdict-no-shell-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every file and directory under `dir`, relative to it. */
const tree = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();

const writeJsonl = (file: string, rows: readonly unknown[]) =>
  writeFileSync(file, rows.map((row) => `${JSON.stringify(row)}\n`).join(''));

/** Shell canaries: each would create a file named pwned... if a shell ever saw it. */
const SHELL_CANARIES = [
  '$(touch pwned-1)',
  '`touch pwned-2`',
  '; touch pwned-3 #',
  '| touch pwned-4',
  '&& touch pwned-5',
  '\ntouch pwned-6',
  "'; touch pwned-7; echo '",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, meant to stay text
  '${IFS}touch${IFS}pwned-8',
];

describe('command targets', () => {
  it('pass items and arguments as text, never through a shell', async () => {
    const dir = join(root, 'commands');
    mkdirSync(dir);
    writeJsonl(
      join(dir, 'items.jsonl'),
      SHELL_CANARIES.map((input, i) => ({ id: `c${i}`, input, expected: input })),
    );
    const echo = (extra: string) => ({
      type: 'command',
      argv: [
        process.execPath,
        '-e',
        'process.stdout.write(require("fs").readFileSync(0, "utf8") + process.argv[1])',
        extra,
      ],
    });
    writeFileSync(
      join(dir, 'exp.json'),
      JSON.stringify({
        name: 'no-shell',
        items: { path: 'items.jsonl' },
        variants: { A: echo(''), B: echo('$(touch pwned-arg) `touch pwned-tick`; touch pwned-semi') },
        score: { type: 'exact-match' },
      }),
    );
    const out = join(dir, 'out');
    const result = await runCliInProcess(['run', join(dir, 'exp.json'), '--out', out, '--quiet', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const records = tree(out).includes('results.jsonl')
      ? (await import('node:fs'))
          .readFileSync(join(out, 'results.jsonl'), 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l))
      : [];
    const outputs = Object.fromEntries(records.map((r) => [`${r.variant}/${r.item}`, r.output]));
    SHELL_CANARIES.forEach((input, i) => {
      expect(outputs[`A/c${i}`]).toBe(input.endsWith('\n') ? input.slice(0, -1) : input);
      expect(outputs[`B/c${i}`]).toBe(`${input}$(touch pwned-arg) \`touch pwned-tick\`; touch pwned-semi`);
    });
    expect(tree(root).filter((path) => path.includes('pwned'))).toEqual([]);
    expect(tree(process.cwd()).filter((path) => /(^|\/)pwned/.test(path) && !path.startsWith('node_modules'))).toEqual(
      [],
    );
  }, 60_000);
});

describe("an experiment's items path", () => {
  const dir = join(root, 'paths');
  const experimentDir = join(dir, 'experiment');
  mkdirSync(experimentDir, { recursive: true });
  writeJsonl(join(dir, 'outside.jsonl'), [{ id: 'a', input: 'x', expected: 'x' }]);
  writeJsonl(join(experimentDir, 'inside.jsonl'), [{ id: 'a', input: 'x', expected: 'x' }]);
  symlinkSync(join(dir, 'outside.jsonl'), join(experimentDir, 'link.jsonl'));
  const variants = { A: { type: 'command', argv: ['cat'] }, B: { type: 'command', argv: ['cat'] } };
  const dryRun = (items: unknown) => {
    const file = join(experimentDir, 'exp.json');
    writeFileSync(file, JSON.stringify({ name: 'paths', items, variants }, null, 2));
    return runCliInProcess(['run', file, '--dry-run', '--out', join(dir, 'never')]);
  };

  it.each([['../outside.jsonl'], [join(dir, 'outside.jsonl')], ['link.jsonl'], ['./sub/../../outside.jsonl']])(
    'may not leave the directory unless written so: %s',
    async (path) => {
      const refused = await dryRun({ path });
      expect({ code: refused.code, stderr: refused.stderr }).toEqual({
        code: 2,
        stderr: `verdict: ${join(experimentDir, 'exp.json')}:4: \`items.path\`: ${JSON.stringify(path)} is outside the experiment's directory; write { path, allowOutside: true } to read it\n`,
      });
      const allowed = await dryRun({ path, allowOutside: true });
      expect(allowed.code, allowed.stderr).toBe(0);
    },
  );

  it('inside the directory is read without ceremony', async () => {
    expect((await dryRun({ path: 'inside.jsonl' })).code).toBe(0);
  });
});

describe('a run writes only inside its run directory', () => {
  const HOSTILE_NAME = '../../../escape';
  const setUp = (dir: string) => {
    mkdirSync(dir, { recursive: true });
    writeJsonl(
      join(dir, 'items.jsonl'),
      ['../../escaped-item', '/etc/passwd', '..', 'results.jsonl', 'C:\\\\evil', '~/x'].map((id) => ({
        id,
        input: id,
        expected: id,
      })),
    );
    writeFileSync(
      join(dir, 'exp.json'),
      JSON.stringify({
        name: HOSTILE_NAME,
        items: { path: 'items.jsonl' },
        variants: {
          '../../variant-a': { type: 'command', argv: ['cat'] },
          '/tmp/variant-b': { type: 'command', argv: ['cat'] },
        },
      }),
    );
  };

  it('with --out: results, manifest, nothing else, and nothing elsewhere', async () => {
    const dir = join(root, 'out-given', 'deep', 'deeper');
    setUp(dir);
    const before = tree(root);
    const result = await runCliInProcess(['run', join(dir, 'exp.json'), '--out', join(dir, 'out'), '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    const added = tree(root).filter((path) => !before.includes(path));
    const prefix = relative(root, join(dir, 'out'));
    expect(added).toEqual([prefix, `${prefix}/manifest.json`, `${prefix}/results.jsonl`]);
  });

  it('without --out: runs/<name made safe> under the current directory', async () => {
    const cwd = join(root, 'cwd', 'a', 'b');
    setUp(cwd);
    const home = process.cwd();
    const before = tree(root);
    process.chdir(cwd);
    try {
      const result = await runCliInProcess(['run', 'exp.json', '--quiet']);
      expect(result.code, result.stderr).toBe(0);
    } finally {
      process.chdir(home);
    }
    const added = tree(root).filter((path) => !before.includes(path));
    const runs = relative(root, join(cwd, 'runs'));
    expect(added).toEqual([runs, `${runs}/escape`, `${runs}/escape/manifest.json`, `${runs}/escape/results.jsonl`]);
  });
});
