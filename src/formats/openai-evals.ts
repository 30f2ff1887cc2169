import { describeValue } from '../../stats/validate';
import { InputError, type InputLocation } from '../schema/input-error';
import type { FormatReader } from './format-reader';
import { formatJsonLines } from './json-lines';

/**
 * OpenAI evals' `oaieval ... --record_path log.jsonl` (openai/evals, MIT: `evals/record.py` LocalRecorder):
 * a `{"spec": RunSpec}` line, events `{run_id, event_id, sample_id, type, data}`, and a `{"final_report"}`
 * line (written when the run ends, often before the buffered events). Mapping: item = `sample_id`,
 * variant = `spec.completion_fns[0]` (the model; later ones are graders), outcome from the `match` events'
 * `data.correct` (one event: `pass`; several for one sample: `c` correct of `n`, as oaieval's accuracy counts
 * each event), or with `--source-metric KEY` from the `metrics` events' `data[KEY]`; an `error` event
 * makes the sample an error row. A log without a final report did not finish: incomplete.
 */
export const openaiEvals: FormatReader = {
  name: 'openai-evals',
  describe: 'OpenAI evals `oaieval --record_path` JSONL event log (spec, events, final_report)',
  example:
    'verdict compare examples/formats/openai-evals/gpt-4o-mini.jsonl examples/formats/openai-evals/gpt-4o.jsonl --baseline gpt-4o-mini --candidate gpt-4o',
  detect(probe) {
    const first = probe.firstLine as Record<string, unknown> | undefined;
    const spec =
      typeof first === 'object' && first !== null ? (first.spec as Record<string, unknown> | undefined) : undefined;
    if (typeof spec !== 'object' || spec === null) return 'no';
    if (!('eval_name' in spec)) return 'no';
    return Array.isArray(spec.completion_fns) && spec.completion_fns.length > 0
      ? 'yes'
      : { broken: 'an oaieval log names its completion functions in `spec.completion_fns`; this one has none' };
  },
  async *read(path, options, signal) {
    let variant: string | null = null;
    let runId: string | null = null;
    let finished = false;
    type Outcome = { n: number; c: number; metric?: unknown; error?: string; place: InputLocation };
    const samples = new Map<string, Outcome>();
    for await (const row of formatJsonLines(path, options.report, signal)) {
      if (row.problem !== undefined) {
        yield row;
        continue;
      }
      const { place } = row;
      const event = row.value as Record<string, unknown>;
      if (event.spec !== undefined) {
        const spec = event.spec as Record<string, unknown>;
        const fns = spec.completion_fns as unknown[];
        variant = String(fns[0]);
        runId = typeof spec.run_id === 'string' ? spec.run_id : null;
        if (fns.length > 1)
          options.report.note(`${path}: variant "${variant}", the first of completion_fns ${fns.join(', ')}`);
        continue;
      }
      if (event.final_report !== undefined) {
        finished = true;
        continue;
      }
      const id = event.sample_id;
      if (id === undefined || id === null) continue; // run-level events (a metrics event without a sample)
      if (typeof id !== 'string' && typeof id !== 'number') {
        yield { problem: `expected a sample id, got ${describeValue(id)}`, place: { ...place, field: 'sample_id' } };
        continue;
      }
      const data = (event.data ?? {}) as Record<string, unknown>;
      const entry: Outcome = samples.get(String(id)) ?? { n: 0, c: 0, place };
      samples.set(String(id), entry);
      if (event.type === 'match' && options.sourceMetric === undefined) {
        if (typeof data.correct !== 'boolean') {
          yield {
            problem: `expected a boolean, got ${describeValue(data.correct)}`,
            place: { ...place, field: 'data.correct' },
          };
          continue;
        }
        entry.n++;
        if (data.correct) entry.c++;
      } else if (event.type === 'metrics' && options.sourceMetric !== undefined && options.sourceMetric in data) {
        entry.metric = data[options.sourceMetric];
        entry.place = place;
      } else if (event.type === 'error') {
        entry.error = String(data.message ?? data.type ?? 'error');
      }
    }
    if (variant === null)
      throw new InputError('an oaieval log starts with a `spec` line; this one has none', { file: path });
    let yielded = 0;
    for (const [item, entry] of samples) {
      const record: Record<string, unknown> = { item, variant, sample: 0 };
      if (entry.error !== undefined) {
        record.status = 'error';
        record.error = entry.error;
      } else if (options.sourceMetric !== undefined) {
        const value = entry.metric;
        if (value === undefined) continue; // no metrics event for this sample
        if (typeof value === 'boolean') record.pass = value;
        else if (typeof value === 'number' && Number.isFinite(value)) record.score = value;
        else {
          yield {
            problem: `expected a number or a boolean, got ${describeValue(value)}`,
            place: { ...entry.place, field: `data.${options.sourceMetric}` },
          };
          continue;
        }
      } else if (entry.n === 0) {
        continue; // sampling events only: no outcome recorded
      } else if (entry.n === 1) record.pass = entry.c === 1;
      else {
        record.n = entry.n;
        record.c = entry.c;
      }
      yielded++;
      yield { record, place: entry.place };
    }
    if (yielded === 0) {
      const what =
        options.sourceMetric === undefined ? '`match` events' : `\`metrics\` events with "${options.sourceMetric}"`;
      throw new InputError(`oaieval log with no per-sample outcomes (no ${what} with a sample_id): nothing to pair`, {
        file: path,
      });
    }
    options.report.variant({
      variant,
      runId,
      completeness: finished
        ? { state: 'complete', detail: 'oaieval log with its final_report', plannedItems: null }
        : {
            state: 'incomplete',
            detail: 'oaieval log without a final_report: the run did not finish',
            plannedItems: null,
          },
    });
  },
};
