import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describeValue } from '../../stats/validate';
import { InputError } from '../schema/input-error';
import type { FormatReader } from './format-reader';
import { UNKNOWN_COMPLETENESS } from './input-completeness';
import { streamJsonValues } from './stream-json-values';

const STATS_FILE = 'per_instance_stats.json';
/** HELM's correctness metrics, in the order one is taken when --source-metric does not name one. */
const PREFERRED = ['exact_match', 'quasi_exact_match', 'prefix_exact_match', 'quasi_prefix_exact_match'];

/**
 * A HELM run directory `benchmark_output/runs/<suite>/<run>/` (stanford-crfm/helm, Apache-2.0:
 * `benchmark/runner.py` writes `per_instance_stats.json` and `run_spec.json`; `metrics/metric.py`
 * PerInstanceStats, `metrics/statistic.py` Stat). Mapping: item = `instance_id`, sample =
 * `train_trial_index` (a different few-shot set per trial, not a resample of one prompt), variant =
 * `run_spec.adapter_spec.model`; the outcome is the stat `--source-metric` names (its unperturbed
 * `mean`), else the first of exact_match, quasi_exact_match, prefix_exact_match, quasi_prefix_exact_match
 * the run has. Perturbed instances (robustness, fairness) are left out, and counted in a note.
 */
export const helm: FormatReader = {
  name: 'helm',
  describe: 'HELM run directory (per_instance_stats.json + run_spec.json), or its per_instance_stats.json',
  example:
    'verdict compare examples/formats/helm/mmlu-model-a examples/formats/helm/mmlu-model-b --baseline vendor/model-a --candidate vendor/model-b',
  detect(probe) {
    if (probe.kind === 'directory') return probe.directoryEntries!.includes(STATS_FILE) ? 'yes' : 'no';
    const values = probe.json?.values;
    if (probe.json?.root !== 'array' || !values) return 'no';
    if (values.has('0.instance_id') && values.has('0.train_trial_index')) return 'yes';
    return probe.name === STATS_FILE
      ? { broken: 'each entry of per_instance_stats.json has instance_id, train_trial_index and stats' }
      : 'no';
  },
  async *read(path, options, signal) {
    const directory = (await stat(path)).isDirectory();
    const statsFile = directory ? join(path, STATS_FILE) : path;
    const specFile = join(dirname(statsFile), 'run_spec.json');
    let variant = basename(dirname(statsFile));
    let runId: string | null = null;
    const hasSpec = await stat(specFile).then(
      () => true,
      () => false,
    );
    if (hasSpec) {
      options.report.file(specFile);
      for await (const { path: at, value } of streamJsonValues(specFile, ['$.name', '$.adapter_spec'], signal)) {
        if (at[0] === 'name' && typeof value === 'string') runId = value;
        const model = (value as Record<string, unknown> | null)?.model;
        if (at[0] === 'adapter_spec' && typeof model === 'string') variant = model;
      }
    } else
      options.report.note(`${statsFile}: no run_spec.json beside it: variant "${variant}" is the directory's name`);
    options.report.file(statsFile);
    let metric = options.sourceMetric ?? null;
    let perturbed = 0;
    for await (const { path: at, value } of streamJsonValues(statsFile, ['$.*'], signal)) {
      const field = `[${at[0] as number}]`;
      const place = { file: statsFile, field };
      const entry = value as Record<string, unknown>;
      if (typeof entry !== 'object' || entry === null) {
        yield { problem: 'expected an object of per-instance stats', place };
        continue;
      }
      if (entry.perturbation !== undefined && entry.perturbation !== null) {
        perturbed++;
        continue;
      }
      const stats = Array.isArray(entry.stats) ? (entry.stats as Record<string, unknown>[]) : [];
      const meanOf = (name: string) => {
        const found = stats.find((s) => {
          const key = s?.name as Record<string, unknown> | undefined;
          return key?.name === name && (key.perturbation === undefined || key.perturbation === null);
        });
        return found?.mean;
      };
      if (metric === null) {
        metric = PREFERRED.find((name) => meanOf(name) !== undefined) ?? null;
        const names = [...new Set(stats.map((s) => String((s?.name as Record<string, unknown>)?.name)))];
        if (metric === null) {
          throw new InputError(
            `no correctness stat (${PREFERRED.join(', ')}) in ${names.slice(0, 12).join(', ')}: name one with --source-metric`,
            { ...place, field: `${field}.stats` },
          );
        }
        options.report.note(`${statsFile}: metric "${metric}"; choose another with --source-metric`);
      }
      const mean = meanOf(metric);
      const item = entry.instance_id;
      const trial = entry.train_trial_index ?? 0;
      if (typeof item !== 'string' && typeof item !== 'number') {
        yield {
          problem: `expected an instance id, got ${describeValue(item)}`,
          place: { ...place, field: `${field}.instance_id` },
        };
        continue;
      }
      if (typeof mean !== 'number' || !Number.isFinite(mean)) {
        yield {
          problem: `stat "${metric}" ${mean === undefined ? 'is missing' : `has no finite mean (${describeValue(mean)})`}`,
          place: { ...place, field: `${field}.stats` },
        };
        continue;
      }
      const record: Record<string, unknown> = { item, variant, sample: trial, score: mean };
      if (mean === 0 || mean === 1) record.pass = mean === 1;
      yield { record, place };
    }
    if (perturbed > 0)
      options.report.note(
        `${statsFile}: ${perturbed} perturbed instance entries left out (only unperturbed ones pair)`,
      );
    options.report.variant({ variant, runId, completeness: UNKNOWN_COMPLETENESS });
  },
};
