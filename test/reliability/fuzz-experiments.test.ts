/**
 * Issue 7, hostile input: fuzzing the experiment readers. Experiment files (JSON and YAML, every field
 * sometimes missing, mistyped, huge, non-finite or unknown; items inline or in a file, inside and
 * outside the experiment's directory) go through `verdict run --dry-run` in-process; item files
 * (JSON Lines, CSV, JSON, YAML) through `loadItems`. Each is also damaged as text (truncation, a BOM,
 * CRLF, invalid UTF-8, 1e400, a NaN literal, duplicate keys, empty). Either it loads, or exit 2 with
 * one line naming the file: never a crash, a stack trace or an internal error.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadItems } from '../../src/index';
import { runCliInProcess } from '../cli/run-cli-process';
import {
  damage,
  damaged,
  type FuzzTally,
  hostileScalar,
  INTERNAL_ERROR,
  MAX_MESSAGE_LENGTH,
  mostly,
  sometimesMissingKey,
  userErrorProblem,
} from './hostile-input';

const dir = mkdtempSync(join(tmpdir(), 'verdict-fuzz-experiments-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

const optional = mostly;

const item = fc.record(
  {
    id: optional(fc.constantFrom('a', 'b', 'c', 1, 2)),
    input: fc.oneof(fc.string({ maxLength: 8 }), hostileScalar),
    expected: fc.oneof(fc.string({ maxLength: 4 }), hostileScalar),
    tags: optional(fc.dictionary(fc.constantFrom('k', 'lang'), fc.string({ maxLength: 4 }), { maxKeys: 2 })),
  },
  { requiredKeys: ['id', 'input'] },
);

const target = fc.oneof(
  fc.record(
    {
      type: fc.constant('command'),
      argv: optional(fc.array(fc.oneof(fc.constantFrom('cat', '$(touch pwned)', ''), fc.string()), { maxLength: 3 })),
      cwd: optional(fc.constantFrom('.', '..', '/nonexistent')),
      env: optional(fc.dictionary(fc.string({ maxLength: 4 }), hostileScalar, { maxKeys: 2 })),
    },
    { requiredKeys: ['type'] },
  ),
  fc.record(
    {
      type: fc.constant('openai'),
      baseURL: optional(fc.constantFrom('http://127.0.0.1:9/v1', 'not a url')),
      model: optional(fc.constant('m')),
      apiKeyEnv: optional(fc.constantFrom('PATH', 'VERDICT_FUZZ_UNSET_KEY')),
      temperature: hostileScalar,
      pricing: optional(fc.record({ inputPerMillion: hostileScalar, outputPerMillion: hostileScalar })),
    },
    { requiredKeys: ['type'] },
  ),
  fc.record({ type: hostileScalar }),
  hostileScalar,
);

/** Two or three variants, mostly well-formed targets. */
const variants = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(fc.constantFrom('A', 'B', 'C'), target, { minKeys: 2, maxKeys: 3 }) },
  {
    weight: 4,
    arbitrary: fc.constant({
      A: { type: 'command', argv: ['cat'] },
      B: { type: 'openai', baseURL: 'http://127.0.0.1:9/v1', model: 'm' },
    }),
  },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('A', '', '__proto__', 'constructor'), target, { maxKeys: 2 }) },
  { weight: 1, arbitrary: hostileScalar },
);

const experiment = fc.record(
  {
    name: optional(fc.constant('fuzzed')),
    items: fc.oneof(
      { weight: 3, arbitrary: fc.array(item, { maxLength: 4 }) },
      fc.record(
        {
          path: optional(
            fc.constantFrom('items.jsonl', 'items.csv', '../outside.jsonl', '/etc/hostname', 'missing.jsonl'),
          ),
          allowOutside: hostileScalar,
        },
        { requiredKeys: ['path'] },
      ),
      hostileScalar,
    ),
    variants,
    score: optional(
      fc.oneof(
        fc.record({ type: fc.constantFrom('exact-match', 'includes', 'regex', 'numeric', 'json-equal', 'nope') }),
        fc.record({ type: fc.constant('regex'), pattern: optional(fc.constantFrom('(', 'a+', '[')) }),
        fc.record({ type: fc.constant('numeric'), tolerance: hostileScalar }),
      ),
    ),
    samples: optional(fc.integer({ min: 1, max: 3 })),
    concurrency: optional(fc.integer({ min: 1, max: 8 })),
    timeoutMs: optional(fc.integer({ min: 1, max: 10_000 })),
    retries: optional(
      fc.record({ max: optional(fc.nat(5)), baseDelayMs: optional(fc.nat(100)), maxDelayMs: optional(fc.nat(1000)) }),
    ),
    rateLimit: optional(
      fc.oneof(
        fc.record({ requestsPerMinute: optional(fc.integer({ min: 1, max: 600 })) }),
        fc.dictionary(fc.constantFrom('A', 'Z'), hostileScalar),
      ),
    ),
    seed: optional(fc.integer()),
    maxCostUsd: optional(fc.double({ min: 0, max: 10, noNaN: true })),
  },
  { requiredKeys: ['name', 'items', 'variants'] },
);
/** The experiment, one time in ten with a misspelt field. */
const experimentFile = fc
  .tuple(sometimesMissingKey(experiment), fc.nat(9), hostileScalar)
  .map(([value, pick, typo]) => (pick === 0 ? { ...value, concurency: typo } : value));

