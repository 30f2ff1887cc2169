/**
 * The runner's own cost per cell, with targets that answer at once, so that what is timed is planning,
 * the deadline and retry machinery, scoring, counting and (with a run directory) the JSONL append and
 * fsync (results: bench/results/runner-overhead.md).
 * Run: npx vitest bench --run bench/runner-overhead.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, bench, describe } from 'vitest';
import { type Experiment, exactMatch, runExperiment } from '../src/index';

const CELLS = 10_000;
const items = Array.from({ length: CELLS / 2 }, (_, i) => ({ id: i, input: i, expected: String(i % 7) }));
const answer = (input: unknown) => String((input as number) % 7);
const experiment: Experiment = { name: 'overhead', items, variants: { A: answer, B: answer }, score: exactMatch() };
const dir = mkdtempSync(join(tmpdir(), 'verdict-bench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const options = { time: 0, iterations: 5, warmupIterations: 1 };

describe(`runExperiment: ${CELLS} cells, instant targets`, () => {
  bench(
    'in memory (onResult only)',
    async () => void (await runExperiment(experiment, { onResult: () => {} })),
    options,
  );
  bench(
    'to a run directory (results.jsonl + manifest.json)',
    async () => void (await runExperiment(experiment, { outDir: join(dir, 'run'), force: true, command: ['bench'] })),
    options,
  );
  bench(
    'concurrency 64, in memory',
    async () => void (await runExperiment(experiment, { concurrency: 64, onResult: () => {} })),
    options,
  );
});
