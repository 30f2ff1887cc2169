/**
 * Start-up of the built CLI beside a bare `node -e 0`, alternating runs, median of each (hyperfine-like; never a
 * timed test). Build first (`npx tsup`). Run: npx tsx bench/startup.ts [--runs 15]
 * Writes nothing: prints one line per command with its median wall time and its ratio to `node -e 0`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateResults } from './generate-results';
import { median } from './harness/median';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
const runs = Number(values.runs);
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
const cli = join(process.cwd(), 'dist', 'cli.js');
const commands: [string, string[]][] = [
  ['node -e 0', ['-e', '0']],
  ['verdict --version', [cli, '--version']],
  [
    'verdict compare (500 items, --by, --json)',
    [cli, 'compare', results, '--by', 'tags.category', '--json', join(dir, 'o.json')],
  ],
  ['verdict compare ... --html', [cli, 'compare', results, '--by', 'tags.category', '--html', join(dir, 'o.html')]],
];
const times = commands.map(() => [] as number[]);
for (let run = 0; run < runs; run++) {
  commands.forEach(([, args], i) => {
    const start = process.hrtime.bigint();
    spawnSync(process.execPath, args, { stdio: 'ignore' });
    times[i]!.push(Number(process.hrtime.bigint() - start) / 1e6);
  });
}
const reference = median(times[0]!);
commands.forEach(([name], i) => {
  const ms = median(times[i]!);
  console.log(`${name.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms  ${(ms / reference).toFixed(2)}x node -e 0`);
});
rmSync(dir, { recursive: true, force: true });
