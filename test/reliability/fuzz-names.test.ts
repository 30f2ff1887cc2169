/**
 * Issue 11, the fuzz pass over names: variant, tag, item and field names drawn from Object.prototype's
 * keys, control characters, bidirectional overrides, very long strings and ordinary text (fast-check,
 * seeded), through `runExperiment` and the store, then `verdict compare` with all four reports. Every
 * case either completes with every report written, every variant, item and tag kept by name (none
 * lost to a prototype) and nothing raw reaching the terminal, or, for `__proto__`, is refused with the
 * one-line problem naming it. Never a crash.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError, runExperiment } from '../../src/index';
import { TERMINAL_CONTROL } from '../../src/schema/terminal-controls';
import { runCliInProcess } from '../cli/run-cli-process';
import { temporaryDirectory } from '../store/helpers';

const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype); // constructor, toString, __proto__, ...
/** What must never be written raw to a terminal (the CLI's own definition). */
const RAW_CONTROL = TERMINAL_CONTROL;
const REFUSED = '`__proto__` cannot name a variant, a tag or a field';

/** A hostile name: a prototype key, controls, bidi overrides, a 5,000-character string, or plain text. */
const name = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) },
  { weight: 2, arbitrary: fc.constantFrom('\u001b[32mok\u001b[0m', 'a\rb', 'nul\u0000', 'csi\u009b2J', 'tab\tx') },
  { weight: 2, arbitrary: fc.constantFrom('abc\u202egnp.exe', '\u2066isolate\u2069', 'lrm\u200e') },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(5000), '€'.repeat(3000)) },
  { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 8 }) },
);

/** Two different names (as text), for the baseline and the candidate. */
const twoNames = fc.tuple(name, name).filter(([a, b]) => a !== b);

describe('hostile names through run, compare and every report', () => {
  it('keep every name or refuse __proto__ by name', async () => {
    let completed = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        twoNames,
        fc.uniqueArray(name, { minLength: 4, maxLength: 6 }),
        name,
        name,
        async ([baseline, candidate], ids, tagKey, tagValue) => {
          const dir = temporaryDirectory();
          const items = ids.map((id, i) => ({
            id,
            input: i,
            expected: String(i % 3),
            tags: { [tagKey]: i % 2 ? tagValue : 'other' },
          }));
          const experiment = {
            name: 'fuzz',
            items,
            variants: {
              [baseline]: (x: unknown) => String(Number(x) % 3),
              [candidate]: (x: unknown) => String(Number(x) % 2),
            },
          };
          const involvesProto = [baseline, candidate, tagKey].includes('__proto__');
          const run = runExperiment(experiment, { outDir: join(dir, 'run') });
          if (involvesProto) {
            await expect(run).rejects.toThrow(InputError);
            await expect(run).rejects.toThrow(REFUSED);
            refused++;
            return;
          }
          const summary = await run;
          expect(summary).toMatchObject({ status: 'completed', completed: items.length * 2 });
          expect(Object.keys(summary.variants).sort()).toEqual([baseline, candidate].sort());
          const out = (f: string) => join(dir, f);
          const reports = [
            '--md',
            out('r.md'),
            '--json',
            out('r.json'),
            '--html',
            out('r.html'),
            '--junit',
            out('r.xml'),
          ];
          const result = await runCliInProcess([
            'compare',
            join(dir, 'run'),
            '--baseline',
            baseline,
            '--candidate',
            candidate,
            '--by',
            `tags.${tagKey}`,
            ...reports,
          ]);
          if (tagKey.includes('.')) {
            // A dotted tag name is a path; the slice then finds no value, which is not a crash either.
            expect([0, 1, 2], result.stderr).toContain(result.code);
            return;
          }
          expect([0, 1], result.stderr).toContain(result.code);
          expect(result.stdout + result.stderr).not.toMatch(RAW_CONTROL);
          for (const report of ['r.md', 'r.json', 'r.html', 'r.xml']) expect(existsSync(out(report))).toBe(true);
          const doc = JSON.parse(readFileSync(out('r.json'), 'utf8'));
          expect(doc.variants.map((v: { variant: string }) => v.variant).sort()).toEqual([baseline, candidate].sort());
          expect(Object.keys(doc.excluded.byVariant).sort()).toEqual([baseline, candidate].sort());
          expect(doc.paired.n).toBe(items.length);
          expect(doc.slices.map((s: { value: string }) => s.value).sort()).toEqual(
            [...new Set(items.map((it) => it.tags[tagKey]!))].sort(),
          );
          for (const report of ['r.md', 'r.html', 'r.xml'])
            expect(readFileSync(out(report), 'utf8')).not.toMatch(/\[native code\]|function Object\(/);
          completed++;
        },
      ),
      { numRuns: 30, seed: 1111 },
    );
    console.info(`fuzz-names: ${completed} cases through run, compare and 4 reports; ${refused} refused for __proto__`);
    expect(completed).toBeGreaterThan(10);
  }, 600_000);

  it('keep hostile field names of a results file, and refuse __proto__ by name', async () => {
    await fc.assert(
      fc.asyncProperty(name, name, async (field, value) => {
        const dir = temporaryDirectory();
        const file = join(dir, 'results.jsonl');
        const rows = Array.from({ length: 12 }, (_, i) =>
          ['A', 'B'].map((variant) => ({
            item: `q${i}`,
            variant,
            pass: (i + variant.length) % 3 !== 0,
            [field]: i % 2 ? value : 'other',
          })),
        ).flat();
        writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
        const json = join(dir, 'r.json');
        const result = await runCliInProcess([
          'compare',
          file,
          '--baseline',
          'A',
          '--candidate',
          'B',
          '--by',
          field,
          '--json',
          json,
        ]);
        expect(result.stdout + result.stderr).not.toMatch(RAW_CONTROL);
        if (field === '__proto__') {
          expect(result.code).toBe(2);
          expect(result.stderr).toContain(REFUSED);
          return;
        }
        // A reserved record field (item, variant, pass ...) as the hostile name is a plain input error.
        if (
          ['item', 'variant', 'sample', 'status', 'pass', 'score', 'n', 'c', 'tags'].includes(field) ||
          field.includes('.')
        )
          return;
        expect([0, 1], result.stderr).toContain(result.code);
        const doc = JSON.parse(readFileSync(json, 'utf8'));
        expect(doc.slices.map((s: { value: string }) => s.value).sort()).toEqual([...new Set(['other', value])].sort());
      }),
      { numRuns: 40, seed: 2222 },
    );
  }, 600_000);
});
