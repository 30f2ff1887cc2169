/**
 * What isolating function targets in worker threads costs (issue 11, defect 4): the same experiment
 * module run with `isolation: 'worker'` and `'in-process'`, alternated run by run so that each ratio
 * compares runs seconds apart on a shared machine. Measured: the pool's start (a worker per cell run at
 * once, plus a spare per four, each importing the module), the cost per cell of an instant target
 * (wall time and CPU of all threads), and a 10 ms target, where the call's own time dominates.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CellWorkerPool } from '../../src/runner/isolation/cell-worker-pool';
import { runExperiment } from '../../src/runner/run-experiment';
import type { Experiment } from '../../src/schema/experiment-definition';
import { derived, measured, pairedRatio } from '../harness/figures';
import type { BenchMode, Scenario, ScenarioContext, ScenarioOutcome } from '../harness/types';

const SIZES: Record<BenchMode, { cells: number; slowCells: number; runs: number; concurrency: number }> = {
  smoke: { cells: 100, slowCells: 40, runs: 1, concurrency: 2 },
  quick: { cells: 4000, slowCells: 800, runs: 5, concurrency: 8 },
  full: { cells: 40_000, slowCells: 4000, runs: 5, concurrency: 8 },
};
const SLOW_TARGET_MS = 10;

/** The experiment module the workers import: plain JavaScript, two variants, a function scorer. */
const MODULE = `
const slow = (input) => new Promise((resolve) => setTimeout(resolve, ${SLOW_TARGET_MS}, String(input)));
const instant = async (input) => String(input);
const kind = process.env.VERDICT_BENCH_ISOLATION_TARGET === 'slow' ? slow : instant;
export default { name: 'bench-isolation', items: [], variants: { A: kind, B: kind }, score: (output) => output !== '' };
`;

interface Timing {
  readonly wallMs: number;
  readonly cpuMs: number;
}

async function timed(work: () => Promise<unknown>): Promise<Timing> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await work();
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

async function experimentOf(module: string, cells: number, target: 'instant' | 'slow'): Promise<Experiment> {
  process.env.VERDICT_BENCH_ISOLATION_TARGET = target;
  const { default: definition } = (await import(`${module}?${target}`)) as { default: Experiment };
  const items = Array.from({ length: cells / 2 }, (_, i) => ({ id: i, input: i }));
  return { ...definition, items, module };
}

async function run({ mode, tmpDir, log }: ScenarioContext): Promise<ScenarioOutcome> {
  const { cells, slowCells, runs, concurrency } = SIZES[mode];
  const module = join(tmpDir, 'isolation-experiment.mjs');
  writeFileSync(module, MODULE);
  const once = (experiment: Experiment, isolation: 'worker' | 'in-process') =>
    timed(async () => {
      const summary = await runExperiment(experiment, { isolation, concurrency, command: ['bench'] });
      if (summary.ok !== experiment.items.length * 2) throw new Error(`isolation ${isolation}: ${summary.ok} ok cells`);
    });

  const starts: number[] = [];
  for (let r = 0; r < runs; r++) {
    const threads = concurrency + Math.ceil(concurrency / 4);
    starts.push((await timed(async () => (await CellWorkerPool.start(module, { threads })).close())).wallMs);
  }

  const instant = await experimentOf(module, cells, 'instant');
  const worker: Timing[] = [];
  const inProcess: Timing[] = [];
  await once(instant, 'in-process');
  for (let r = 0; r < runs; r++) {
    log(`runner isolation: instant target, run ${r + 1}/${runs}`);
    worker.push(await once(instant, 'worker'));
    inProcess.push(await once(instant, 'in-process'));
  }
  const slow = await experimentOf(module, slowCells, 'slow');
  const slowWorker: Timing[] = [];
  const slowInProcess: Timing[] = [];
  for (let r = 0; r < runs; r++) {
    log(`runner isolation: ${SLOW_TARGET_MS} ms target, run ${r + 1}/${runs}`);
    slowWorker.push(await once(slow, 'worker'));
    slowInProcess.push(await once(slow, 'in-process'));
  }
  const perCellUs = (t: Timing, n: number) => (t.wallMs * 1000) / n;
  const cpuPerCellUs = (t: Timing, n: number) => (t.cpuMs * 1000) / n;
  const startMs = measured(`worker pool start, ${concurrency + Math.ceil(concurrency / 4)} threads`, 'ms', starts);
  return {
    parameters: { cells, slowCells, concurrency, slowTargetMs: SLOW_TARGET_MS, module: 'plain .mjs, no store' },
    figures: [
      startMs,
      measured(
        'isolated (worker), instant target: wall per cell, pool start included',
        'µs',
        worker.map((t) => perCellUs(t, cells)),
      ),
      measured(
        'in-process, instant target: wall per cell',
        'µs',
        inProcess.map((t) => perCellUs(t, cells)),
      ),
      derived(
        'isolated / in-process, instant target (wall, paired runs)',
        'x',
        pairedRatio(
          worker.map((t) => t.wallMs),
          inProcess.map((t) => t.wallMs),
        ),
      ),
      derived(
        'isolated / in-process, instant target, pool start left out (wall, paired runs)',
        'x',
        pairedRatio(
          worker.map((t) => Math.max(t.wallMs - startMs.value, 0)),
          inProcess.map((t) => t.wallMs),
        ),
      ),
      measured(
        'isolated, instant target: CPU per cell, all threads',
        'µs',
        worker.map((t) => cpuPerCellUs(t, cells)),
      ),
      measured(
        'in-process, instant target: CPU per cell',
        'µs',
        inProcess.map((t) => cpuPerCellUs(t, cells)),
      ),
      derived(
        `isolated / in-process, ${SLOW_TARGET_MS} ms target (wall, paired runs)`,
        'x',
        pairedRatio(
          slowWorker.map((t) => t.wallMs),
          slowInProcess.map((t) => t.wallMs),
        ),
      ),
    ],
    notes: [
      'An isolated cell makes two round trips to a worker (target, then scorer), each a piscina task with a MessageChannel for the deadline; inputs, items and outputs are structured-cloned.',
      'The pool starts a worker per cell run at once plus a spare per four, each importing the experiment module; from the sources each worker also loads tsx (the worker is TypeScript), which the built package does not need for a .js/.mjs experiment.',
    ],
  };
}

export const runnerIsolation: Scenario = { name: 'runner-isolation', title: 'Isolation of function targets', run };
