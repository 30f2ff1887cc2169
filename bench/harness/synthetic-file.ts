import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type GeneratedResults, generateResults } from '../generate-results';

/** The seed every benchmark's synthetic results are drawn with. */
export const BENCH_DATA_SEED = 6;

/**
 * The synthetic results file of `items` items x 2 variants (A, and B a point worse) in `tmpDir`, generated once
 * per benchmark invocation and shared by the scenarios that read it.
 * @example const { file } = syntheticFile('bench/.tmp/run-1', 100_000)
 */
export function syntheticFile(tmpDir: string, items: number): GeneratedResults {
  const file = join(tmpDir, `results-${items}-seed${BENCH_DATA_SEED}.jsonl`);
  if (existsSync(file)) return { file, rows: items * 2, bytes: statSync(file).size };
  return generateResults(file, { items, seed: BENCH_DATA_SEED });
}

/**
 * `verdict compare` of a synthetic file as the analysis benchmarks run it: A the baseline, B the candidate (a point
 * worse), per `tags.category`, the JSON report written to `json`.
 * @example compareArgs('results.jsonl', 'out.json') // ['compare', 'results.jsonl', '--baseline', 'A', ...]
 */
export function compareArgs(file: string, json: string): string[] {
  return ['compare', file, '--baseline', 'A', '--candidate', 'B', '--by', 'tags.category', '--json', json];
}
