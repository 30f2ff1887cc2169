/**
 * Child process of the runner-memory benchmark: build an experiment of `cells` cells (cells / 2 items x 2
 * variants, an instantly-resolving target) and, unless `--items-only`, run it with the store on. Peak RSS is
 * reported by the preload (bench/harness/report-peak-rss.mjs). With --expose-gc, the live heap is also sampled
 * after a forced full collection ten times during the run: what the runner really holds, as opposed to the
 * garbage V8 lets pile up before collecting (which RSS also counts). Prints one JSON line.
 * Run: node --expose-gc --import tsx bench/children/runner-memory-child.ts <cells> <outDir> [--items-only]
 */
import { runExperiment } from '../../src/runner/run-experiment';
import type { ExperimentItem } from '../../src/schema/experiment-definition';

const cells = Number(process.argv[2]);
const outDir = process.argv[3]!;
const itemsOnly = process.argv.includes('--items-only');
const gc = (globalThis as { gc?: () => void }).gc;
const liveHeap = () => {
  gc?.();
  return process.memoryUsage().heapUsed;
};
const items: ExperimentItem[] = Array.from({ length: cells / 2 }, (_, i) => ({
  id: `item-${i}`,
  input: i,
  tags: { category: `c${i % 8}` },
}));
const target = async (input: unknown) => input;
const every = Math.max(1, Math.floor(cells / 10));
let executed = 0;
let peakLiveHeapBytes = liveHeap();
if (!itemsOnly) {
  let seen = 0;
  const summary = await runExperiment(
    { name: 'bench-memory', items, variants: { A: target, B: target }, score: () => true },
    {
      outDir,
      force: true,
      concurrency: 64,
      command: ['bench'],
      onResult: () => {
        if (++seen % every === 0 && gc !== undefined) peakLiveHeapBytes = Math.max(peakLiveHeapBytes, liveHeap());
      },
    },
  );
  executed = summary.executed;
}
console.log(JSON.stringify({ cells, executed, items: items.length, peakLiveHeapBytes }));
