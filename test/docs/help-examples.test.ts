/**
 * Tried as a new user would: every `$ verdict ...` example in the `--help` of every command, copied as
 * printed, runs in a scratch directory holding the files the examples name (fixtures written below).
 * "Runs" means it does what it says: no usage or input error (exit 2), no crash. A comparison may
 * exit 1 or 3: that is its verdict.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../stats/index';
import { parseShellBlock } from './code-blocks';
import { runCliInProcess, scratchDirectory } from './run-docs';

let root: string;
let work: string;

/** Seeded outcome rows: `items` items x the variants x `samples`, the later variants a little worse. */
function outcomeRows(
  variants: readonly string[],
  { items = 120, samples = 1, seed = 1, score = false } = {},
): Record<string, unknown>[] {
  const random = seededRandom(seed);
  const rows: Record<string, unknown>[] = [];
  for (let item = 1; item <= items; item++) {
    const difficulty = random();
    const tags = { category: ['math', 'code', 'prose'][item % 3]!, passage: `p${Math.ceil(item / 4)}` };
    variants.forEach((variant, v) => {
      for (let sample = 0; sample < samples; sample++) {
        const value = Math.min(1, Math.max(0, 1 - difficulty + 0.15 * (random() - 0.5) - 0.04 * v));
        const outcome = score ? { score: value } : { pass: random() < value };
        rows.push({ item: `i${item}`, variant, sample, ...outcome, tags });
      }
    });
  }
  return rows;
}

const jsonl = (rows: readonly Record<string, unknown>[]) => `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;
const csv = (rows: readonly Record<string, unknown>[]) =>
  `item,variant,pass,tags.category\n${rows
    .map((r) => [r.item, r.variant, r.pass ? 1 : 0, (r.tags as { category: string }).category].join(','))
    .join('\n')}\n`;

async function write(path: string, text: string): Promise<void> {
  await mkdir(dirname(join(work, path)), { recursive: true });
  await writeFile(join(work, path), text);
}

/** The files the help examples name, in the working directory `work` (and `../shared/datasets`). */
async function writeFixtures(): Promise<void> {
  const items = Array.from({ length: 30 }, (_, i) => ({ id: `q${i + 1}`, input: `${i} + ${i}`, expected: `${2 * i}` }));
  await write('items.jsonl', jsonl(items));
  await write(
    'model.mjs',
    "import { readFileSync } from 'node:fs';\nconst [a, b] = readFileSync(0, 'utf8').split(' + ').map(Number);\nprocess.stdout.write(String(process.argv[2] === 'sloppy' && a > 20 ? a + b + 1 : a + b));\n",
  );
  await write(
    'qa.yaml',
    [
      'name: qa',
      'items: { path: items.jsonl }',
      'variants:',
      '  A: { type: command, argv: [node, model.mjs, careful] }',
      '  B: { type: command, argv: [node, model.mjs, sloppy] }',
      'score: { type: exact-match }',
      '',
    ].join('\n'),
  );
  await write('results.jsonl', jsonl(outcomeRows(['gpt-4o', 'gpt-4.1'])));
  const three = outcomeRows(['v1', 'v2', 'v3'], { seed: 2 });
  await write('a.jsonl', jsonl(three.filter((r) => r.variant !== 'v3')));
  await write('b.csv', csv(three.filter((r) => r.variant === 'v3')));
  await write('runs/nightly/results.jsonl', jsonl(outcomeRows(['v1', 'v2'], { seed: 3 })));
  await write('pilot.jsonl', jsonl(outcomeRows(['v1', 'v2'], { items: 60, seed: 8 })));
  await write('scores.jsonl', jsonl(outcomeRows(['v1', 'v2'], { seed: 4, score: true })));
  const trials = outcomeRows(['gpt-4o'], { items: 50, samples: 4, seed: 5 });
  await write('../shared/datasets/taubench_airline_gpt4o_trials.jsonl', jsonl(trials));
  await write('runs/a/results.jsonl', jsonl(outcomeRows(['a'], { seed: 6 })));
  await write('runs/b/results.jsonl', jsonl(outcomeRows(['b'], { seed: 7 })));
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

/** 0 passed or done, 1 regression, 3 inconclusive: every one of them an answer, not a failure to run. */
const EXPECTED_EXIT_CODES: Readonly<Record<number, string>> = { 0: 'ok', 1: 'regression', 3: 'inconclusive' };
