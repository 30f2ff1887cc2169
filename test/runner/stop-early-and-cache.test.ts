import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DirectoryCache } from '../../src/cache/index';
import { compare, loadResults } from '../../src/index';
import { runExperiment } from '../../src/runner/run-experiment';
import type { Experiment } from '../../src/schema/experiment-definition';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verdict-stop-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const items = Array.from({ length: 300 }, (_, i) => ({ id: `q${i}`, input: i, expected: true }));

function experiment(calls: Map<string, number>, candidateFails: (i: number) => boolean): Experiment {
  const count = (variant: string) => calls.set(variant, (calls.get(variant) ?? 0) + 1);
  return {
    name: 'stop-cache',
    items,
    variants: {
      A: async (input) => {
        count('A');
        return (input as number) % 10 !== 0;
      },
      B: async (input) => {
        count('B');
        return candidateFails(input as number) ? false : (input as number) % 10 !== 0;
      },
    },
    score: (output, item) => output === item.expected,
  };
}

describe('runExperiment with stopEarly', () => {
  it('stops once the drop is shown, records why in the manifest, and compare does not call it incomplete', async () => {
    const calls = new Map<string, number>();
    const out = join(dir, 'run');
    const summary = await runExperiment(
      experiment(calls, (i) => i % 4 === 1),
      { outDir: out, stopEarly: true, isolation: 'in-process', onWarning: () => {} },
    );
    expect(summary.status).toBe('completed');
    expect(summary.stopping?.reason).toBe('decided');
    expect(summary.stopping?.finding).toBe('worse');
    expect(summary.stopping!.itemsStarted).toBeLessThan(items.length);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.stopping.itemsStarted).toBe(summary.stopping!.itemsStarted);
    expect(calls.get('A')).toBe(summary.stopping!.itemsStarted);
    const doc = compare(await loadResults([out]), {}, { baseline: 'A', candidates: ['B'] });
    expect(doc.verdict).toBe('regressed');
  });

  it('resumed after the decision with one cell of a started item lost: that cell runs, no new item, every stored item counted', async () => {
    const calls = new Map<string, number>();
    const out = join(dir, 'resumed');
    const exp = experiment(calls, (i) => i % 4 === 1);
    const options = { outDir: out, stopEarly: true, isolation: 'in-process', onWarning: () => {} } as const;
    const first = await runExperiment(exp, options);
    expect(first.stopping?.reason).toBe('decided');
    // As if killed before its last record was written: that item has one cell stored.
    const file = join(out, 'results.jsonl');
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    const lost = JSON.parse(lines.at(-1)!) as { key: string; item: string };
    await writeFile(file, `${lines.slice(0, -1).join('\n')}\n`);
    calls.clear();
    const resumed = await runExperiment(exp, { ...options, resume: true });
    expect(resumed.status).toBe('completed');
    const records = (await readFile(file, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { key: string; item: string });
    expect(records.map((r) => r.key).sort()).toEqual(lines.map((line) => JSON.parse(line).key).sort());
    expect(records.at(-1)!.key).toBe(lost.key);
    expect([...calls.values()].reduce((a, b) => a + b, 0)).toBe(1);
    const started = new Set(records.map((r) => r.item)).size;
    expect(resumed.stopping).toMatchObject({ reason: 'decided', itemsStarted: started, pairs: started });
    expect(started).toBe(first.stopping!.itemsStarted);
  });

  it('identical variants run to the end without a decision', async () => {
    const summary = await runExperiment(
      experiment(new Map(), () => false),
      { stopEarly: { maxItems: 120 }, isolation: 'in-process' },
    );
    expect(summary.stopping?.reason).toBe('max-items');
    expect(summary.stopping?.itemsStarted).toBe(120);
  });
});

describe('runExperiment with an output cache', () => {
  it('a second run into a fresh out makes no call and marks its records cached', async () => {
    const cache = new DirectoryCache(join(dir, 'cache'));
    const first = new Map<string, number>();
    await runExperiment(
      experiment(first, () => false),
      { outDir: join(dir, 'r1'), cache, isolation: 'in-process' },
    );
    expect(first.get('A')).toBe(items.length);
    const second = new Map<string, number>();
    const summary = await runExperiment(
      experiment(second, () => false),
      {
        outDir: join(dir, 'r2'),
        cache,
        isolation: 'in-process',
      },
    );
    expect(second.size).toBe(0);
    expect(summary.cache?.hits).toBe(2 * items.length);
    const line = JSON.parse((await readFile(join(dir, 'r2', 'results.jsonl'), 'utf8')).split('\n')[0]!);
    expect(line).toMatchObject({ cached: true, attempts: 0 });
  });
});
