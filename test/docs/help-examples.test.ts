/**
 * Tried as a new user would: every `$ verdict ...` example in the `--help` of every command, copied as
 * printed, runs in a scratch directory holding a copy of the repository's examples/ folder, nothing else.
 * "Runs" means it does what it says: no usage or input error (exit 2), no crash. A comparison may
 * exit 1, 3 or 4: that is its verdict.
 */
import { cp, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseShellBlock } from './code-blocks';
import { runCliInProcess, scratchDirectory } from './run-docs';

let root: string;
let work: string;

const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));

/**
 * What a new user has when they read the help: a clone of verdict (its examples/ folder) in which
 * they ran the README's first command. The examples that need runs/demo/ or runs/qa-4/ name the
 * command that makes them (`verdict demo`, `verdict run ... --samples 4`), and the commands are tried in
 * the order the top-level help lists them, demo first, as a newcomer would.
 */
async function writeFixtures(): Promise<void> {
  await cp(join(REPOSITORY, 'examples'), join(work, 'examples'), { recursive: true });
}

/** The commands of the CLI (from the top-level help), then each one's `$ verdict ...` examples. */
async function helpExamples(): Promise<{ command: string; example: string }[]> {
  const top = await runCliInProcess(['--help'], work);
  const section = top.stdout.split(/^Commands:$/m)[1] ?? '';
  const commands = [...section.matchAll(/^ {2}([a-z][\w-]*)/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
  const examples: { command: string; example: string }[] = [];
  for (const command of commands) {
    const help = await runCliInProcess([command, '--help'], work);
    const lines = [...help.stdout.matchAll(/^\s*\$ (verdict .+)$/gm)].map((m) => m[1]!.trim());
    examples.push(...lines.map((example) => ({ command, example })));
    if (lines.length === 0) examples.push({ command, example: '' });
  }
  return examples;
}

let examples: { command: string; example: string }[] = [];
beforeAll(async () => {
  root = await scratchDirectory('help');
  work = join(root, 'work');
  await mkdir(work, { recursive: true });
  await writeFixtures();
  examples = await helpExamples();
}, 60_000);
afterAll(() => rm(root, { recursive: true, force: true }));

describe('--help examples', () => {
  it('every command shows at least one worked example in its --help', () => {
    const without = examples.filter((e) => e.example === '').map((e) => e.command);
    expect(without).toEqual([]);
    expect(examples.length).toBeGreaterThan(0);
  });

  it('every example runs as printed', async () => {
    const failures: string[] = [];
    for (const { example } of examples.filter((e) => e.example !== '')) {
      const [command] = parseShellBlock(example);
      const result = await runCliInProcess(command!.argv.slice(1), work);
      if (result.exitCode === 2 || result.exitCode === 130 || !(result.exitCode in EXPECTED_EXIT_CODES)) {
        failures.push(`$ ${example}\n  exit ${result.exitCode}: ${result.stderr.trim().split('\n')[0]}`);
      }
    }
    expect(failures.join('\n')).toBe('');
  }, 240_000);
});

/** 0 passed or done, 1 regression, 3 inconclusive, 4 incomplete: every one of them an answer, not a failure to run. */
const EXPECTED_EXIT_CODES: Readonly<Record<number, string>> = {
  0: 'ok',
  1: 'regression',
  3: 'inconclusive',
  4: 'incomplete',
};
