/**
 * `verdict compare` on a native inspect_ai log directory (issue 14: "the same figures for ... a native inspect_ai
 * log directory"): two `.eval` logs (zstd, as inspect_ai writes since 0.3.206), one per model, SAMPLES samples each,
 * as `verdict compare logs/a.eval logs/b.eval --by tags.subject --json out.json`. DuckDB cannot read them (zip
 * entries of JSON), so the reference is the same rows as verdict JSON Lines, compared by the same CLI in the same
 * run, alternating run by run (median of RUNS, each under GNU time); both must give the same tables. Also the
 * reader's throughput: input MB and sample rows per second of wall time.
 *
 *   npx tsx bench/inspect-logs-compare.ts [--samples 20000] [--runs 3]
 *
 * Writes bench/results/inspect-logs-compare.md (the table BENCHMARKS.md quotes, with the command and machine).
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { bundleScript } from './harness/bundle-script';
import { inspectEvalLog, loadZstd } from './harness/inspect-logs';
import { projectPath } from './harness/project-path';
import { runTimed, type TimedRun } from './harness/run-timed';

const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
};
const SAMPLES = argument('samples', 20_000);
const RUNS = argument('runs', 3);
// Inside the project, so that the bundled CLI finds its node_modules.
const dir = projectPath('bench', '.tmp', `inspect-logs-${process.pid}`);
mkdirSync(join(dir, 'logs'), { recursive: true });

/** Model A passes 4 in 7; model B the same, but flips one sample in 40 (about half each way). */
const passA = (i: number) => (i * 2654435761) % 7 < 4;
const passB = (i: number) => (i % 40 === 0 ? !passA(i) : passA(i));
const ids = Array.from({ length: SAMPLES }, (_, i) => i);
const zstd = await loadZstd();
const logA = join(dir, 'logs', 'model-a.eval');
const logB = join(dir, 'logs', 'model-b.eval');
writeFileSync(logA, inspectEvalLog('m/a', ids, passA, 93, zstd));
writeFileSync(logB, inspectEvalLog('m/b', ids, passB, 93, zstd));
const reference = join(dir, 'reference.jsonl');
writeFileSync(
  reference,
  ids
    .flatMap((i) =>
      (['m/a', 'm/b'] as const).map((variant) => {
        const pass = variant === 'm/a' ? passA(i) : passB(i);
        return `${JSON.stringify({ item: i, variant, sample: 0, pass, score: pass ? 1 : 0, latencyMs: 500, tags: { subject: `s${i % 10}` } })}\n`;
      }),
    )
    .join(''),
);
const cli = await bundleScript(projectPath('src', 'cli', 'main.ts'), dir);
const compareArgs = (inputs: string[], out: string) => [
  cli,
  'compare',
  ...inputs,
  '--baseline',
  'm/a',
  '--candidate',
  'm/b',
  '--by',
  'tags.subject',
  '--json',
  out,
];

interface Table {
  readonly n: number;
  readonly n11: number;
  readonly n10: number;
  readonly n01: number;
  readonly n00: number;
}
const tables = (out: string) => {
  const doc = JSON.parse(readFileSync(out, 'utf8')) as { paired: Table; slices: { value: string; paired: Table }[] };
  const pick = ({ n, n11, n10, n01, n00 }: Table) => ({ n, n11, n10, n01, n00 });
  return JSON.stringify([pick(doc.paired), ...doc.slices.map((s) => [s.value, pick(s.paired)])]);
};

// The log directory itself (`verdict compare logs/`: src/formats/inspect-log-directory.ts) beside its files named.
const cases = { inspect: [logA, logB], directory: [join(dir, 'logs')], reference: [reference] } as const;
const runs: Record<keyof typeof cases, TimedRun[]> = { inspect: [], directory: [], reference: [] };
const loads: string[] = [
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' '),
];
const started = new Date().toISOString();
for (let run = 0; run < RUNS; run++) {
  const order: (keyof typeof cases)[] =
    run % 2 === 0 ? ['inspect', 'directory', 'reference'] : ['reference', 'directory', 'inspect'];
  const seen: string[] = [];
  for (const name of order) {
    const out = join(dir, `${name}.json`);
    process.stderr.write(`inspect-logs-compare: ${name}, run ${run + 1}/${RUNS}\n`);
    runs[name].push(
      await runTimed(process.execPath, compareArgs([...cases[name]], out), { tmpDir: dir, okCodes: [0, 1, 3, 4] }),
    );
    seen.push(tables(out));
  }
  if (new Set(seen).size !== 1) throw new Error(`the inspect logs and the reference disagree: ${seen.join(' vs ')}`);
}
loads.push(
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' '),
);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] as number;
const bytes = (paths: readonly string[]) =>
  (paths === cases.directory ? cases.inspect : paths).reduce((sum, path) => sum + statSync(path).size, 0);
const rows = SAMPLES * 2;
const line = (name: keyof typeof cases, label: string) => {
  const wall = median(runs[name].map((r) => r.wallMs));
  const mb = bytes(cases[name]) / 1e6;
  return `| ${label} | ${mb.toFixed(1)} MB | ${(wall / 1000).toFixed(2)} s | ${(median(runs[name].map((r) => r.cpuMs)) / 1000).toFixed(2)} s | ${Math.round(median(runs[name].map((r) => r.peakRssBytes)) / 1e6)} MB | ${(mb / (wall / 1000)).toFixed(1)} | ${Math.round(rows / (wall / 1000)).toLocaleString('en')} |`;
};
const paired = (name: keyof typeof cases, figure: 'wallMs' | 'cpuMs') =>
  runs[name].map((r, i) => (r[figure] / (runs.reference[i]?.[figure] ?? Number.NaN)).toFixed(2)).join(', ');
const lines = [
  `Command: \`npx tsx bench/inspect-logs-compare.ts --samples ${SAMPLES} --runs ${RUNS}\`; Node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} x ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB; started ${started}, load average ${loads[0]} at the start, ${loads[1]} at the end.`,
  `\`verdict compare model-a.eval model-b.eval --baseline m/a --candidate m/b --by tags.subject --json out.json\` (two zstd .eval logs of ${SAMPLES.toLocaleString('en')} samples each), and \`verdict compare logs/ ...\` (the directory holding them), against the same ${rows.toLocaleString('en')} rows as one verdict JSON Lines file, the same CLI bundle, alternating, median of ${RUNS}; both give the same tables (overall and 10 subjects).`,
  '',
  '| input | size | wall | CPU (user + system) | peak RSS | MB/s (wall) | rows/s (wall) |',
  '|---|---:|---:|---:|---:|---:|---:|',
  line('inspect', 'inspect_ai logs (2 x .eval, zstd)'),
  line('directory', 'inspect_ai log directory (`logs/`, the same 2 files)'),
  line('reference', 'verdict JSON Lines (reference)'),
  '',
  `inspect logs / JSON Lines, paired run by run: wall ${paired('inspect', 'wallMs')}; CPU ${paired('inspect', 'cpuMs')}.`,
  `log directory / JSON Lines, paired run by run: wall ${paired('directory', 'wallMs')}; CPU ${paired('directory', 'cpuMs')}.`,
];
mkdirSync(projectPath('bench', 'results'), { recursive: true });
writeFileSync(projectPath('bench', 'results', 'inspect-logs-compare.md'), `${lines.join('\n')}\n`);
process.stdout.write(`${lines.join('\n')}\n`);
rmSync(dir, { recursive: true, force: true });
