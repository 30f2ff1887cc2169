/**
 * Heap of a long in-memory run, sampled after a forced GC every 20 000 cells: it must stay flat, since
 * runExperiment keeps counters, not records (results: bench/results/runner-overhead.md).
 * Run: node --expose-gc --import tsx bench/runner-memory.ts [items]   (cells = 2 x items)
 */
import { exactMatch, runExperiment } from '../src/index';

const nItems = Number(process.argv[2] ?? 100_000);
const items = Array.from({ length: nItems }, (_, i) => ({ id: i, input: i, expected: String(i % 7) }));
const answer = (input: unknown) => String((input as number) % 7);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');
const samples: string[] = [];
let seen = 0;
const started = performance.now();
const cpuStart = process.cpuUsage();
const summary = await runExperiment(
  { name: 'memory', items, variants: { A: answer, B: answer }, score: exactMatch() },
  {
    concurrency: 16,
    onResult: () => {
      if (++seen % 20_000 !== 0) return;
      gc();
      samples.push(`${seen}: ${(process.memoryUsage().heapUsed / 1e6).toFixed(1)} MB`);
    },
  },
);
const cpu = process.cpuUsage(cpuStart);
console.log(samples.join('\n'));
console.log(
  `${summary.executed} cells in ${(performance.now() - started).toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU` +
    ` (${((cpu.user + cpu.system) / summary.executed).toFixed(1)} µs CPU per cell)`,
);
