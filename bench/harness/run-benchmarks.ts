import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCENARIOS } from '../scenarios/index';
import { bundleScript } from './bundle-script';
import { machineInfo } from './machine-info';
import { projectPath } from './project-path';
import { renderBenchmarksTable, replaceBenchmarksTable } from './render-benchmarks-table';
import { runChild } from './run-child';
import type { BenchMode, BenchResult, Scenario, ScenarioOutcome } from './types';

export interface RunBenchmarksOptions {
  readonly mode: BenchMode;
  /** Run only these scenarios (by name). @default all */
  readonly only?: readonly string[];
  /** Where `<name>.json` is written. */
  readonly resultsDir: string;
  /** Scratch space inside the project (bundles there resolve node_modules); removed at the end. */
  readonly tmpDir: string;
  /** BENCHMARKS.md to regenerate from every result in `resultsDir`; null leaves it alone. @default null */
  readonly markdownFile?: string | null;
  /** The command recorded with each result. */
  readonly command: string;
  /** @default a line on stderr */
  readonly log?: (message: string) => void;
}

/**
 * Run the benchmarks one after the other (never in parallel: they would measure each other), each in a fresh
 * process from a bundle (bench/harness/scenario-child.ts), write each one's
 * result with the machine and the command to `resultsDir/<name>.json`, and regenerate the table in
 * `markdownFile` from every result recorded there (so running one scenario keeps the others' figures).
 * @throws {RangeError} for an unknown scenario name
 * @returns the results of this invocation
 */
export async function runBenchmarks(options: RunBenchmarksOptions): Promise<BenchResult[]> {
  const { mode, only, resultsDir, tmpDir, markdownFile = null, command } = options;
  const log = options.log ?? ((message: string) => process.stderr.write(`bench: ${message}\n`));
  const chosen = selectScenarios(only);
  mkdirSync(resultsDir, { recursive: true });
  mkdirSync(tmpDir, { recursive: true });
  const machine = machineInfo();
  const results: BenchResult[] = [];
  try {
    const child = await bundleScript(projectPath('bench', 'harness', 'scenario-child.ts'), tmpDir);
    for (const scenario of chosen) {
      log(`${scenario.name} (${mode})`);
      const date = new Date().toISOString();
      const started = performance.now();
      const { stdout } = await runChild(process.execPath, [child, scenario.name, mode, tmpDir], { onStderrLine: log });
      const outcome = JSON.parse(stdout.trim().split('\n').at(-1)!) as ScenarioOutcome;
      const result: BenchResult = {
        name: scenario.name,
        title: scenario.title,
        mode,
        command,
        date,
        durationMs: performance.now() - started,
        machine,
        ...outcome,
      };
      writeFileSync(join(resultsDir, `${scenario.name}.json`), `${JSON.stringify(result, null, 2)}\n`);
      results.push(result);
      // After each benchmark, so that a later one failing keeps the figures already measured.
      if (markdownFile !== null) updateMarkdown(markdownFile, resultsDir);
    }
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
  return results;
}

/**
 * Regenerate the table of `markdownFile` from every result recorded in `resultsDir`, leaving the hand-written
 * text around it alone (`npm run bench -- --render`).
 */
export function updateMarkdown(markdownFile: string, resultsDir: string): void {
  const text = existsSync(markdownFile) ? readFileSync(markdownFile, 'utf8') : '# Benchmarks\n';
  writeFileSync(markdownFile, replaceBenchmarksTable(text, renderBenchmarksTable(readRecordedResults(resultsDir))));
}

function selectScenarios(only: readonly string[] | undefined): readonly Scenario[] {
  if (only === undefined || only.length === 0) return SCENARIOS;
  const names = SCENARIOS.map((s) => s.name);
  for (const name of only)
    if (!names.includes(name))
      throw new RangeError(`bench: unknown benchmark "${name}"; the benchmarks are ${names.join(', ')}`);
  return SCENARIOS.filter((s) => only.includes(s.name));
}

/** Every result recorded in `resultsDir`, in the scenarios' order. */
function readRecordedResults(resultsDir: string): BenchResult[] {
  const files = new Set(readdirSync(resultsDir));
  return SCENARIOS.filter((s) => files.has(`${s.name}.json`)).map(
    (s) => JSON.parse(readFileSync(join(resultsDir, `${s.name}.json`), 'utf8')) as BenchResult,
  );
}
