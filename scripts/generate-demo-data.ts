/**
 * Generate verdict's demo data set.
 *
 *   npx tsx scripts/generate-demo-data.ts [output directory, default datasets]
 *
 * What it models: 400 short questions with one exact answer each (80 per category: arithmetic, unit
 * conversions, weekdays of dates, reversing words, counting letters), each with a latent difficulty on
 * the logit scale. Two simulated versions of one model answer them (src/demo/simulated-model.ts):
 * "model-v1" (baseline) and "model-v2" (a cheaper, faster candidate) whose true pass rate is 4 points
 * lower overall: 18 points lower on dates, 5 points higher on strings, a little lower elsewhere. The
 * runner adds sampling noise, latency, cost, transient faults, slow and hanging calls when it runs them.
 *
 * Writes datasets/demo-items.jsonl (the items, as any experiment reads them) and datasets/demo-latent.json
 * (the hidden difficulties, model parameters and true pass rates). Seeded: running it again writes the
 * same bytes. `verdict demo` (npm run demo) runs the experiment on these files.
 */
import { mkdir } from 'node:fs/promises';
import { writeDemoData } from '../src/demo/demo-data-files';
import { generateDemoData } from '../src/demo/generate-demo-data';

const directory = process.argv[2] ?? 'datasets';
const data = generateDemoData();
await mkdir(directory, { recursive: true });
await writeDemoData(data, directory);

const points = (value: number) => `${value >= 0 ? '+' : ''}${(100 * value).toFixed(1)}`;
const { overall, byCategory } = data.truth;
process.stdout.write(`wrote ${data.items.length} items to ${directory}/ (seed ${data.seed})\n`);
process.stdout.write(
  `true pass rates: model-v1 ${(100 * overall.baseline).toFixed(1)}%, model-v2 ${(100 * overall.candidate).toFixed(1)}% (${points(overall.difference)} points)\n`,
);
for (const [category, row] of Object.entries(byCategory)) {
  process.stdout.write(`  ${category.padEnd(10)} ${points(row.difference)} points (n = ${row.n})\n`);
}
