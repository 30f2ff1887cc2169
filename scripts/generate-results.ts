/**
 * Write a seeded synthetic results file (bench/generate-results.ts), streamed to disk, e.g. for the benchmarks
 * or to try `verdict compare` on a million items.
 * Run: npx tsx scripts/generate-results.ts --items 1000000 --out big.jsonl [--samples 5]
 *      [--variants A:0.70,B:0.69] [--errors 0.01] [--timeouts 0.005] [--skipped 0.002] [--tags 8] [--seed 1]
 *      (an --out ending in .csv writes CSV, tags as tags.category and tags.split columns)
 */
import { parseArgs } from 'node:util';
import { generateResults, type SyntheticVariant } from '../bench/generate-results';

/** `--variants A:0.7,B:0.69` into variants. */
function parseVariants(text: string): SyntheticVariant[] {
  return text.split(',').map((part) => {
    const [name, rate] = part.split(':');
    const passRate = Number(rate);
    if (!name || !(passRate > 0 && passRate < 1))
      throw new RangeError(`--variants: expected name:rate with 0 < rate < 1, got "${part}"`);
    return { name, passRate };
  });
}

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '100000' },
    out: { type: 'string', default: 'bench/.tmp/results.jsonl' },
    samples: { type: 'string', default: '1' },
    variants: { type: 'string', default: 'A:0.7,B:0.69' },
    errors: { type: 'string', default: '0.01' },
    timeouts: { type: 'string', default: '0.005' },
    skipped: { type: 'string', default: '0.002' },
    tags: { type: 'string', default: '8' },
    seed: { type: 'string', default: '1' },
  },
});
const written = generateResults(values.out, {
  items: Number(values.items),
  samples: Number(values.samples),
  variants: parseVariants(values.variants),
  statusMix: { error: Number(values.errors), timeout: Number(values.timeouts), skipped: Number(values.skipped) },
  tagValues: Number(values.tags),
  seed: Number(values.seed),
  format: values.out.endsWith('.csv') ? 'csv' : 'jsonl',
});
console.log(`${written.file}: ${written.rows} rows, ${(written.bytes / 1e6).toFixed(1)} MB`);
