/**
 * Reading speed of every format reader (issue 13): files per second and rows per second, each against the
 * same rows written in verdict's own JSON Lines format read by the same loader in the same run (the
 * reference, alternating side by side, median of RUNS), on seeded synthetic files of each tool's shape.
 *
 *   npx tsx bench/formats-reading.ts [--rows 20000] [--runs 5]
 *
 * Writes bench/results/formats-reading.md (the table BENCHMARKS.md quotes, with the command and machine).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { loadResults } from '../src/analysis/load-results';
import { inspectEvalLog, inspectHeader, inspectSample, loadZstd } from './harness/inspect-logs';

const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
};
const ROWS = argument('rows', 20_000);
const RUNS = argument('runs', 5);
const dir = await mkdtemp(join(tmpdir(), 'verdict-bench-formats-'));
const jsonl = (rows: readonly unknown[]) => rows.map((row) => `${JSON.stringify(row)}\n`).join('');
const pass = (i: number) => (i * 2654435761) % 7 < 4;

const zstd = await loadZstd();
const header = inspectHeader;
const sample = (i: number) => inspectSample(i, pass(i));

interface Case {
  readonly name: string;
  readonly paths: string[];
  readonly rows: number;
}
const cases: Case[] = [];
const file = async (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, content);
  return path;
};
const ids = Array.from({ length: ROWS }, (_, i) => i);
for (const method of [8, 93] as const) {
  cases.push({
    name: `inspect-eval (${method === 8 ? 'deflate' : 'zstd'})`,
    paths: [await file(`log-${method}.eval`, inspectEvalLog('m', ids, pass, method, zstd))],
    rows: ROWS,
  });
}
cases.push({
  name: 'inspect-json',
  paths: [await file('log.json', JSON.stringify({ ...header('m'), samples: ids.map(sample) }, null, 2))],
  rows: ROWS,
});
await file(
  'lm/results_2026-01-01T00-00-00.000001.json',
  JSON.stringify({ model_name: 'm', 'n-samples': { t: { effective: ROWS } } }),
);
cases.push({
  name: 'lm-eval-samples',
  paths: [
    await file(
      'lm/samples_t_2026-01-01T00-00-00.000001.jsonl',
      jsonl(
        ids.map((i) => ({
          doc_id: i,
          doc: { q: `question ${i}` },
          filter: 'none',
          metrics: ['acc'],
          acc: pass(i) ? 1 : 0,
          resps: [[['-1.0', 'False']]],
        })),
      ),
    ),
  ],
  rows: ROWS,
});
const promptfoo = ids.map((i) => ({
  testIdx: i,
  promptIdx: 0,
  provider: { id: 'p', label: '' },
  prompt: { label: 'x' },
  success: pass(i),
  score: pass(i) ? 1 : 0,
  failureReason: pass(i) ? 0 : 1,
  latencyMs: 5,
  testCase: { description: `t${i}`, vars: { q: `question ${i}` }, assert: [] },
  response: { output: 'answer' },
}));
cases.push({
  name: 'promptfoo-json',
  paths: [
    await file(
      'pf.json',
      JSON.stringify({ evalId: 'e', results: { version: 3, prompts: [], results: promptfoo } }, null, 2),
    ),
  ],
  rows: ROWS,
});
cases.push({ name: 'promptfoo-jsonl', paths: [await file('pf.jsonl', jsonl(promptfoo))], rows: ROWS });
cases.push({
  name: 'promptfoo-csv',
  paths: [
    await file(
      'pf.csv',
      `Description,q,[p] x,Status,Score,Named Scores,Grader Reason,Comment\n${ids.map((i) => `t${i},question ${i},answer,${pass(i) ? 'PASS' : 'FAIL'},${pass(i) ? '1.00' : '0.00'},,,`).join('\n')}\n`,
    ),
  ],
  rows: ROWS,
});
cases.push({
  name: 'openai-evals',
  paths: [
    await file(
      'oai.jsonl',
      jsonl([
        { spec: { completion_fns: ['m'], eval_name: 'e', run_id: 'r' } },
        { final_report: {} },
        ...ids.flatMap((i) => [
          { sample_id: `e.s.${i}`, type: 'sampling', data: { prompt: 'q', sampled: 'a' } },
          { sample_id: `e.s.${i}`, type: 'match', data: { correct: pass(i) } },
        ]),
      ]),
    ),
  ],
  rows: ROWS,
});
const iids = ids.map((i) => `o__r-${i}`);
cases.push({
  name: 'swebench-report',
  paths: [
    await file(
      'm.run.json',
      JSON.stringify(
        {
          total_instances: ROWS,
          submitted_instances: ROWS,
          resolved_instances: 0,
          submitted_ids: iids,
          completed_ids: iids,
          resolved_ids: iids.filter((_, i) => pass(i)),
          unresolved_ids: iids.filter((_, i) => !pass(i)),
          incomplete_ids: [],
          error_ids: [],
          empty_patch_ids: [],
          schema_version: 2,
        },
        null,
        4,
      ),
    ),
  ],
  rows: ROWS,
});
await file('helm/run_spec.json', JSON.stringify({ name: 'r', adapter_spec: { model: 'm' } }));
const stat = (name: string, v: number) => ({
  name: { name, split: 'test' },
  count: 1,
  sum: v,
  sum_squared: v,
  min: v,
  max: v,
  mean: v,
  variance: 0,
  stddev: 0,
});
cases.push({
  name: 'helm',
  paths: [
    await file(
      'helm/per_instance_stats.json',
      JSON.stringify(
        ids.map((i) => ({
          instance_id: `id${i}`,
          train_trial_index: 0,
          stats: [stat('num_references', 4), stat('exact_match', pass(i) ? 1 : 0)],
        })),
        null,
        2,
      ),
    ),
  ],
  rows: ROWS,
});
const reference = await file(
  'verdict.jsonl',
  jsonl(ids.map((i) => ({ item: i, variant: 'm', pass: pass(i), tags: { subject: `s${i % 10}` } }))),
);

const quiet = { onNote: () => {}, onWarning: () => {} };
const time = async (paths: string[]) => {
  const start = performance.now();
  const loaded = await loadResults(paths, quiet);
  const seconds = (performance.now() - start) / 1000;
  if (loaded.table.numRows() !== ROWS)
    throw new Error(`read ${loaded.table.numRows()} rows of ${paths[0]}, expected ${ROWS}`);
  return seconds;
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
const lines = [
  `Command: \`npx tsx bench/formats-reading.ts --rows ${ROWS} --runs ${RUNS}\`; Node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} x ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB; ${new Date().toISOString().slice(0, 10)}.`,
  `One file of ${ROWS.toLocaleString('en')} rows per format; median of ${RUNS} runs; the reference is the same rows as verdict JSON Lines, read by the same loader in the same run, alternating.`,
  '',
  '| format | files/s | rows/s | time / reference |',
  '|---|---:|---:|---:|',
];
await time([reference]); // warm-up
for (const { name, paths } of cases) {
  await time(paths);
  const native: number[] = [];
  const ours: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    native.push(await time(paths));
    ours.push(await time([reference]));
  }
  const seconds = median(native);
  const ratio = seconds / median(ours);
  lines.push(
    `| ${name} | ${(1 / seconds).toFixed(1)} | ${Math.round(ROWS / seconds).toLocaleString('en')} | ${ratio.toFixed(2)} |`,
  );
  process.stdout.write(`${lines.at(-1)}\n`);
}
lines.push(
  `| verdict JSON Lines (reference) | ${(1 / median([await time([reference]), await time([reference]), await time([reference])])).toFixed(1)} | | 1.00 |`,
);
await mkdir('bench/results', { recursive: true });
await writeFile('bench/results/formats-reading.md', `${lines.join('\n')}\n`);
await rm(dir, { recursive: true, force: true });
process.stdout.write('wrote bench/results/formats-reading.md\n');
