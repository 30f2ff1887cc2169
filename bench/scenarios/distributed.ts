/**
 * Distributed runs (issue 16): throughput of `verdict worker` processes on a 50 ms target against the
 * ideal (cells x 50 ms / total concurrency), for 1, 2, 4 and 8 workers, and what the queue costs per
 * cell against a local run of the same experiment (an instant target, one worker of the same
 * concurrency as the local run). The coordinator runs in this process (runDistributed), the workers
 * are real processes of the CLI (started, and waiting for the run, before the clock starts), Redis is
 * a redis-server of the benchmark's own on a free loopback port.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseQueueUrl } from '../../src/distributed/queue-url';
import { runDistributed } from '../../src/distributed/run-coordinator';
import { loadExperiment } from '../../src/runner/load-experiment';
import { runExperiment } from '../../src/runner/run-experiment';
import { startRedis } from '../../test/distributed/redis-server';
import { derived, measured, pairedRatio } from '../harness/figures';
import { projectPath } from '../harness/project-path';
import type { BenchMode, Scenario, ScenarioContext, ScenarioOutcome } from '../harness/types';

const SIZES: Record<
  BenchMode,
  { slowCells: number; instantCells: number; workers: readonly number[]; runs: number; concurrency: number }
> = {
  smoke: { slowCells: 32, instantCells: 40, workers: [1, 2], runs: 1, concurrency: 4 },
  quick: { slowCells: 960, instantCells: 2000, workers: [1, 2, 4, 8], runs: 1, concurrency: 8 },
  full: { slowCells: 3840, instantCells: 8000, workers: [1, 2, 4, 8], runs: 3, concurrency: 8 },
};
const TARGET_MS = 50;

/** The experiment every side loads: `cells` cells whose target waits `delayMs` (0: answers at once). */
const moduleOf = (cells: number, delayMs: number) => `
const target = (input) => ${delayMs === 0 ? 'Promise.resolve(String(input))' : `new Promise((resolve) => setTimeout(resolve, ${delayMs}, String(input)))`};
export default {
  name: 'bench-distributed',
  items: Array.from({ length: ${cells / 2} }, (_, i) => ({ id: i, input: i })),
  variants: { A: target, B: target },
  score: (output) => output !== '',
};
`;

/** `verdict worker ...` from the sources, as a process; `waiting` resolves once it waits for a run. */
function startWorker(args: readonly string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', projectPath('src', 'cli', 'main.ts'), 'worker', ...args], {
    cwd: projectPath(),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const done = new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
  const waiting = new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += String(chunk);
      if (stderr.includes('waiting for a coordinator')) resolve();
    });
    void done.then((end) => reject(new Error(`a worker ended before the run (exit ${end.code}): ${end.stderr}`)));
  });
  return { done, waiting };
}

