import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type CliResult, resultLines } from '../cli/run-cli-process';

export interface StoppedClaims {
  /** Why the run stopped. @default 'decided' (finding `worse`) */
  readonly reason?: 'decided' | 'max-items';
  /** Cells of an item: variants x samples. @default 2 */
  readonly cellsPerItem?: number;
  /** Cells stored as errors were run again (--retry-errors): such a key has two lines, the later one counting. */
  readonly retried?: boolean;
}

/**
 * The claims of a `verdict run --queue --stop-early` that stopped early: it exited cleanly, its manifest says
 * completed and why, every cell is stored once (`retried`: at most twice, an error then its retry), every item with a
 * stored cell is whole (`cellsPerItem` cells), counted once as started and, all its cells `ok`, a pair. Returns each
 * stored item's count of cells and each stored cell's latest record by key.
 */
export function expectStoppedWhole(
  ended: CliResult,
  out: string,
  { reason = 'decided', cellsPerItem = 2, retried = false }: StoppedClaims = {},
): { items: Map<string, number>; latest: Map<string, { key: string; item: string; status: string }> } {
  expect(ended.stderr).toBe('');
  expect(ended.code).toBe(0);
  expect(ended.stdout).toMatch(
    reason === 'decided' ? /stopped early: decided \(worse at pair \d+\)/ : /stopped early: max-items/,
  );
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  expect(manifest.status).toBe('completed');
  expect(manifest.stopping).toMatchObject({ reason, ...(reason === 'decided' ? { finding: 'worse' } : {}) });
  const lines = resultLines(out).map((line) => JSON.parse(line) as { key: string; item: string; status: string });
  const latest = new Map(lines.map((line) => [line.key, line]));
  const keys = lines.map((line) => line.key);
  const again = keys.filter((key, i) => keys.indexOf(key) !== i);
  if (retried) expect(again.filter((key, i) => again.indexOf(key) !== i)).toEqual([]);
  else expect(again).toEqual([]);
  const perItem = new Map<string, number>();
  const failed = new Set<string>();
  for (const { item, status } of latest.values()) {
    perItem.set(item, (perItem.get(item) ?? 0) + 1);
    if (status !== 'ok') failed.add(item);
  }
  expect([...perItem].filter(([, count]) => count !== cellsPerItem)).toEqual([]);
  expect(manifest.stopping.itemsStarted).toBe(perItem.size);
  expect(manifest.stopping.pairs).toBe(perItem.size - failed.size);
  return { items: perItem, latest };
}
