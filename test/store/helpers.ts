import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { type Experiment, exactMatch } from '../../src/index';

const made: string[] = [];

/** A fresh temporary directory, removed after the test. */
export function temporaryDirectory(): string {
  const dir = mkdtempSync(join(tmpdir(), 'verdict-store-'));
  made.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The parsed lines of a JSONL file. */
export function jsonLines(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export const COMMAND = ['verdict', 'run', 'exp.ts'];

/** Six items, two deterministic variants: A doubles, B gets odd inputs wrong. */
export function doublingExperiment(overrides: Partial<Experiment> = {}): Experiment {
  return {
    name: 'doubling',
    items: Array.from({ length: 6 }, (_, i) => ({ id: `q${i}`, input: i, expected: String(i * 2) })),
    variants: {
      A: (input) => String((input as number) * 2),
      B: (input) => String((input as number) % 2 === 1 ? 0 : (input as number) * 2),
    },
    score: exactMatch(),
    ...overrides,
  };
}
