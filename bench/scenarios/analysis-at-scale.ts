/**
 * Analysis at scale (issue 14): `verdict compare FILE --by tags.category --json out.json` on a synthetic results file
 * of N items x 2 variants (10^6 in full mode), side by side in the same run with DuckDB (@duckdb/node-api, 2 threads:
 * the same 2x2 tables overall and per category, bench/children/duckdb-compare.mjs) and pandas + statsmodels
 * (bench/python/compare.py), on the same file as JSON Lines, CSV, Parquet (converted from the JSON Lines by
 * DuckDB) and Arrow IPC (the Parquet file's columns written by flechette's tableToIPC: DuckDB writes Arrow IPC only
 * through an extension it downloads; DuckDB is then timed on the Parquet file of the same rows). Each tool is a fresh process timed from spawn to exit under GNU time (wall, user + system CPU, peak
 * RSS); the order of the tools alternates from run to run, and each figure is the median of the runs. All three
 * must agree on every table (n, n11, n10, n01, n00 overall and per category), or the scenario fails.
 *
 * 10^7 items only when asked: VERDICT_BENCH_SCALE_ITEMS=10000000 (any N); VERDICT_BENCH_SCALE_FORMATS=jsonl,csv
 * picks the formats (`arrow` is measured only when asked: VERDICT_BENCH_SCALE_FORMATS=parquet,arrow).
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { generateResults } from '../generate-results';
import { bundleScript } from '../harness/bundle-script';
import { derived, measured, pairedRatio } from '../harness/figures';
import { findPython } from '../harness/find-python';
import { projectPath } from '../harness/project-path';
import { runTimed, type TimedRun } from '../harness/run-timed';
import { BENCH_DATA_SEED, compareArgs, syntheticFile } from '../harness/synthetic-file';
import type { BenchMode, Figure, Scenario, ScenarioContext, ScenarioOutcome } from '../harness/types';

const SIZES: Record<BenchMode, { items: number; runs: number }> = {
  smoke: { items: 500, runs: 1 },
  quick: { items: 100_000, runs: 3 },
  full: { items: 1_000_000, runs: 3 },
};
const FORMATS = ['jsonl', 'csv', 'parquet', 'arrow'] as const;
type InputFormat = (typeof FORMATS)[number];
/** The formats measured when VERDICT_BENCH_SCALE_FORMATS names none. */
const DEFAULT_FORMATS: readonly InputFormat[] = ['jsonl', 'csv', 'parquet'];
const CLI = projectPath('src', 'cli', 'main.ts');
const DUCKDB_CHILD = projectPath('bench', 'children', 'duckdb-compare.mjs');
const PYTHON_SCRIPT = projectPath('bench', 'python', 'compare.py');
/** DuckDB's threads: the machine's two cores, as in the measurement. */
const DUCKDB_THREADS = '2';
const MB = 1e6;

/** A paired 2x2 table: first index the baseline, second the candidate, 1 = pass. */
interface PairedTable {
  readonly n: number;
  readonly n11: number;
  readonly n10: number;
  readonly n01: number;
  readonly n00: number;
}
interface Tables {
  readonly overall: PairedTable;
  readonly slices: Readonly<Record<string, PairedTable>>;
}
type Tool = 'verdict' | 'duckdb' | 'pandas';

const pick = ({ n, n11, n10, n01, n00 }: PairedTable): PairedTable => ({ n, n11, n10, n01, n00 });

function verdictTables(file: string): Tables {
  const report = JSON.parse(readFileSync(file, 'utf8')) as {
    paired: PairedTable;
    slices: { field: string; value: string; paired: PairedTable }[];
  };
  const slices: Record<string, PairedTable> = {};
  for (const slice of report.slices) slices[slice.value] = pick(slice.paired);
  return { overall: pick(report.paired), slices };
}

function pandasTables(file: string): Tables {
  const report = JSON.parse(readFileSync(file, 'utf8')) as {
    paired: PairedTable;
    slices: Record<string, PairedTable>;
  };
  const slices: Record<string, PairedTable> = {};
  for (const [category, table] of Object.entries(report.slices)) slices[category] = pick(table);
  return { overall: pick(report.paired), slices };
}

