import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describeValue } from '../../stats/validate';
import { InputError } from '../schema/input-error';
import type { FormatReader, FormatReadOptions, FormatRow } from './format-reader';
import { type InputCompleteness, UNKNOWN_COMPLETENESS } from './input-completeness';
import { formatJsonLines } from './json-lines';
import { streamJsonValues } from './stream-json-values';

/**
 * lm-evaluation-harness `--log_samples` output: `samples_<task>_<date>.jsonl` beside `results_<date>.json`
 * in `<output_path>/<model>/`. Written by `lm_eval/loggers/evaluation_tracker.py` (EleutherAI, MIT): one
 * line per document *per filter* (`doc_id`, `filter`, `metrics` naming the metric keys, each metric's
 * value at the top level). Mapping: item = `doc_id` with the task as its scope (items become `task/doc_id`
 * when several tasks are read), variant = `model_name` of the sibling results file (else the directory's
 * name), sample 0; the outcome is the metric `--source-metric` names, else the first of `metrics` whose
 * value is 0/1 or a boolean; several filters in one file need `--filter` (never "last wins").
 */
export const lmEvalSamples: FormatReader = {
  name: 'lm-eval-samples',
  describe: 'lm-evaluation-harness --log_samples output: samples_<task>_<date>.jsonl, or the directory holding them',
  example:
    'verdict compare examples/formats/lm-eval/pythia-160m examples/formats/lm-eval/pythia-410m --baseline EleutherAI/pythia-160m --candidate EleutherAI/pythia-410m',
  detect(probe) {
    if (probe.kind === 'directory') return probe.directoryEntries!.some(isSamplesFile) ? 'yes' : 'no';
    const line = probe.firstLine as Record<string, unknown> | undefined;
    const looks = typeof line === 'object' && line !== null && 'doc_id' in line && Array.isArray(line.metrics);
    if (looks) return 'yes';
    if (isSamplesFile(probe.name) && probe.head.trim() !== '') {
      return { broken: 'each line of an lm-eval samples file is an object with `doc_id` and `metrics`; line 1 is not' };
    }
    return 'no';
  },
  async *read(path, options, signal) {
    const files = (await stat(path)).isDirectory() ? await samplesFiles(path) : [path];
    if (files.length === 0)
      throw new InputError('no lm-eval samples_<task>_<date>.jsonl files in the directory', { file: path });
    for (const file of files) {
      options.report.file(file);
      yield* readSamplesFile(file, options, signal);
    }
  },
};

const DATE_ID = /_(\d{4}-\d{2}-\d{2}T[\d-]+(?:\.\d+)?)\.jsonl$/;

function isSamplesFile(name: string): boolean {
  return name.startsWith('samples_') && name.endsWith('.jsonl');
}

async function samplesFiles(directory: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    if (entry.isFile() && isSamplesFile(entry.name)) found.push(join(directory, entry.name));
    if (entry.isDirectory()) {
      for (const inner of await readdir(join(directory, entry.name))) {
        if (isSamplesFile(inner)) found.push(join(directory, entry.name, inner));
      }
    }
  }
  return found.sort();
}

/** What the results file beside a samples file says: the model, and how many documents each task planned. */
interface RunInfo {
  readonly model: string | null;
  readonly planned: Readonly<Record<string, number>>;
  readonly resultsFile: string | null;
}

async function runInfo(samplesFile: string, dateId: string | null, signal?: AbortSignal): Promise<RunInfo> {
  const directory = dirname(samplesFile);
  const candidates = (await readdir(directory)).filter((name) => name.startsWith('results_') && name.endsWith('.json'));
  const name =
    candidates.find((c) => dateId !== null && c === `results_${dateId}.json`) ??
    (candidates.length === 1 ? candidates[0] : undefined);
  if (name === undefined) return { model: null, planned: {}, resultsFile: null };
  const resultsFile = join(directory, name);
  let model: string | null = null;
  const planned: Record<string, number> = {};
  for await (const { path, value } of streamJsonValues(resultsFile, ['$.model_name', '$.n-samples'], signal)) {
    if (path[0] === 'model_name' && typeof value === 'string' && value !== '') model = value;
    if (path[0] === 'n-samples' && typeof value === 'object' && value !== null) {
      for (const [task, counts] of Object.entries(value as Record<string, { effective?: unknown }>)) {
        if (typeof counts?.effective === 'number') planned[task] = counts.effective;
      }
    }
  }
  return { model, planned, resultsFile };
}

