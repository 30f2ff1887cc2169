import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type EntryApi, publicApi, renderApiMarkdown } from '../../scripts/public-api';

/**
 * The package promises in docs/api.md exactly what its entries export. The list is read from the entry files
 * by the TypeScript compiler (types included), so a name added to or dropped from an entry without the page
 * fails here, and the values the page lists are checked at run time too.
 */
describe('the public API', () => {
  const api: EntryApi[] = publicApi();
  const byEntry = new Map(api.map((entry) => [entry.specifier, entry.names]));

  it('is what docs/api.md lists, entry by entry (npx tsx scripts/public-api.ts --write regenerates it)', () => {
    expect(readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8')).toBe(renderApiMarkdown(api));
  });

  it('exports at run time every value the page lists, and no value it does not', async () => {
    const modules: Record<string, Record<string, unknown>> = {
      verdict: await import('../../src/index'),
      'verdict/stats': await import('../../stats/index'),
      'verdict/reports': await import('../../reports/index'),
      'verdict/charts': await import('../../reports/charts/index'),
    };
    for (const [specifier, names] of byEntry) {
      const values = names.filter((name) => name.kind === 'value').map((name) => name.name);
      expect(Object.keys(modules[specifier]!).sort(), specifier).toEqual([...values].sort());
    }
  });

  it('keeps the runner and analysis internals out of the main entry, and planning in', () => {
    const main = new Set(byEntry.get('verdict')!.map((name) => name.name));
    for (const internal of [
      'runCell',
      'planCells',
      'binaryComparison',
      'decideVerdict',
      'analysePairs',
      'systemTimers',
    ])
      expect(main.has(internal), internal).toBe(false);
    for (const promised of [
      'planMcNemarPower',
      'planFromPilot',
      'compare',
      'loadResults',
      'runExperiment',
      'CellRecord',
    ])
      expect(main.has(promised), promised).toBe(true);
  });
});