/** Every table of `b` equal to `a`'s, or the differences in words. */
function disagreements(a: Tables, b: Tables): string[] {
  const out: string[] = [];
  const same = (x: PairedTable | undefined, y: PairedTable | undefined) => JSON.stringify(x) === JSON.stringify(y);
  if (!same(a.overall, b.overall)) out.push(`overall: ${JSON.stringify(a.overall)} vs ${JSON.stringify(b.overall)}`);
  for (const key of new Set([...Object.keys(a.slices), ...Object.keys(b.slices)]).values()) {
    if (!same(a.slices[key], b.slices[key]))
      out.push(`${key}: ${JSON.stringify(a.slices[key])} vs ${JSON.stringify(b.slices[key])}`);
  }
  return out;
}

/** JSON Lines to Parquet with DuckDB, as a user converts (tags a struct column); not timed. */
async function toParquet(jsonl: string, parquet: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:', { threads: DUCKDB_THREADS });
  const connection = await instance.connect();
  try {
    await connection.run(`COPY (SELECT * FROM read_ndjson('${jsonl}')) TO '${parquet}' (FORMAT parquet)`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * The Parquet file's rows as an Arrow IPC file (flechette's tableToIPC, as arquero's toArrow writes one): its columns
 * read by DuckDB, int64 as BigInt (sample, latency), tags a struct; not timed.
 */
async function toArrow(parquet: string, arrow: string): Promise<void> {
  const { bool, float64, int64, struct, tableFromArrays, tableToIPC, utf8 } = await import('@uwdata/flechette');
  const instance = await DuckDBInstance.create(':memory:', { threads: DUCKDB_THREADS });
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet('${parquet}')`);
    const columns = reader.getColumnsObjectJS() as Record<string, unknown[]>;
    const types = {
      item: utf8(),
      variant: utf8(),
      sample: int64(),
      status: utf8(),
      pass: bool(),
      tags: struct({ category: utf8(), split: utf8() }),
      latencyMs: int64(),
      costUsd: float64(),
    };
    const table = tableFromArrays(columns, { types, maxBatchRows: 1 << 16 });
    writeFileSync(arrow, tableToIPC(table, { format: 'file' }) as Uint8Array);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function parseItems(): number | undefined {
  const text = process.env.VERDICT_BENCH_SCALE_ITEMS;
  if (text === undefined) return undefined;
  const items = Number(text);
  if (!Number.isInteger(items) || items < 10)
    throw new Error(`VERDICT_BENCH_SCALE_ITEMS: expected an integer >= 10, got ${text}`);
  return items;
}

function parseFormats(): readonly InputFormat[] {
  const text = process.env.VERDICT_BENCH_SCALE_FORMATS;
  if (text === undefined) return DEFAULT_FORMATS;
  const chosen = text.split(',');
  for (const format of chosen)
    if (!(FORMATS as readonly string[]).includes(format))
      throw new Error(`VERDICT_BENCH_SCALE_FORMATS: expected some of ${FORMATS.join(',')}, got ${text}`);
  return chosen as InputFormat[];
}

async function run({ mode, tmpDir, log }: ScenarioContext): Promise<ScenarioOutcome> {
  const items = parseItems() ?? SIZES[mode].items;
  const { runs } = SIZES[mode];
  const formats = parseFormats();
  const notes: string[] = [];
  const figures: Figure[] = [];
  log(`analysis-at-scale: generating ${items} items x 2 variants (JSON Lines, CSV, Parquet)`);
  const jsonl = syntheticFile(tmpDir, items);
  const files: Record<InputFormat, { file: string; bytes: number }> = {
    jsonl,
    csv: generateResults(join(tmpDir, `results-${items}-seed${BENCH_DATA_SEED}.csv`), {
      items,
      seed: BENCH_DATA_SEED,
      format: 'csv',
    }),
    parquet: { file: join(tmpDir, `results-${items}-seed${BENCH_DATA_SEED}.parquet`), bytes: 0 },
    arrow: { file: join(tmpDir, `results-${items}-seed${BENCH_DATA_SEED}.arrow`), bytes: 0 },
  };
  if (formats.includes('parquet') || formats.includes('arrow')) {
    await toParquet(jsonl.file, files.parquet.file);
    files.parquet.bytes = readFileSync(files.parquet.file).byteLength;
  }
  if (formats.includes('arrow')) {
    await toArrow(files.parquet.file, files.arrow.file);
    files.arrow.bytes = readFileSync(files.arrow.file).byteLength;
  }
  const cli = await bundleScript(CLI, tmpDir);
  const python = await findPython();
  if (!python.found) notes.push(`Python comparison skipped: ${python.reason}.`);
  const out = (name: string) => join(tmpDir, name);

  const commands: Record<Tool, (format: InputFormat) => [string, string[]] | null> = {
    verdict: (format) => [process.execPath, [cli, ...compareArgs(files[format].file, out('scale-verdict.json'))]],
    // DuckDB reads Arrow IPC only through an extension it downloads: on an Arrow row it reads the Parquet twin.
    duckdb: (format) => {
      const read = format === 'arrow' ? 'parquet' : format;
      return [process.execPath, [DUCKDB_CHILD, files[read].file, read, DUCKDB_THREADS]];
    },
    // pandas reads Parquet through pyarrow or fastparquet, which Debian does not package: JSON Lines and CSV only.
    pandas: (format) =>
      python.found && format !== 'parquet' && format !== 'arrow'
        ? [python.stack.python, [PYTHON_SCRIPT, files[format].file, out('scale-pandas.json')]]
        : null,
  };
  if (python.found && formats.includes('parquet'))
    notes.push('pandas on Parquet skipped: it needs pyarrow or fastparquet, which Debian does not package.');
  if (formats.includes('arrow'))
    notes.push('arrow: DuckDB timed on the Parquet file of the same rows (it reads Arrow IPC only by an extension).');

  let verdictRssAt: number | undefined;
  for (const format of formats) {
    const measures: Record<Tool, TimedRun[]> = { verdict: [], duckdb: [], pandas: [] };
    for (let r = 0; r < runs; r++) {
      // Alternate the order from run to run, so that load on a shared machine falls on every tool alike.
      const order: Tool[] = r % 2 === 0 ? ['verdict', 'duckdb', 'pandas'] : ['pandas', 'duckdb', 'verdict'];
      const tables: Partial<Record<Tool, Tables>> = {};
      for (const tool of order) {
        const command = commands[tool](format);
        if (command === null) continue;
        log(`analysis-at-scale: ${tool} on ${items} items (${format}), run ${r + 1}/${runs}`);
        // verdict's exit 1 is "regressed", 3 "inconclusive", 4 "incomplete" (the status mix): answers, not failures.
        const timed = await runTimed(command[0], command[1], {
          tmpDir,
          okCodes: tool === 'verdict' ? [0, 1, 3, 4] : [0],
        });
        measures[tool].push(timed);
        tables[tool] =
          tool === 'verdict'
            ? verdictTables(out('scale-verdict.json'))
            : tool === 'pandas'
              ? pandasTables(out('scale-pandas.json'))
              : (JSON.parse(timed.stdout.trim()) as Tables);
      }
      for (const tool of ['duckdb', 'pandas'] as const) {
        const other = tables[tool];
        if (other === undefined) continue;
        const differences = disagreements(tables.verdict!, other);
        if (differences.length > 0)
          throw new Error(`verdict and ${tool} disagree on ${format} (verdict vs ${tool}): ${differences.join('; ')}`);
      }
    }
    const wall = (tool: Tool) => measures[tool].map((m) => m.wallMs);
    const cpu = (tool: Tool) => measures[tool].map((m) => m.cpuMs);
    const rss = (tool: Tool) => measures[tool].map((m) => m.peakRssBytes / MB);
    const names: Record<Tool, string> = {
      verdict: 'verdict compare',
      duckdb: 'DuckDB',
      pandas: 'pandas + statsmodels',
    };
    for (const tool of ['verdict', 'duckdb', 'pandas'] as const) {
      if (measures[tool].length === 0) continue;
      const rssGoal =
        tool === 'verdict' && items === 1_000_000 && format === 'jsonl'
          ? { text: '< 400 MB', met: (v: number) => v < 400 }
          : undefined;
      figures.push(
        measured(`${format}: ${names[tool]}: wall time`, 'ms', wall(tool)),
        measured(`${format}: ${names[tool]}: CPU time (user + system)`, 'ms', cpu(tool)),
        measured(`${format}: ${names[tool]}: peak RSS`, 'MB', rss(tool), rssGoal),
      );
    }
    const jsonlGoal = format === 'jsonl' && items >= 1_000_000;
    figures.push(
      derived(
        `${format}: verdict wall / DuckDB wall (paired runs)`,
        'x',
        pairedRatio(wall('verdict'), wall('duckdb')),
        jsonlGoal ? { text: '<= 2', met: (v) => v <= 2 } : undefined,
      ),
    );
    if (measures.pandas.length > 0)
      figures.push(
        derived(
          `${format}: pandas wall / verdict wall (paired runs)`,
          'x',
          pairedRatio(wall('pandas'), wall('verdict')),
          jsonlGoal ? { text: '>= 10', met: (v) => v >= 10 } : undefined,
        ),
      );
    const verdictRss = measured(
      '',
      'B',
      measures.verdict.map((m) => m.peakRssBytes),
    ).value;
    if (format === 'jsonl') verdictRssAt = verdictRss;
    figures.push(
      derived(`${format}: input file size`, 'MB', files[format].bytes / MB),
      derived(`${format}: verdict peak RSS per item`, 'bytes', verdictRss / items),
    );
    notes.push(
      `${format}: ${measures.pandas.length > 0 ? 'verdict, DuckDB and pandas' : 'verdict and DuckDB'} agree on every table (overall and ${Object.keys(verdictTables(out('scale-verdict.json')).slices).length} categories, n and n11 n10 n01 n00).`,
    );
  }

  // Growth with items: verdict on a tenth of the items, so that the RSS per item is the slope, not the fixed cost.
  if (verdictRssAt !== undefined && items >= 10_000) {
    const tenth = Math.round(items / 10);
    const small = syntheticFile(tmpDir, tenth);
    log(`analysis-at-scale: verdict on ${tenth} items (jsonl), for the growth of RSS with items`);
    const smallRuns: number[] = [];
    for (let r = 0; r < runs; r++) {
      const timed = await runTimed(process.execPath, [cli, ...compareArgs(small.file, out('scale-small.json'))], {
        tmpDir,
        okCodes: [0, 1, 3, 4],
      });
      smallRuns.push(timed.peakRssBytes);
    }
    const smallRss = measured('', 'B', smallRuns).value;
    figures.push(
      measured(
        `jsonl: verdict compare on ${tenth} items: peak RSS`,
        'MB',
        smallRuns.map((b) => b / MB),
      ),
      derived(
        'jsonl: verdict peak RSS growth per item (slope between N/10 and N)',
        'bytes',
        (verdictRssAt - smallRss) / (items - tenth),
      ),
    );
  }
  return {
    parameters: {
      items,
      variants: 2,
      rows: items * 2,
      runs,
      formats,
      statusMix: 'error 1%, timeout 0.5%, skipped 0.2%',
      slices: 'tags.category (8 values)',
      command: `verdict compare <file> --baseline A --candidate B --by tags.category --json out.json`,
      duckdb: `@duckdb/node-api, ${DUCKDB_THREADS} threads, read_ndjson / read_csv / read_parquet (Arrow: its Parquet twin), GROUP BY GROUPING SETS`,
      measuredWith: 'GNU time (/usr/bin/time): wall from spawn to exit, user + system CPU, ru_maxrss',
      ...(python.found ? { python: python.stack.versions } : {}),
    },
    figures,
    notes,
  };
}

export const analysisAtScale: Scenario = { name: 'analysis-at-scale', title: 'Analysis at scale', run };
