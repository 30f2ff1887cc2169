/**
 * Issue 7, hostile input: fuzzing the CLI's options in-process (`runCli`): random flags, known and
 * unknown, with random values (negative, non-finite, huge, empty, words, paths, a directory where a
 * file is wanted) for `run`, `compare`, `power` and `summary`. Every invocation ends with an exit code
 * of the contract (0, 1, 2, 3), and a refusal is short lines on stderr: never a stack trace, never an
 * internal error, never a message that names an internal function instead of the flag.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../cli/run-cli-process';
import { INTERNAL_ERROR } from './hostile-input';

const dir = mkdtempSync(join(tmpdir(), 'verdict-fuzz-cli-'));
// Hostile values land in output flags (`--md 1.5`, `--json ../x`): run from inside the temporary
// directory, so that whatever they write stays there.
const home = process.cwd();
beforeAll(() => process.chdir(join(dir, 'cwd')));
afterAll(() => {
  process.chdir(home);
  rmSync(dir, { recursive: true, force: true });
});

const results = join(dir, 'results.jsonl');
writeFileSync(
  results,
  Array.from({ length: 40 }, (_, i) =>
    ['A', 'B', 'C'].map((variant, v) =>
      JSON.stringify({ item: `q${i}`, variant, pass: (i * (v + 3)) % 5 !== 0, tags: { category: `c${i % 3}` } }),
    ),
  )
    .flat()
    .join('\n'),
);
const EXPERIMENT = join(import.meta.dirname, 'fixtures/padded-experiment.ts');
mkdirSync(join(dir, 'cwd'));

const value = fc.constantFrom(
  '0',
  '1',
  '-1',
  '0.5',
  '0.05',
  '1.5',
  '3',
  '1e400',
  '-1e400',
  'NaN',
  'Infinity',
  '',
  ' ',
  'abc',
  '-0',
  '0x10',
  '99999999999999999999',
  ' 3 ',
  'A',
  'B',
  'C',
  'Z',
  'tags.category',
  'item',
  '../x',
  results,
  dir,
  join(dir, 'out.txt'),
);

const FLAGS: Readonly<Record<string, readonly string[]>> = {
  run: [
    '--out',
    '--concurrency',
    '--samples',
    '--timeout',
    '--max-retries',
    '--seed',
    '--resume',
    '--retry-errors',
    '--fresh',
    '--force',
    '--json',
    '--quiet',
    '--nope',
  ],
  compare: [
    '--baseline',
    '--candidate',
    '--metric',
    '--alpha',
    '--margin',
    '--test',
    '--interval',
    '--by',
    '--cluster',
    '--correction',
    '--require',
    '--seed',
    '--resamples',
    '--md',
    '--junit',
    '--json',
    '--json-stdout',
    '--nope',
  ],
  power: [
    '--p10',
    '--p01',
    '--baseline-rate',
    '--candidate-rate',
    '--discordance',
    '--alpha',
    '--power',
    '--method',
    '--n',
    '--from',
    '--baseline',
    '--candidate',
    '--margin',
    '--nope',
  ],
  summary: ['--confidence', '--seed', '--resamples', '--json', '--nope'],
};
const POSITIONAL: Readonly<Record<string, readonly string[]>> = {
  run: [EXPERIMENT, '--dry-run'],
  compare: [results],
  power: [],
  summary: [results],
};

/** Values that make sense for each flag (a switch has none), so that fuzzing reaches past the parser. */
const out = (name: string) => join(dir, name);
const SENSIBLE: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  run: {
    '--out': [out('run')],
    '--concurrency': ['2'],
    '--samples': ['2'],
    '--timeout': ['100'],
    '--max-retries': ['1'],
    '--seed': ['3'],
    '--resume': [],
    '--fresh': [],
    '--json': [],
    '--quiet': [],
  },
  compare: {
    '--baseline': ['A'],
    '--candidate': ['B', 'C'],
    '--metric': ['pass', 'score'],
    '--alpha': ['0.05', '0.2'],
    '--margin': ['0', '0.02'],
    '--test': ['exact', 'mid-p', 'asymptotic', 'paired-t', 'wilcoxon'],
    '--interval': ['newcombe', 'tango', 'wald', 'wald-cc', 'agresti-min'],
    '--by': ['tags.category', 'item', 'tags.missing'],
    '--cluster': ['tags.category'],
    '--correction': ['holm', 'hochberg', 'bh', 'by', 'bonferroni', 'none'],
    '--require': ['no-regression', 'non-inferiority'],
    '--seed': ['3'],
    '--resamples': ['50'],
    '--md': [out('r.md')],
    '--junit': [out('r.xml')],
    '--json': [out('r.json')],
  },
  power: {
    '--p10': ['0.05'],
    '--p01': ['0.1'],
    '--alpha': ['0.05'],
    '--power': ['0.8'],
    '--method': ['connor', 'exact'],
    '--n': ['100'],
    '--from': [results],
    '--baseline': ['A'],
    '--candidate': ['B'],
    '--margin': ['0.03'],
    '--baseline-rate': ['0.7'],
    '--candidate-rate': ['0.75'],
    '--discordance': ['0.15'],
  },
  summary: { '--confidence': ['0.9'], '--seed': ['1'], '--resamples': ['50'], '--json': [out('s.json')] },
};

