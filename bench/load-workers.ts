/**
 * Does loading a JSON Lines file on worker threads pay (issue 14)? The load of `compare --by tags.category` alone
 * (bench/children/load-results-child.ts, bundled as tsup bundles the CLI, its worker beside it) on one thread and
 * on one worker per core, alternating (ABBA) on the same file under GNU time: medians of wall, CPU and peak RSS,
 * and the ratio of each pair.
 *
 *   npx tsx bench/load-workers.ts --items 1000000 --runs 5 [--file results.jsonl]
 *
 * `--file` reads that file instead of generating one (`scripts/generate-results.ts --items N --seed 6` writes the
 * same file as the generated one of N items).
 *
 * Prints a Markdown table (with the command, machine and load average) for BENCHMARKS.md.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bundleScript } from './harness/bundle-script';
import { machineInfo } from './harness/machine-info';
import { median } from './harness/median';
import { projectPath } from './harness/project-path';
import { runTimed, type TimedRun } from './harness/run-timed';
import { syntheticFile } from './harness/synthetic-file';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '5' },
    file: { type: 'string' },
  },
});
const items = Number(values.items);
const runs = Number(values.runs);
if (!Number.isInteger(items) || items < 10) throw new Error(`--items: expected an integer >= 10, got ${values.items}`);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: expected an integer >= 1, got ${values.runs}`);

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const scratch = mkdtempSync(join(tmpdir(), 'verdict-load-workers-'));
try {
  // Inside the project, so that its packages resolve from node_modules as dist/'s do.
  const child = await bundleScript(
    projectPath('bench/children/load-results-child.ts'),
    projectPath('bench/.tmp/load-workers'),
  );
  const { file, bytes } =
    values.file === undefined
      ? syntheticFile(scratch, items)
      : { file: values.file, bytes: statSync(values.file).size };
  const workers = availableParallelism();
  const sides = { one: 1, workers } as const;
  const measured: Record<keyof typeof sides, TimedRun[]> = { one: [], workers: [] };
  const startLoad = loadAverage();
  for (let r = 0; r < runs; r++) {
    const order = r % 2 === 0 ? (['one', 'workers'] as const) : (['workers', 'one'] as const);
    for (const side of order) {
      const run = await runTimed(process.execPath, [child, file, String(sides[side])], { tmpDir: scratch });
      measured[side].push(run);
      console.error(`${side} run ${r + 1}: ${Math.round(run.wallMs)} ms wall, ${Math.round(run.cpuMs)} ms CPU`);
    }
  }
  const figures = [
    ['wall', (run: TimedRun) => run.wallMs, 'ms'],
    ['CPU (user + system)', (run: TimedRun) => run.cpuMs, 'ms'],
    ['peak RSS', (run: TimedRun) => run.peakRssBytes / 1e6, 'MB'],
  ] as const;
  const lines = [
    `Command: \`npx tsx bench/load-workers.ts --items ${items} --runs ${runs}${values.file === undefined ? '' : ' --file FILE'}\`; ${(bytes / 1e6).toFixed(1)} MB JSON Lines.`,
    `Machine: ${JSON.stringify(machineInfo())}; load average ${startLoad} at the start, ${loadAverage()} at the end; ${new Date().toISOString()}.`,
    '',
    `| figure | 1 thread (median) | ${workers} workers (median) | workers / 1 thread (median of paired runs) |`,
    '|---|---:|---:|---:|',
  ];
  for (const [name, pick, unit] of figures) {
    const one = measured.one.map(pick);
    const many = measured.workers.map(pick);
    const ratios = many.map((value, i) => value / (one[i] as number));
    lines.push(
      `| ${name} | ${Math.round(median(one)).toLocaleString('en-US')} ${unit} | ${Math.round(median(many)).toLocaleString('en-US')} ${unit} | ${median(ratios).toFixed(3)} (${ratios.map((x) => x.toFixed(2)).join(', ')}) |`,
    );
  }
  console.log(lines.join('\n'));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