writeFileSync(join(dir, 'items.jsonl'), '{"id":"a","input":"1"}\n{"id":"b","input":"2"}\n');
writeFileSync(join(dir, 'items.csv'), 'id,input\na,1\nb,2\n');
writeFileSync(join(dir, '..', 'outside.jsonl'), '{"id":"a","input":"1"}\n');

/** What is wrong with the CLI's answer to a fuzzed experiment file, or undefined. */
function cliProblem(result: { code: number | null; stderr: string; stdout: string }): string | undefined {
  if (result.code === 0) return result.stderr === '' ? undefined : `exit 0 with stderr ${result.stderr}`;
  if (result.code !== 2) return `exit ${result.code}: ${result.stderr}`;
  const [first = '', ...rest] = result.stderr.replace(/\n$/, '').split('\n');
  if (!first.startsWith('verdict: ') || !first.includes(basename(dir))) return `does not name the file: ${first}`;
  if (rest.some((line) => !line.startsWith('  '))) return `not one line: ${result.stderr.slice(0, 500)}`;
  if (first.length > MAX_MESSAGE_LENGTH || INTERNAL_ERROR.test(result.stderr))
    return `internal or overlong: ${result.stderr.slice(0, 500)}`;
  return undefined;
}

describe('verdict run --dry-run on fuzzed experiment files', () => {
  for (const format of ['json', 'yaml'] as const) {
    it(`${format}: a plan, or exit 2 and one line naming the file (500 cases)`, async () => {
      const tally: FuzzTally = { accepted: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(experimentFile, damage, async (value, hurt) => {
          const file = join(dir, `exp${files++}.${format}`);
          const text = format === 'json' ? JSON.stringify(value, null, 2) : stringify(value);
          writeFileSync(file, damaged(text, hurt));
          const result = await runCliInProcess(['run', file, '--dry-run', '--out', join(dir, 'never')]);
          const problem = cliProblem(result);
          if (problem !== undefined) throw new Error(problem);
          tally[result.code === 0 ? 'accepted' : 'refused']++;
        }),
        { seed: 7200, numRuns: 500 },
      );
      expect(tally.accepted).toBeGreaterThan(0);
      expect(tally.refused).toBeGreaterThan(0);
    });
  }
});

const itemFiles = {
  jsonl: (items: readonly unknown[]) => items.map((i) => `${JSON.stringify(i)}\n`).join(''),
  json: (items: readonly unknown[]) => JSON.stringify(items, null, 1),
  yaml: (items: readonly unknown[]) => stringify(items),
  csv: (items: readonly Record<string, unknown>[]) => {
    const columns = [...new Set(items.flatMap((i) => Object.keys(i)))];
    const cell = (v: unknown) => {
      const text = typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v ?? '');
      return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    };
    return [columns.join(','), ...items.map((i) => columns.map((c) => cell(i[c])).join(','))].join('\n');
  },
};

describe('loadItems on fuzzed item files', () => {
  for (const format of ['jsonl', 'csv', 'json', 'yaml'] as const) {
    it(`${format}: items, or one line naming the file (400 cases)`, async () => {
      const tally: FuzzTally = { accepted: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(fc.array(item, { maxLength: 6 }), damage, async (items, hurt) => {
          const file = join(dir, `items${files++}.${format}`);
          writeFileSync(file, damaged(itemFiles[format](items as Record<string, unknown>[]), hurt));
          try {
            await loadItems(file);
            tally.accepted++;
          } catch (error) {
            const problem = userErrorProblem(error, file);
            if (problem !== undefined) throw new Error(problem);
            tally.refused++;
          }
        }),
        { seed: 7201, numRuns: 400 },
      );
      expect(tally.accepted).toBeGreaterThan(0);
      expect(tally.refused).toBeGreaterThan(0);
    });
  }

  it('a 10 MB line in an items file: loaded when valid, one short line when not', async () => {
    const big = 'z'.repeat(10 * 1024 * 1024);
    const valid = join(dir, 'big.jsonl');
    writeFileSync(valid, `${JSON.stringify({ id: 'a', input: big })}\n`);
    expect((await loadItems(valid))[0]?.input).toHaveLength(big.length);
    const invalid = join(dir, 'big-bad.jsonl');
    writeFileSync(invalid, `${JSON.stringify({ id: big, input: 1, extra: true })}\n`);
    await expect(loadItems(invalid).catch((error) => userErrorProblem(error, invalid))).resolves.toBeUndefined();
  });
});

mkdirSync(join(dir, 'never'), { recursive: true });
