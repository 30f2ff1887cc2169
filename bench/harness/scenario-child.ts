/**
 * Runs one benchmark in a process of its own, from a bundle (bench/harness/run-benchmarks.ts builds it with
 * esbuild, as tsup builds dist/): each scenario starts on a fresh heap, and what is timed is the code users run,
 * not a TypeScript loader's wrappers around it. Progress goes to stderr; the outcome is one JSON line on stdout.
 * Run: node <bundle> <scenario name> <mode> <tmpDir>
 */
import { SCENARIOS } from '../scenarios/index';
import type { BenchMode } from './types';

const [name, mode, tmpDir] = process.argv.slice(2) as [string, BenchMode, string];
const scenario = SCENARIOS.find((s) => s.name === name);
if (scenario === undefined) throw new Error(`bench: unknown benchmark "${name}"`);
const outcome = await scenario.run({ mode, tmpDir, log: (message) => process.stderr.write(`${message}\n`) });
process.stdout.write(`${JSON.stringify(outcome)}\n`);
