/**
 * Runner memory (issue 6, item 2): peak RSS of a child process that runs an experiment with the store on, at two
 * sizes ten times apart. The same child with the items built but not run gives the input's own share, so what
 * the runner adds is separated from what the experiment's items cost (the items are an in-memory array, a
 * given of the API). Goal: the runner's share grows by no more than a few tens of MB from the small size to the
 * large one, since records are streamed to disk, not held.
 */

import { join } from 'node:path';
import { bundleScript } from '../harness/bundle-script';
import { derived, measured } from '../harness/figures';
import { projectPath } from '../harness/project-path';
import { runNodeChild } from '../harness/run-child';
import type { BenchMode, Scenario, ScenarioContext, ScenarioOutcome } from '../harness/types';

const SIZES: Record<BenchMode, { cells: readonly [number, number]; runs: number }> = {
  smoke: { cells: [200, 2_000], runs: 1 },
  quick: { cells: [10_000, 100_000], runs: 3 },
  full: { cells: [100_000, 1_000_000], runs: 3 },
};
/** "A few tens of MB". */
const GROWTH_GOAL_MB = 50;
const CHILD = projectPath('bench', 'children', 'runner-memory-child.ts');
const MB = 1e6;

/** Peak RSS and peak live heap (after forced GCs) of one child, in MB. */
async function measureChild(
  child: string,
  cells: number,
  itemsOnly: boolean,
  tmpDir: string,
): Promise<{ rss: number; heap: number }> {
  const args = [String(cells), join(tmpDir, 'runner-memory-run'), ...(itemsOnly ? ['--items-only'] : [])];
  const run = await runNodeChild(['--expose-gc', child], args, { tmpDir });
  const done = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { executed: number; peakLiveHeapBytes: number };
  if (!itemsOnly && done.executed !== cells)
    throw new Error(`runner-memory child executed ${done.executed} of ${cells}`);
  return { rss: run.peakRssBytes / MB, heap: done.peakLiveHeapBytes / MB };
}

async function run({ mode, tmpDir, log }: ScenarioContext): Promise<ScenarioOutcome> {
  const { cells, runs } = SIZES[mode];
  const figures = [];
  const rssShare: number[] = [];
  const heapShare: number[] = [];
  const child = await bundleScript(CHILD, tmpDir);
  for (const size of cells) {
    const ran: { rss: number; heap: number }[] = [];
    const built: { rss: number; heap: number }[] = [];
    for (let r = 0; r < runs; r++) {
      log(`runner memory: ${size} cells, run ${r + 1}/${runs}`);
      ran.push(await measureChild(child, size, false, tmpDir));
      built.push(await measureChild(child, size, true, tmpDir));
    }
    const rss = measured(
      `peak RSS, ${size} cells run with the store on`,
      'MB',
      ran.map((m) => m.rss),
    );
    const rssItems = measured(
      `peak RSS, the same ${size / 2} items built, not run`,
      'MB',
      built.map((m) => m.rss),
    );
    const heap = measured(
      `peak live heap during the run (after forced GC), ${size} cells`,
      'MB',
      ran.map((m) => m.heap),
    );
    const heapItems = measured(
      `live heap of the ${size / 2} items alone`,
      'MB',
      built.map((m) => m.heap),
    );
    figures.push(rss, rssItems, heap, heapItems);
    rssShare.push(rss.value - rssItems.value);
    heapShare.push(heap.value - heapItems.value);
  }
  const [small, large] = cells;
  const goal = { text: `<= ${GROWTH_GOAL_MB} MB`, met: (v: number) => v <= GROWTH_GOAL_MB };
  figures.push(
    derived(`peak RSS growth beyond the items, ${small} -> ${large} cells`, 'MB', rssShare[1]! - rssShare[0]!, goal),
    derived(`live heap growth beyond the items, ${small} -> ${large} cells`, 'MB', heapShare[1]! - heapShare[0]!, goal),
  );
  return {
    parameters: {
      cells,
      variants: 2,
      concurrency: 64,
      target: 'instant',
      store: 'on',
      processes: 'one bundled node child per run',
    },
    figures,
    notes: [
      'Peak RSS is the kernel high-water mark (getrusage ru_maxrss) of a fresh `node` child running the bundled benchmark (as dist/ is bundled), so it includes Node itself (about 45 MB). It also counts garbage V8 has not collected yet: V8 sizes its heap to the allocation rate, so RSS overstates what the runner holds. The live heap, sampled after a forced full GC ten times during the run, is what it holds.',
    ],
  };
}

export const runnerMemory: Scenario = { name: 'runner-memory', title: 'Runner memory', run };
