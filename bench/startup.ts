/**
 * Start-up of the built CLI beside a bare `node -e 0`, alternating runs, median of each (hyperfine-like; never a
 * timed test). Build first (`npx tsup`). Run: npx tsx bench/startup.ts [--runs 15] [--cli dist/cli.js ...]
 * Each `--cli` is a built CLI (another worktree's dist/cli.js, to measure before and after side by side, run by
 * run); the default is this tree's dist/cli.js. Every child runs under GNU time, so beside the wall time the
 * median CPU time (user + system, less sensitive to a loaded machine) is printed. Writes nothing: prints the
 * machine, the load average before and after, and one line per command with its medians and ratios to `node -e 0`.
 * The CLI's V8 code cache (src/cli/cli-bundle.ts) lives in a directory of this run (`VERDICT_CACHE_DIR`), written by
 * the first run of each command and used by the others; the lines marked "no code cache" start each run from an
 * empty one (what a user's first run after an install or an upgrade pays).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateResults } from './generate-results';
import { machineInfo } from './harness/machine-info';
import { median } from './harness/median';
import { runTimed } from './harness/run-timed';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '15' }, cli: { type: 'string', multiple: true } },
});
const runs = Number(values.runs);
const clis = (values.cli ?? [join('dist', 'cli.js')]).map((cli) => resolve(cli));
const dir = mkdtempSync(join(tmpdir(), 'verdict-startup-'));
const results = join(dir, 'results.jsonl');
generateResults(results, {
  items: 500,
  samples: 1,
  variants: [
    { name: 'A', passRate: 0.7 },
    { name: 'B', passRate: 0.69 },
  ],
  statusMix: { error: 0.01, timeout: 0.005, skipped: 0.002 },
  tagValues: 8,
  seed: 1,
});
const commandsOf = (cli: string, label: string): [string, string[], { coldCache?: boolean }?][] => [
  [`${label}verdict --version`, [cli, '--version']],
  [`${label}verdict --help`, [cli, '--help']],
  [
    `${label}verdict compare (500 items, --by, --json)`,
    [cli, 'compare', results, '--by', 'tags.category', '--json', join(dir, 'o.json')],
  ],
  [
    `${label}verdict compare ... --html`,
    [cli, 'compare', results, '--by', 'tags.category', '--html', join(dir, 'o.html')],
  ],
  [
    `${label}verdict compare ... --json, no code cache`,
    [cli, 'compare', results, '--by', 'tags.category', '--json', join(dir, 'o.json')],
    { coldCache: true },
  ],
];
const warmCache = join(dir, 'code-cache');
const commands: [string, string[], { coldCache?: boolean }?][] = [
  ['node -e 0', ['-e', '0']],
  ...clis.flatMap((cli, i) => commandsOf(cli, clis.length > 1 ? `[${i + 1}] ` : '')),
];
const { node, cpu, cores } = machineInfo();
console.log(
  `${node}, ${cores} x ${cpu}, ${runs} runs, ${new Date().toISOString()}, load average ${loadavg().join(' ')}`,
);
for (const [i, cli] of clis.entries()) console.log(`[${i + 1}] ${cli}`);
const wall = commands.map(() => [] as number[]);
const cpuTimes = commands.map(() => [] as number[]);
for (let run = 0; run < runs; run++) {
  for (const [i, [, args, { coldCache = false } = {}]] of commands.entries()) {
    process.env.VERDICT_CACHE_DIR = coldCache ? mkdtempSync(join(dir, 'cold-cache-')) : warmCache;
    // Every command exits 0 on this file (compare: passed), so a broken build fails here, not as a fast figure.
    const timed = await runTimed(process.execPath, args, { tmpDir: dir });
    wall[i]!.push(timed.wallMs);
    cpuTimes[i]!.push(timed.cpuMs);
  }
}
const referenceWall = median(wall[0]!);
const referenceCpu = median(cpuTimes[0]!);
for (const [i, [name]] of commands.entries()) {
  const ms = median(wall[i]!);
  const cpuMs = median(cpuTimes[i]!);
  console.log(
    `${name.padEnd(48)} wall ${ms.toFixed(0).padStart(5)} ms ${(ms / referenceWall).toFixed(2).padStart(6)}x` +
      `   cpu ${cpuMs.toFixed(0).padStart(5)} ms ${(cpuMs / referenceCpu).toFixed(2).padStart(6)}x`,
  );
}
console.log(`load average after: ${loadavg().join(' ')}`);
rmSync(dir, { recursive: true, force: true });
