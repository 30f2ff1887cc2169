import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What must be the same, cell for cell, between a killed-and-resumed run and an uninterrupted one. */
export interface CellOutcome {
  readonly status: string;
  readonly pass?: boolean;
  readonly output?: unknown;
  readonly error?: string;
  readonly attempts: number;
  readonly seed: number;
}

/** A run directory's results.jsonl as raw text (empty when there is none). */
export const resultsText = (dir: string): string =>
  existsSync(join(dir, 'results.jsonl')) ? readFileSync(join(dir, 'results.jsonl'), 'utf8') : '';

/**
 * Each stored cell's outcome by key, from the whole lines of results.jsonl, with the keys that were
 * stored more than once (which must be none).
 */
export function runOutcomes(dir: string): { outcomes: Map<string, CellOutcome>; duplicates: string[] } {
  const text = resultsText(dir);
  const outcomes = new Map<string, CellOutcome>();
  const duplicates: string[] = [];
  for (const line of text.slice(0, text.lastIndexOf('\n') + 1).split('\n')) {
    if (line === '') continue;
    const { key, status, pass, output, error, attempts, seed } = JSON.parse(line) as CellOutcome & { key: string };
    if (outcomes.has(key)) duplicates.push(key);
    outcomes.set(key, { status, pass, output, error, attempts, seed });
  }
  return { outcomes, duplicates };
}

/** Counts of each status among outcomes. */
export function statusCounts(outcomes: ReadonlyMap<string, CellOutcome>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { status } of outcomes.values()) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}