async function* readSamplesFile(
  file: string,
  options: FormatReadOptions,
  signal?: AbortSignal,
): AsyncGenerator<FormatRow> {
  const name = basename(file);
  const dateId = DATE_ID.exec(name)?.[1] ?? null;
  const task =
    dateId === null
      ? name.replace(/^samples_/, '').replace(/\.jsonl$/, '')
      : name.slice('samples_'.length, -`_${dateId}.jsonl`.length);
  const info = await runInfo(file, dateId, signal);
  if (info.resultsFile) options.report.file(info.resultsFile);
  const variant = info.model ?? basename(dirname(file));
  if (info.model === null) {
    options.report.note(
      `${file}: no results_*.json beside it names the model: variant "${variant}" is the directory's name`,
    );
  }
  const filters = new Set<string>();
  let metric: string | null = options.sourceMetric ?? null;
  const docs = new Set<string>();
  for await (const scanned of formatJsonLines(file, options.report, signal)) {
    if (scanned.problem !== undefined) {
      yield scanned;
      continue;
    }
    const row = scanned.value as Record<string, unknown>;
    const filter = typeof row.filter === 'string' ? row.filter : 'none';
    filters.add(filter);
    if (options.filter === undefined && filters.size > 1) continue; // keep listing the filters, then refuse
    if (options.filter !== undefined && filter !== options.filter) continue;
    const { place } = scanned;
    const docId = row.doc_id;
    if (typeof docId !== 'number' && typeof docId !== 'string') {
      yield { problem: `expected a document index, got ${describeValue(docId)}`, place: { ...place, field: 'doc_id' } };
      continue;
    }
    if (metric === null) {
      const names = Array.isArray(row.metrics) ? (row.metrics as unknown[]).map(String) : [];
      metric = names.find((m) => isBinary(row[m])) ?? null;
      if (metric === null) {
        throw new InputError(
          `no binary metric (0/1 per document) among ${names.join(', ') || 'none'}: name one with --source-metric`,
          { ...place, field: 'metrics' },
        );
      }
      if (names.length > 1)
        options.report.note(
          `${file}: metric "${metric}" (the first binary one of ${names.join(', ')}); choose with --source-metric`,
        );
    }
    const value = row[metric];
    const record: Record<string, unknown> = { item: docId, variant, sample: 0, task, filter };
    if (typeof value === 'boolean' || value === 0 || value === 1) {
      record.pass = value === true || value === 1;
      record.score = record.pass ? 1 : 0;
    } else if (typeof value === 'number' && Number.isFinite(value)) {
      record.score = value;
    } else {
      const why = value === undefined ? 'missing' : `not a per-document number, got ${describeValue(value)}`;
      yield {
        problem: `metric "${metric}" ${why} (choose another with --source-metric)`,
        place: { ...place, field: metric },
      };
      continue;
    }
    docs.add(String(docId));
    yield { record, place, scope: task };
  }
  if (options.filter === undefined && filters.size > 1) {
    throw new InputError(
      `holds ${filters.size} filters (${[...filters].join(', ')}), one row per document each: choose one with --filter`,
      { file, field: 'filter' },
    );
  }
  if (options.filter !== undefined && !filters.has(options.filter)) {
    throw new InputError(`--filter ${JSON.stringify(options.filter)}: this file has ${[...filters].join(', ')}`, {
      file,
      field: 'filter',
    });
  }
  options.report.variant({ variant, runId: dateId, completeness: completeness(info, task, docs.size) });
}

function isBinary(value: unknown): boolean {
  return typeof value === 'boolean' || value === 0 || value === 1;
}

function completeness(info: RunInfo, task: string, read: number): InputCompleteness {
  const planned = info.planned[task];
  if (planned === undefined) return UNKNOWN_COMPLETENESS;
  if (read >= planned) {
    return {
      state: 'complete',
      detail: `lm-eval: ${read} of ${planned} documents of ${task} (n-samples.effective)`,
      plannedItems: null,
    };
  }
  return {
    state: 'incomplete',
    detail: `lm-eval: ${read} of ${planned} documents of ${task} (n-samples.effective): the run did not write them all`,
    plannedItems: null,
  };
}