/** Sensible flags, one of them sometimes given a hostile value in place of its own. */
const sensibleArgv = fc.constantFrom(...Object.keys(SENSIBLE)).chain((command) => {
  const flags = Object.entries(SENSIBLE[command]!);
  return fc
    .tuple(
      fc.subarray(flags, { maxLength: Math.min(6, flags.length) }),
      fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
      fc.option(fc.tuple(fc.nat(5), value), { freq: 2 }),
    )
    .map(([chosen, picks, hostile]) => [
      command,
      ...POSITIONAL[command]!,
      ...chosen.flatMap(([flag, values], i) => {
        if (hostile !== null && hostile[0] === i) return [flag, hostile[1]];
        return values.length === 0 ? [flag] : [flag, values[picks[i]! % values.length]!];
      }),
    ]);
});

/** A command with up to 7 flags, each followed by a value or not. */
const randomArgv = fc
  .constantFrom(...Object.keys(FLAGS))
  .chain((command) =>
    fc
      .array(fc.tuple(fc.constantFrom(...FLAGS[command]!), fc.option(value, { freq: 5 })), { maxLength: 7 })
      .map((flags) => [command, ...POSITIONAL[command]!, ...flags.flatMap(([f, v]) => (v === null ? [f] : [f, v]))]),
  );
const argv = fc.oneof({ weight: 3, arbitrary: sensibleArgv }, { weight: 1, arbitrary: randomArgv });

/** A message naming an internal function (`mcnemarPower: ...`) rather than the user's flag. */
const INTERNAL_NAME = /^verdict: [a-z]+[A-Z][A-Za-z]*: /m;

describe('runCli with fuzzed options', () => {
  it('exits 0, 1, 2 or 3, and refuses in short lines without internals (1500 cases)', async () => {
    const codes = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(argv, async (args) => {
        const result = await runCliInProcess(args);
        const code = result.code ?? -1;
        codes.set(code, (codes.get(code) ?? 0) + 1);
        const where = `verdict ${args.join(' ')}\n${result.stderr.slice(0, 600)}`;
        if (![0, 1, 2, 3].includes(code)) throw new Error(`exit ${code}: ${where}`);
        if (code === 2 && result.stderr.trim() === '') throw new Error(`exit 2 without a message: ${where}`);
        if (INTERNAL_ERROR.test(result.stderr) || INTERNAL_NAME.test(result.stderr))
          throw new Error(`internal error shown: ${where}`);
        if (result.stderr.split('\n').some((line) => line.length > 2000)) throw new Error(`overlong: ${where}`);
      }),
      { seed: 7300, numRuns: 1500 },
    );
    expect(codes.get(2)).toBeGreaterThan(0);
    expect((codes.get(0) ?? 0) + (codes.get(1) ?? 0)).toBeGreaterThan(0);
  }, 120_000);
});