async function run({ mode, tmpDir, log }: ScenarioContext): Promise<ScenarioOutcome> {
  const { slowCells, instantCells, workers: counts, runs, concurrency } = SIZES[mode];
  const loadAtStart = loadavg()[0]!;
  mkdirSync(tmpDir, { recursive: true });
  /** One module file per size and delay: a module is imported once per process, so one file cannot serve two. */
  const fileOf = (cells: number, delayMs: number) => {
    const file = join(tmpDir, `distributed-experiment-${cells}-${delayMs}.mjs`);
    writeFileSync(file, moduleOf(cells, delayMs));
    return file;
  };
  const redis = await startRedis();
  const queue = parseQueueUrl(redis.url);
  try {
    let runsMade = 0;
    const distributed = async (n: number, cells: number, delayMs: number, tag: string): Promise<number> => {
      // A queue of its own per run: a completed run's description stays in Redis (for late workers), and
      // a worker started for the next run would find it and exit.
      const queueName = `bench-${tag}-${n}-${++runsMade}`;
      const workers = Array.from({ length: n }, () =>
        startWorker([
          fileOf(cells, delayMs),
          '--queue',
          redis.url,
          '--queue-name',
          queueName,
          '--concurrency',
          String(concurrency),
          '--in-process',
        ]),
      );
      await Promise.all(workers.map((worker) => worker.waiting));
      const experiment = await loadExperiment(fileOf(cells, delayMs));
      // A worker that fails (it refused the run, it crashed) stops the measurement rather than leaving it waiting.
      const stop = new AbortController();
      for (const worker of workers)
        void worker.done.then((end) => {
          if (end.code !== 0) stop.abort(new Error(`a worker exited ${end.code}: ${end.stderr}`));
        });
      const started = performance.now();
      const summary = await runDistributed(experiment, {
        signal: stop.signal,
        queue,
        queueName,
        outDir: join(tmpDir, `distributed-${queueName}`),
        command: ['bench'],
        onNotice: () => undefined,
      });
      const wallMs = performance.now() - started;
      if (stop.signal.aborted) throw stop.signal.reason;
      if (summary.ok !== cells) throw new Error(`distributed, ${n} workers: ${summary.ok} of ${cells} cells ok`);
      for (const end of await Promise.all(workers.map((w) => w.done)))
        if (end.code !== 0) throw new Error(`a worker exited ${end.code}: ${end.stderr}`);
      return wallMs;
    };
    const local = async (cells: number, delayMs: number, tag: string): Promise<number> => {
      const experiment = await loadExperiment(fileOf(cells, delayMs));
      const started = performance.now();
      const summary = await runExperiment(experiment, {
        isolation: 'in-process',
        concurrency,
        outDir: join(tmpDir, `local-${tag}-${Date.now()}`),
        command: ['bench'],
      });
      const wallMs = performance.now() - started;
      if (summary.ok !== cells) throw new Error(`local: ${summary.ok} of ${cells} cells ok`);
      return wallMs;
    };

    const figures = [];
    for (const n of counts) {
      const walls: number[] = [];
      for (let r = 0; r < runs; r++) {
        log(`distributed: ${n} worker(s) x ${concurrency}, ${TARGET_MS} ms target, run ${r + 1}/${runs}`);
        walls.push(await distributed(n, slowCells, TARGET_MS, 'slow'));
      }
      const idealMs = (slowCells * TARGET_MS) / (n * concurrency);
      const wall = measured(`${n} worker(s) x ${concurrency}, ${TARGET_MS} ms target: wall`, 'ms', walls);
      figures.push(
        wall,
        derived(`${n} worker(s): cells/s`, 'cells/s', slowCells / (wall.value / 1000)),
        derived(`${n} worker(s): wall / ideal (${idealMs.toFixed(0)} ms)`, 'x', wall.value / idealMs),
      );
    }
    const queued: number[] = [];
    const inProcess: number[] = [];
    for (let r = 0; r < runs; r++) {
      log(`distributed: queue overhead, instant target, run ${r + 1}/${runs}`);
      queued.push(await distributed(1, instantCells, 0, 'instant'));
      inProcess.push(await local(instantCells, 0, 'instant'));
    }
    const perCell = (ms: number) => (ms * 1000) / instantCells;
    figures.push(
      measured(`instant target, 1 worker x ${concurrency} through the queue: wall per cell`, 'µs', queued.map(perCell)),
      measured(`instant target, local run (c = ${concurrency}): wall per cell`, 'µs', inProcess.map(perCell)),
      derived(
        'queue overhead per cell (distributed - local)',
        'µs',
        perCell(queued.reduce((a, b) => a + b, 0) / runs - inProcess.reduce((a, b) => a + b, 0) / runs),
      ),
      derived('distributed / local, instant target (wall, paired runs)', 'x', pairedRatio(queued, inProcess)),
    );
    return {
      parameters: { slowCells, instantCells, workers: counts, concurrency, targetMs: TARGET_MS, runs },
      figures,
      notes: [
        'Every process (coordinator, workers, redis-server) shares the machine: on 2 shared cores, 8 worker processes compete for CPU with the coordinator and Redis, so the scaling measured here is a floor, not what 8 machines give.',
        'A cell through the queue costs BullMQ round trips on both sides (the worker takes the job, sends the result as a job, completes its job; the coordinator takes the result, stores it, fsyncs, acknowledges and removes the cell job), which the local run has none of.',
        `Load average (1 min) of the machine: ${loadAtStart.toFixed(1)} when this benchmark started, ${loadavg()[0]!.toFixed(1)} when it ended; with other work on the machine, the wall / ideal figures measure its contention more than the queue.`,
        'Worker start (about 3 s of CPU each from the sources through tsx) is outside the timed part: the workers wait for the run before the clock starts.',
      ],
    };
  } finally {
    await redis.stop();
  }
}

export const distributedScenario: Scenario = { name: 'distributed', title: 'Distributed runs (BullMQ on Redis)', run };
