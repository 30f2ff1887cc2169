/**
 * Every benchmark at tiny sizes (smoke mode), so that none of them can rot: each must run to its end and produce
 * finite figures. Timings are never asserted here (they belong in bench/results). The Python comparisons are
 * turned off to keep this fast; `npm run bench -- --smoke` runs them.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateResults } from '../../bench/generate-results';
import { runBenchmarks } from '../../bench/harness/run-benchmarks';
import type { BenchResult } from '../../bench/harness/types';
import { SCENARIOS } from '../../bench/scenarios/index';

const resultsDir = mkdtempSync(join(tmpdir(), 'verdict-bench-smoke-'));
let results: BenchResult[] = [];
const previousPython = process.env.VERDICT_BENCH_PYTHON;

beforeAll(async () => {
  process.env.VERDICT_BENCH_PYTHON = 'none';
  results = await runBenchmarks({
    mode: 'smoke',
    resultsDir,
    // Inside the project, so that bundled benchmark children resolve node_modules.
    tmpDir: join(import.meta.dirname, '../../bench/.tmp', `smoke-${process.pid}`),
    command: 'vitest run test/bench',
    log: () => {},
  });
}, 120_000);

afterAll(() => {
  if (previousPython === undefined) delete process.env.VERDICT_BENCH_PYTHON;
  else process.env.VERDICT_BENCH_PYTHON = previousPython;
  rmSync(resultsDir, { recursive: true, force: true });
});

describe('benchmarks in smoke mode', () => {
  it('runs every benchmark and records it with the machine and the command', () => {
    expect(results.map((r) => r.name)).toEqual(SCENARIOS.map((s) => s.name));
    for (const result of results) {
      const recorded = JSON.parse(readFileSync(join(resultsDir, `${result.name}.json`), 'utf8')) as BenchResult;
      expect(recorded.mode).toBe('smoke');
      expect(recorded.command).toBe('vitest run test/bench');
      expect(recorded.machine.cores).toBeGreaterThan(0);
      expect(recorded.machine.node).toBe(process.version);
    }
  });

  it.each(SCENARIOS.map((s) => s.name))('%s produces finite figures', (name) => {
    const result = results.find((r) => r.name === name)!;
    expect(result.figures.length).toBeGreaterThan(0);
    for (const figure of result.figures) expect(Number.isFinite(figure.value), figure.label).toBe(true);
  });

  it('says so when the Python comparison is skipped, instead of comparing with nothing', () => {
    for (const name of ['analysis-end-to-end', 'stats-kernels', 'analysis-at-scale']) {
      const result = results.find((r) => r.name === name)!;
      expect(result.notes).toContain('Python comparison skipped: disabled (VERDICT_BENCH_PYTHON=none).');
      expect(result.figures.some((f) => f.label.includes('Python') || f.label.includes('pandas'))).toBe(false);
    }
  });
});

describe('generateResults', () => {
  it('writes the same bytes for the same seed, one row per item x variant x sample', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verdict-generate-'));
    try {
      const options = { items: 50, samples: 2, seed: 3 };
      const first = generateResults(join(dir, 'a.jsonl'), options);
      const second = generateResults(join(dir, 'b.jsonl'), options);
      const text = readFileSync(first.file, 'utf8');
      expect(text).toBe(readFileSync(second.file, 'utf8'));
      const rows = text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(rows).toHaveLength(200);
      expect(first.rows).toBe(200);
      expect(rows[0]).toMatchObject({ item: 'item-0', variant: 'A', sample: 0, tags: { category: 'c0' } });
      expect(new Set(rows.map((r) => r.status))).toContain('ok');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
