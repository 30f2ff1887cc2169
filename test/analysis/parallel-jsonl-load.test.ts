import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ResultsColumnsBuilder } from '../../src/analysis/columns-builder';
import { loadThreads, MOST_LOAD_THREADS, PARALLEL_LOAD_MIN_BYTES } from '../../src/analysis/parallel-jsonl-load';
import { type StreamedResultsFile, streamResultsFile } from '../../src/analysis/read-results-file';
import type { ResultsColumns } from '../../src/analysis/results-columns';
import { InputProblems } from '../../src/formats/input-problems';
import { InputError } from '../../src/schema/input-error';
import { seededRandom } from '../helpers/seeded-random';

/** The kept fields `compare --by tags.category` asks for (loadResults adds the row fields every analysis reads). */
const FIELDS = ['tags.category', 'cached', 'originalCostUsd', 'judge', 'finishedAt'];

/**
 * Lines of the shape compare reads, with what sends a line to the full parser (an escaped item, a judge object, a
 * number item, a score-only row), blank lines, a variant and a kept value first seen late in the file, and items
 * that come back after thousands of lines (so an item is in two workers' ranges).
 */
function resultLines(count: number, seed: number): string[] {
  const next = seededRandom(seed);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const pick = next();
    const item = pick < 0.05 ? `item-${Math.floor(next() * 50)}` : `item-${i >> 1}`;
    const variant = i > count * 0.7 && pick > 0.9 ? 'C' : i % 2 === 0 ? 'A' : 'B';
    const category = i > count * 0.8 && pick < 0.2 ? 'late' : `c${Math.floor(next() * 4)}`;
    const record: Record<string, unknown> = { item, variant, pass: next() < 0.5, tags: { category } };
    if (pick > 0.97)
      record.item = `quote"${i}`; // an escape: the full parser
    else if (pick > 0.95) record.item = i; // a number item
    if (pick > 0.6 && pick < 0.62) record.judge = { verdict: 'pass', cached: pick < 0.61 };
    if (pick > 0.3 && pick < 0.31) record.cached = true;
    if (pick > 0.4 && pick < 0.42) {
      delete record.pass;
      record.score = Math.round(next() * 1000) / 1000;
    }
    if (pick > 0.8 && pick < 0.81) record.finishedAt = `2026-12-03T10:${String(i % 60).padStart(2, '0')}:00Z`;
    record.latencyMs = Math.floor(next() * 1000);
    lines.push(JSON.stringify(record));
    if (pick > 0.5 && pick < 0.505) lines.push('');
  }
  return lines;
}

async function temporaryFile(name: string, contents: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'verdict-parallel-load-')), name);
  await writeFile(path, contents);
  return path;
}

interface Loaded {
  readonly columns: ResultsColumns;
  readonly files: StreamedResultsFile[];
  readonly warnings: string[];
  readonly error: string | undefined;
}

/** The files loaded into one builder as loadResults loads them, by `workers` threads (1: this thread). */
async function load(paths: readonly string[], workers: number): Promise<Loaded> {
  const builder = new ResultsColumnsBuilder(FIELDS);
  const problems = new InputProblems();
  const warnings: string[] = [];
  const files: StreamedResultsFile[] = [];
  for (const path of paths)
    files.push(
      await streamResultsFile(path, builder, problems, {
        onWarning: (warning) => warnings.push(warning),
        workers,
      }),
    );
  let error: string | undefined;
  try {
    problems.throwIfAny();
  } catch (thrown) {
    expect(thrown).toBeInstanceOf(InputError);
    error = [(thrown as InputError).message, ...(thrown as InputError).details].join('\n');
  }
  return { columns: builder.build(), files, warnings, error };
}

/** Every column, name list, kept field and re-read record of two loads equal. */
function expectSameLoad(parallel: Loaded, single: Loaded): void {
  const a = parallel.columns;
  const b = single.columns;
  expect(a.length).toBe(b.length);
  for (const name of ['itemKeys', 'variantNames', 'fileNames'] as const) expect(a[name]).toEqual(b[name]);
  for (const name of [
    'itemId',
    'itemIsNumber',
    'variant',
    'sample',
    'status',
    'trials',
    'passes',
    'score',
    'latencyMs',
    'costUsd',
    'file',
    'line',
  ] as const)
    expect(Array.from(a[name]), name).toEqual(Array.from(b[name]));
  for (const field of FIELDS)
    for (let row = 0; row < a.length; row++)
      expect(a.records.valueAt(row, field)).toEqual(b.records.valueAt(row, field));
  const rows = Array.from({ length: a.length }, (_, row) => row).filter((row) => row % 7 === 0);
  expect(a.records.recordsAt(rows)).toEqual(b.records.recordsAt(rows));
  expect(parallel.files).toEqual(single.files);
  expect(parallel.warnings).toEqual(single.warnings);
  expect(parallel.error).toEqual(single.error);
}

