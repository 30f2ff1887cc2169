import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type CliResult, resultLines } from '../cli/run-cli-process';

/**
 * The claims of a `verdict run --queue --stop-early` that ended decided (`worse`): it exited cleanly, its manifest
 * says completed and decided, every cell is stored once, every item with a stored cell is whole (`cellsPerItem`
 * cells: variants x samples), counted once as started, and (`pairsAreItems`, one sample) a pair. Returns each
 * stored item's count of cells.
 */
export function expectDecidedWhole(
  ended: CliResult,
  out: string,
  { cellsPerItem = 2, pairsAreItems = true }: { cellsPerItem?: number; pairsAreItems?: boolean } = {},
): Map<string, number> {
  expect(ended.stderr).toBe('');
  expect(ended.code).toBe(0);
  expect(ended.stdout).toMatch(/stopped early: decided \(worse at pair \d+\)/);
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  expect(manifest.status).toBe('completed');
  expect(manifest.stopping).toMatchObject({ reason: 'decided', finding: 'worse' });
  const lines = resultLines(out).map((line) => JSON.parse(line) as { key: string; item: string });
  const keys = lines.map((line) => line.key);
  expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([]);
  const perItem = new Map<string, number>();
  for (const { item } of lines) perItem.set(item, (perItem.get(item) ?? 0) + 1);
  expect([...perItem].filter(([, count]) => count !== cellsPerItem)).toEqual([]);
  expect(manifest.stopping.itemsStarted).toBe(perItem.size);
  if (pairsAreItems) expect(manifest.stopping.pairs).toBe(perItem.size);
  return perItem;
}
