/**
 * Issue 7, degenerate statistics through `verdict compare`: no discordant pairs, every item failing,
 * every item passing, a single item, a single item with several samples, constant scores, a variant
 * whose every row is an error, one variant only, a slice of one item. Each gives a defined answer
 * (exit 0, 1 or 3, and JSON, Markdown and HTML reports with no NaN or undefined shown to a reader) or
 * a clear one-line error (exit 2).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../cli/run-cli-process';
import { INTERNAL_ERROR } from './hostile-input';

const dir = mkdtempSync(join(tmpdir(), 'verdict-degenerate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Row = Record<string, unknown>;
const both = (item: string, a: Row, b: Row, extra: Row = {}): Row[] => [
  { item, variant: 'A', ...extra, ...a },
  { item, variant: 'B', ...extra, ...b },
];
const items = (n: number, make: (i: number) => Row[]) => Array.from({ length: n }, (_, i) => make(i)).flat();

/** The degenerate data sets, and the extra flags each is compared with. */
const CASES: readonly { name: string; rows: Row[]; flags?: string[]; refused?: RegExp; headline?: RegExp }[] = [
  {
    name: 'no discordant pairs',
    rows: items(30, (i) =>
      both(`q${i}`, { pass: i % 3 !== 0 }, { pass: i % 3 !== 0 }, { tags: { category: `c${i % 2}` } }),
    ),
    flags: ['--by', 'tags.category'],
  },
  { name: 'every item failing', rows: items(25, (i) => both(`q${i}`, { pass: false }, { pass: false })) },
  { name: 'every item passing', rows: items(25, (i) => both(`q${i}`, { pass: true }, { pass: true })) },
  { name: 'every item regressing', rows: items(25, (i) => both(`q${i}`, { pass: true }, { pass: false })) },
  { name: 'a single item', rows: both('only', { pass: true }, { pass: false }) },
  {
    name: 'a single item, several samples',
    rows: [0, 1, 2, 3].flatMap((s) => both('only', { pass: s % 2 === 0, sample: s }, { pass: false, sample: s })),
  },
  {
    name: 'constant scores',
    rows: items(10, (i) => both(`q${i}`, { score: 0.5 }, { score: 0.5 })),
    flags: ['--metric', 'score'],
  },
  {
    name: 'a single scored item',
    rows: both('only', { score: 0.2 }, { score: 0.9 }),
    flags: ['--metric', 'score'],
    // One difference has no spread to test against: no test can reject, so the eval cannot tell (never a
    // zero-width interval, never "no significant difference").
    headline: /^verdict: UNDERPOWERED\b/,
  },
  {
    name: 'a slice of one item',
    rows: items(12, (i) =>
      both(`q${i}`, { pass: i % 2 === 0 }, { pass: i % 4 === 0 }, { tags: { category: i === 0 ? 'lonely' : 'many' } }),
    ),
    flags: ['--by', 'tags.category'],
  },
  {
    name: 'aggregated rows with no passes',
    rows: items(8, (i) => both(`q${i}`, { n: 5, c: 0 }, { n: 5, c: 0 })),
  },
  {
    name: 'a candidate whose every row is an error',
    rows: items(10, (i) => both(`q${i}`, { pass: true }, { status: 'error', error: 'boom' })),
    refused: /^verdict: no item has ok outcomes in both `A` and `B`: nothing to compare$/m,
  },
  {
    name: 'one variant only',
    rows: items(10, (i) => [{ item: `q${i}`, variant: 'A', pass: true }]),
    refused: /^verdict: unknown candidate variant "B"; the results have "A"$/m,
  },
];

/** Paths in a JSON value that hold NaN (as the string "NaN", since JSON has no NaN). */
function nanPaths(value: unknown, path = '$'): string[] {
  if (value === 'NaN' || (typeof value === 'number' && Number.isNaN(value))) return [path];
  if (typeof value === 'string') return /\bNaN\b/.test(value) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => nanPaths(v, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([k, v]) => nanPaths(v, `${path}.${k}`));
  return [];
}

/** What a reader sees of an HTML report: its text outside scripts, styles and tags. */
const visibleText = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/gi, ' ')
    .replace(/<style[\s\S]*?<\/style>/gi, ' ')
    .replace(/<[^>]+>/g, ' ');

const jsonNaN: Record<string, string[]> = {};

describe('verdict compare on degenerate data', () => {
  it.each(CASES)(
    '$name: a defined answer or a clear error',
    async ({ name, rows, flags = [], refused, headline }) => {
      const slug = name.replace(/\W+/g, '-');
      const file = join(dir, `${slug}.jsonl`);
      writeFileSync(file, rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
      const out = (ext: string) => join(dir, `${slug}.${ext}`);
      const result = await runCliInProcess([
        'compare',
        file,
        '--baseline',
        'A',
        '--candidate',
        'B',
        ...flags,
        '--json',
        out('json'),
        '--md',
        out('md'),
        '--html',
        out('html'),
        '--junit',
        out('xml'),
      ]);
      expect(INTERNAL_ERROR.test(result.stderr), result.stderr).toBe(false);
      if (refused !== undefined) {
        expect(result.code, result.stdout).toBe(2);
        expect(result.stderr).toMatch(refused);
        expect(result.stderr.trim().split('\n')).toHaveLength(1);
        return;
      }
      expect([0, 1, 3, 4], result.stderr).toContain(result.code);
      if (headline !== undefined) expect(result.stdout).toMatch(headline);
      expect(result.stdout).not.toMatch(/\bNaN\b/);
      expect(readFileSync(out('md'), 'utf8')).not.toMatch(/\bNaN\b/);
      expect(visibleText(readFileSync(out('html'), 'utf8'))).not.toMatch(/\bNaN\b/);
      expect(readFileSync(out('xml'), 'utf8')).not.toMatch(/\bNaN\b/);
      const paths = nanPaths(JSON.parse(readFileSync(out('json'), 'utf8')));
      if (paths.length > 0) jsonNaN[name] = paths;
    },
    60_000,
  );

  // With no discordant pairs the conditional odds ratio is undefined (R says NA): the document writes null.
  it('the JSON reports hold no NaN at all', () => {
    expect(jsonNaN).toEqual({});
  });
});