describe('loading a JSON Lines file on several threads', () => {
  it('gives the one-thread load column for column: fallback lines, blank lines, items in two ranges, late names', async () => {
    const path = await temporaryFile('results.jsonl', `${resultLines(6000, 14).join('\n')}\n`);
    const single = await load([path], 1);
    expect(single.error).toBeUndefined();
    expect(single.columns.variantNames).toEqual(['A', 'B', 'C']);
    // Narrowed where every value fits (narrow-column.ts): one byte a row for samples, trials, passes and variants.
    for (const name of ['sample', 'trials', 'passes', 'variant'] as const)
      expect(single.columns[name], name).toBeInstanceOf(Uint8Array);
    expect(single.columns.line).toBeInstanceOf(Uint16Array);
    for (const workers of [2, 3]) expectSameLoad(await load([path], workers), single);
  });

  it('reports a bad line in the second range with its true line, the same problems in file order', async () => {
    const lines = resultLines(4000, 15);
    lines[3100] = '{"item":"bad","variant":"A","pass":"yes"}';
    lines[3500] = '{"item":"torn",';
    lines[100] = '{"item":"early","variant":"A","sample":-1,"pass":true}';
    const path = await temporaryFile('bad.jsonl', `${lines.join('\n')}\n`);
    const single = await load([path], 1);
    expect(single.error).toMatch(/bad\.jsonl:101/);
    expect(single.error).toMatch(/bad\.jsonl:3101/);
    expect(single.error).toMatch(/bad\.jsonl:3501/);
    expectSameLoad(await load([path], 2), single);
  });

  it('reads CRLF, a byte-order mark and a torn last line as one thread does', async () => {
    const lines = resultLines(3000, 16);
    const path = await temporaryFile('crlf.jsonl', `\uFEFF${lines.join('\r\n')}\r\n{"item":"torn","varia`);
    const single = await load([path], 1);
    expect(single.warnings).toHaveLength(1);
    expect(single.columns.itemKeys[0]).toBe('item-0');
    expectSameLoad(await load([path], 2), single);
    const complete = await temporaryFile('last.jsonl', `${lines.join('\n')}\n${lines[0]}`);
    expectSameLoad(await load([complete], 2), await load([complete], 1));
  });

  it('loads several files into one builder, and a file of one line or fewer lines than workers', async () => {
    const first = await temporaryFile('a.jsonl', `${resultLines(2000, 17).join('\n')}\n`);
    const second = await temporaryFile('b.jsonl', `${resultLines(2500, 18).join('\n')}\n`);
    const one = await temporaryFile('one.jsonl', '{"item":"item-3","variant":"B","pass":true}\n');
    const two = await temporaryFile('two.jsonl', '{"item":"x","variant":"A","pass":true}\n{"item":"x","variant":"B"}');
    expectSameLoad(await load([first, one, second, two], 2), await load([first, one, second, two], 1));
    expectSameLoad(await load([one], 4), await load([one], 1));
  });
});

/** The threads of this process now (Linux: /proc/self/task), or undefined elsewhere. */
function threadCount(): number | undefined {
  return existsSync('/proc/self/task') ? readdirSync('/proc/self/task').length : undefined;
}

describe('the threads a load reads on', () => {
  it('one by default; auto: one below 32 MiB, both cores above; a number for any size; a clear error else', () => {
    expect(loadThreads(1e9, {})).toBe(1);
    const auto = { VERDICT_LOAD_THREADS: 'auto' };
    expect(loadThreads(PARALLEL_LOAD_MIN_BYTES - 1, auto)).toBe(1);
    expect(loadThreads(PARALLEL_LOAD_MIN_BYTES, auto)).toBe(Math.min(availableParallelism(), MOST_LOAD_THREADS));
    expect(loadThreads(10, { VERDICT_LOAD_THREADS: '3' })).toBe(3);
    expect(loadThreads(1e9, { VERDICT_LOAD_THREADS: '1' })).toBe(1);
    for (const bad of ['0', '1.5', 'two', '-2'])
      expect(() => loadThreads(10, { VERDICT_LOAD_THREADS: bad })).toThrow(
        new InputError(`VERDICT_LOAD_THREADS: expected auto or a whole number of threads from 1 to 256, got "${bad}"`),
      );
  });

  it('stops its workers when the load is aborted, rejects with the reason, and the next load is whole', async () => {
    const path = await temporaryFile('abort.jsonl', `${resultLines(40_000, 19).join('\n')}\n`);
    const single = await load([path], 1);
    await load([path], 2); // the workers' modules and the thread pool warm: the threads counted below are the load's
    const before = threadCount();
    for (const delay of [0, 20, 150]) {
      const controller = new AbortController();
      const reason = new Error(`stopped after ${delay} ms`);
      setTimeout(() => controller.abort(reason), delay);
      const builder = new ResultsColumnsBuilder(FIELDS);
      await expect(
        streamResultsFile(path, builder, new InputProblems(), {
          onWarning: () => {},
          signal: controller.signal,
          workers: 2,
        }),
      ).rejects.toBe(reason);
    }
    // Every worker thread gone (terminate() resolves as its thread exits; the count may lag a few milliseconds).
    if (before !== undefined) {
      for (let wait = 0; wait < 100 && (threadCount() ?? 0) > before; wait++)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(threadCount()).toBeLessThanOrEqual(before);
    }
    expectSameLoad(await load([path], 2), single);
  });
});
