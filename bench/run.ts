/**
 * `npm run bench`: every benchmark of issue 6, quick mode (a minute or two); `-- --full` for the issue's sizes;
 * `-- --smoke` for tiny sizes (what the test suite runs); `-- --only runner-overhead,stats-kernels` for some;
 * `-- --render` only regenerates the table in BENCHMARKS.md from bench/results.
 * Writes bench/results/<name>.json and regenerates the table in BENCHMARKS.md (not in smoke mode).
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runBenchmarks, updateMarkdown } from './harness/run-benchmarks';
import type { BenchMode } from './harness/types';

const { values } = parseArgs({
  options: {
    full: { type: 'boolean', default: false },
    smoke: { type: 'boolean', default: false },
    only: { type: 'string' },
    render: { type: 'boolean', default: false },
  },
});
if (values.full && values.smoke) throw new Error('bench: choose one of --full and --smoke');
const root = fileURLToPath(new URL('..', import.meta.url));
if (values.render) updateMarkdown(`${root}BENCHMARKS.md`, `${root}bench/results`);
else await runAll();

async function runAll(): Promise<void> {
  const mode: BenchMode = values.full ? 'full' : values.smoke ? 'smoke' : 'quick';
  const args = process.argv.slice(2);
  const results = await runBenchmarks({
    mode,
    ...(values.only === undefined ? {} : { only: values.only.split(',') }),
    resultsDir: mode === 'smoke' ? join(tmpdir(), 'verdict-bench-smoke') : `${root}bench/results`,
    tmpDir: `${root}bench/.tmp/run-${process.pid}`,
    markdownFile: mode === 'smoke' ? null : `${root}BENCHMARKS.md`,
    command: `npm run bench${args.length === 0 ? '' : ` -- ${args.join(' ')}`}`,
  });
  for (const result of results) {
    const missed = result.figures.filter((f) => f.met === false).map((f) => f.label);
    process.stderr.write(
      `bench: ${result.name}: ${(result.durationMs / 1000).toFixed(1)} s${missed.length ? `; goal missed: ${missed.join('; ')}` : ''}\n`,
    );
  }
}
