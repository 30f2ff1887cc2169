/**
 * `verdict compare` of two revisions of this repository side by side, for "no slowdown" claims (issue 12: a
 * restructuring must not make `compare` slower). Each revision is exported with `git archive` into a scratch
 * folder, its CLI bundled as tsup bundles dist/cli.js (packages resolved from this checkout's node_modules), and
 * both run on the same synthetic file under GNU time, alternating (ABBA) so that the machine's drift falls on both
 * sides; medians of wall, CPU and peak RSS per mode, and the ratio after / before of each paired run.
 *
 *   npx tsx bench/compare-revisions.ts --before 5f5c7f0 --after HEAD --items 1000000 --runs 3 [--format csv]
 *
 * Writes bench/results/compare-revisions.md (the table, the command, the machine).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { generateResults } from './generate-results';
import { NODE_BUNDLE, WORKER_ENTRIES } from './harness/bundle-script';
import { machineInfo } from './harness/machine-info';
import { median } from './harness/median';
import { projectPath } from './harness/project-path';
import { runTimed, type TimedRun } from './harness/run-timed';
import { BENCH_DATA_SEED, compareArgs } from './harness/synthetic-file';

const { values } = parseArgs({
  options: {
    before: { type: 'string' },
    after: { type: 'string', default: 'HEAD' },
    items: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    /** jsonl, or csv: the same rows as a verdict results CSV (tags as tags.category, tags.split columns). */
    format: { type: 'string', default: 'jsonl' },
  },
});
const format = values.format === 'csv' ? 'csv' : 'jsonl';
if (values.format !== format) throw new Error(`--format: expected jsonl or csv, got ${values.format}`);
if (values.before === undefined) throw new Error('--before REV is required (a commit, tag or branch)');
const items = Number(values.items);
const runs = Number(values.runs);
if (!Number.isInteger(items) || items < 10) throw new Error(`--items: expected an integer >= 10, got ${values.items}`);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: expected an integer >= 1, got ${values.runs}`);

const root = projectPath('.');
const git = (...args: string[]) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8' }).trim();
const revisions = {
  before: git('rev-parse', '--short', values.before),
  after: git('rev-parse', '--short', values.after),
};

const scratch = mkdtempSync(join(tmpdir(), 'verdict-revisions-'));

/** The revision's tree in `scratch/<name>`, its CLI bundled there (the project inlined, packages external). */
async function bundleRevision(name: string, revision: string): Promise<string> {
  const dir = join(scratch, name);
  mkdirSync(dir);
  execFileSync('sh', ['-c', `git -C "${root}" archive "${revision}" | tar -x -C "${dir}"`]);
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const outfile = join(dir, 'bundle', 'cli.mjs');
  await build({
    ...NODE_BUNDLE,
    entryPoints: [join(dir, 'src/cli/main.ts')],
    outfile,
  });
  // Its worker threads' modules beside the bundle, as tsup's dist/ has them (a revision has those it has).
  for (const [name, source] of WORKER_ENTRIES)
    if (existsSync(join(dir, source)))
      await build({ ...NODE_BUNDLE, entryPoints: [join(dir, source)], outfile: join(dir, 'bundle', `${name}.js`) });
  return outfile;
}

/** No reports; per category, no reports; per category with the JSON document (which lists every flip). */
type Mode = 'plain' | 'by-category' | 'by-category-json';
const MODES: readonly Mode[] = ['plain', 'by-category', 'by-category-json'];
const MODE_LABELS: Record<Mode, string> = {
  plain: '`compare` (no reports)',
  'by-category': '`compare --by tags.category`',
  'by-category-json': '`compare --by tags.category --json`',
};

try {
  const cli = {
    before: await bundleRevision('before', revisions.before),
    after: await bundleRevision('after', revisions.after),
  };
  const { file, bytes } = generateResults(join(scratch, `results-${items}.${format}`), {
    items,
    seed: BENCH_DATA_SEED,
    format,
  });
  const argsFor = (mode: Mode, side: 'before' | 'after') =>
    mode === 'plain'
      ? ['compare', file, '--baseline', 'A', '--candidate', 'B']
      : mode === 'by-category'
        ? ['compare', file, '--baseline', 'A', '--candidate', 'B', '--by', 'tags.category']
        : compareArgs(file, join(scratch, `${side}.json`));
  // compare exits 1 when the gate fails (B is a point worse); both revisions must give the same exit code.
  const okCodes = [0, 1];
  const measured: Record<Mode, Record<'before' | 'after', TimedRun[]>> = {
    plain: { before: [], after: [] },
    'by-category': { before: [], after: [] },
    'by-category-json': { before: [], after: [] },
  };
  for (let r = 0; r < runs; r++) {
    for (const mode of MODES) {
      const order = r % 2 === 0 ? (['before', 'after'] as const) : (['after', 'before'] as const);
      for (const side of order) {
        const run = await runTimed(process.execPath, [cli[side], ...argsFor(mode, side)], { tmpDir: scratch, okCodes });
        measured[mode][side].push(run);
        console.error(
          `${mode} ${side} run ${r + 1}: ${Math.round(run.wallMs)} ms, ${Math.round(run.peakRssBytes / 1e6)} MB`,
        );
      }
      const [b, a] = [measured[mode].before.at(-1), measured[mode].after.at(-1)];
      if (b?.code !== a?.code) throw new Error(`${mode}: exit codes differ (before ${b?.code}, after ${a?.code})`);
    }
  }
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const lines = [
    `# compare: ${revisions.before} (before) and ${revisions.after} (after)`,
    '',
    `Command: \`npx tsx bench/compare-revisions.ts --before ${values.before} --after ${values.after} --items ${items} --runs ${runs}${format === 'csv' ? ' --format csv' : ''}\``,
    `File: ${items} items x 2 variants, ${(bytes / 1e6).toFixed(1)} MB ${format === 'csv' ? 'CSV' : 'JSON Lines'} (seed ${BENCH_DATA_SEED}); runs alternate (ABBA).`,
    `Machine: ${JSON.stringify(machineInfo())}; load average at the end ${load}; ${new Date().toISOString()}.`,
    '',
    '| mode | figure | before (median) | after (median) | after / before (median of paired runs) |',
    '|---|---|---:|---:|---:|',
  ];
  const figures = [
    ['wall', (run: TimedRun) => run.wallMs, 'ms'],
    ['CPU (user + system)', (run: TimedRun) => run.cpuMs, 'ms'],
    ['peak RSS', (run: TimedRun) => run.peakRssBytes / 1e6, 'MB'],
  ] as const;
  for (const mode of MODES) {
    for (const [name, pick, unit] of figures) {
      const before = measured[mode].before.map(pick);
      const after = measured[mode].after.map(pick);
      const ratios = after.map((value, i) => value / (before[i] as number));
      lines.push(
        `| ${MODE_LABELS[mode]} | ${name} | ${Math.round(median(before)).toLocaleString('en-US')} ${unit} | ${Math.round(median(after)).toLocaleString('en-US')} ${unit} | ${median(ratios).toFixed(3)} |`,
      );
    }
  }
  const table = `${lines.join('\n')}\n`;
  mkdirSync(projectPath('bench/results'), { recursive: true });
  writeFileSync(projectPath(`bench/results/compare-revisions${format === 'csv' ? '-csv' : ''}.md`), table);
  console.log(table);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
