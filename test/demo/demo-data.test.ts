import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_ITEMS_FILE, DEMO_LATENT_FILE, readDemoData, writeDemoData } from '../../src/demo/demo-data-files';
import { DEMO_CATEGORIES } from '../../src/demo/demo-tasks';
import { DEMO_TRUE_DIFFERENCES, generateDemoData } from '../../src/demo/generate-demo-data';

const directory = await mkdtemp(join(tmpdir(), 'verdict-demo-data-'));
afterAll(() => rm(directory, { recursive: true, force: true }));
const generated = generateDemoData();

describe('demo data', () => {
  it('is what scripts/generate-demo-data.ts writes: the committed files are up to date', async () => {
    await writeDemoData(generated, directory);
    for (const file of [DEMO_ITEMS_FILE, DEMO_LATENT_FILE]) {
      const committed = await readFile(join('datasets', file), 'utf8');
      expect(committed, `datasets/${file} is stale: run npx tsx scripts/generate-demo-data.ts`).toBe(
        await readFile(join(directory, file), 'utf8'),
      );
    }
  });

  it('reads back from datasets/ through the runner item loader as the generator made it', async () => {
    const read = await readDemoData('datasets');
    expect(read.items).toEqual(generated.items);
    expect(read.models).toEqual(generated.models);
    expect(read.truth).toEqual(generated.truth);
  });

  it('has unique ids and the same number of items in every category', () => {
    expect(new Set(generated.items.map((item) => item.id)).size).toBe(generated.items.length);
    const counts = DEMO_CATEGORIES.map((c) => generated.items.filter((item) => item.tags.category === c).length);
    expect(new Set(counts).size).toBe(1);
  });

  it('gives the candidate exactly the true difference it was calibrated to, per category and overall', () => {
    const targets = DEMO_CATEGORIES.map((category) => DEMO_TRUE_DIFFERENCES[category]);
    for (const category of DEMO_CATEGORIES) {
      expect(generated.truth.byCategory[category].difference).toBeCloseTo(DEMO_TRUE_DIFFERENCES[category], 5);
    }
    const mean = targets.reduce((sum, d) => sum + d, 0) / targets.length;
    expect(generated.truth.overall.difference).toBeCloseTo(mean, 5);
    expect(generated.truth.overall.difference).toBeLessThan(0);
  });
});
