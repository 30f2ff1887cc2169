/**
 * `compare --by FIELD --json` in-process, phase by phase (issue 14): loading (`loadResults` with only the `--by`
 * field kept), comparing (`compareListingFlips`) and the JSON document written (`jsonReportBytes` to a file, as the CLI writes it), each
 * timed (wall and CPU) with the process's memory after it (`process.memoryUsage()`) and its peak RSS and peak of
 * array buffers sampled every 20 ms, so each phase's own share of the whole run's memory is read off.
 *
 *   npx tsx bench/compare-phases.ts --file results.jsonl [--by tags.category] [--json out.json] [--gc]
 *
 * `--gc` (run with `node --expose-gc --import tsx`) collects garbage after each phase, so the memory after it is
 * what the next phase keeps alive, not what is yet to be collected.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { jsonReportBytes } from '../reports/json/render-json-report';
import { compareListingFlips } from '../src/analysis/compare';
import { loadResults } from '../src/analysis/load-results';

const { values } = parseArgs({
  options: {
    file: { type: 'string' },
    by: { type: 'string', default: 'tags.category' },
    json: { type: 'string', default: '/dev/null' },
    baseline: { type: 'string', default: 'A' },
    candidate: { type: 'string', default: 'B' },
    gc: { type: 'boolean', default: false },
  },
});
if (values.file === undefined) throw new Error('--file FILE is required');
/** A full collection, twice with a pause between: array buffers are freed by a sweeper after the collection. */
const collect = async (): Promise<void> => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!values.gc || gc === undefined) return;
  gc();
  await new Promise((resolve) => setTimeout(resolve, 200));
  gc();
};

const MB = 2 ** 20;
let peakRss = 0;
let peakBuffers = 0;
const sample = () => {
  const { rss, arrayBuffers } = process.memoryUsage();
  peakRss = Math.max(peakRss, rss);
  peakBuffers = Math.max(peakBuffers, arrayBuffers);
};
const sampler = setInterval(sample, 20);

async function phase<T>(name: string, run: () => Promise<T> | T): Promise<T> {
  peakRss = 0;
  peakBuffers = 0;
  const [wall, cpu] = [performance.now(), process.cpuUsage()];
  const result = await run();
  const used = process.cpuUsage(cpu);
  sample();
  const peak = { rss: peakRss, buffers: peakBuffers };
  await collect();
  const { rss, heapUsed, arrayBuffers } = process.memoryUsage();
  const f = (bytes: number) => (bytes / MB).toFixed(0).padStart(5);
  console.log(
    `${name.padEnd(8)} wall ${((performance.now() - wall) / 1000).toFixed(2)} s, CPU ${((used.user + used.system) / 1e6).toFixed(2)} s;` +
      ` after: RSS ${f(rss)} MB, heap ${f(heapUsed)} MB, array buffers ${f(arrayBuffers)} MB;` +
      ` peak during: RSS ${f(peak.rss)} MB, array buffers ${f(peak.buffers)} MB`,
  );
  return result;
}

const file = values.file;
const results = await phase('load', () => loadResults([file], { fields: [values.by] }));
const { doc, flipListings } = await phase('compare', () =>
  compareListingFlips(
    results,
    { by: [values.by] },
    { baseline: values.baseline, candidates: [values.candidate], flipLimit: 0, command: 'verdict compare' },
  ),
);
await phase('json', () => {
  const fd = openSync(values.json, 'w');
  try {
    // Each piece written before the next is asked for, as the CLI's writeFile does: one buffer serves them.
    for (const chunk of jsonReportBytes(doc, { everyFlip: flipListings, reusePieces: true })) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
});
clearInterval(sampler);
console.log(
  `load average ${(await import('node:os'))
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
