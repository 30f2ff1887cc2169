import { basename } from 'node:path';
import { InputError } from '../schema/input-error';
import type { FormatReader } from './format-reader';
import { streamJsonValues } from './stream-json-values';

const LISTS = [
  'submitted_ids',
  'completed_ids',
  'incomplete_ids',
  'resolved_ids',
  'unresolved_ids',
  'empty_patch_ids',
  'error_ids',
  'infra_failure_ids',
  'ambiguous_failure_ids',
] as const;
type List = (typeof LISTS)[number];

/**
 * The SWE-bench harness's run report `<model>.<run_id>.json` (SWE-bench/SWE-bench, MIT:
 * `swebench/harness/reporting.py` make_run_report, schema_version 2). Mapping: one row per submitted
 * instance: `resolved_ids` pass; `unresolved_ids` fail; `empty_patch_ids` fail (the model gave no patch;
 * tag `swebench: empty-patch`); `error_ids` an `error` row (the harness could not evaluate the patch: not
 * the model's failure). `incomplete_ids` (in the dataset, never submitted) give no row: they were not
 * attempted, so the input is `incomplete` and its planned items are submitted plus incomplete.
 * `infra_failure_ids` / `ambiguous_failure_ids` (subsets of unresolved and error) become a tag. The variant
 * is the file name before `.<run_id>.json`, with `__` read back as `/`.
 */
export const swebenchReport: FormatReader = {
  name: 'swebench-report',
  describe: 'SWE-bench harness run report <model>.<run_id>.json (resolved_ids, unresolved_ids, error_ids, ...)',
  example:
    'verdict compare examples/formats/swebench/agent-a.run1.json examples/formats/swebench/agent-b.run1.json --baseline agent-a --candidate agent-b',
  detect(probe) {
    const values = probe.json?.values;
    if (probe.json?.root !== 'object' || !values) return 'no';
    const marked = values.has('total_instances') && values.has('submitted_instances');
    if (!marked) return 'no';
    // A large report's id lists end past the probed head: their first element (`submitted_ids.0`) is enough.
    const lists = [...values.keys()].some((key) => LISTS.includes(key.split('.')[0] as List));
    return lists || values.has('schema_version')
      ? 'yes'
      : { broken: 'a SWE-bench run report lists `resolved_ids` and `submitted_ids`' };
  },
  async *read(path, options, signal) {
    const lists = new Map<List, Set<string>>();
    for await (const { path: at, value } of streamJsonValues(path, ['$.*'], signal)) {
      const key = at[0] as List;
      if (!LISTS.includes(key)) continue;
      if (!Array.isArray(value) || value.some((id) => typeof id !== 'string')) {
        throw new InputError('expected a list of instance ids', { file: path, field: key });
      }
      lists.set(key, new Set(value as string[]));
    }
    const list = (key: List) => lists.get(key) ?? new Set<string>();
    for (const required of ['submitted_ids', 'resolved_ids'] as const) {
      if (!lists.has(required))
        throw new InputError('missing: a SWE-bench run report lists it', { file: path, field: required });
    }
    const name = basename(path).replace(/\.json$/i, '');
    const dot = name.lastIndexOf('.');
    const variant = (dot > 0 ? name.slice(0, dot) : name).replaceAll('__', '/');
    const runId = dot > 0 ? name.slice(dot + 1) : null;
    const [resolved, unresolved, empty, errors, infra, ambiguous] = (
      [
        'resolved_ids',
        'unresolved_ids',
        'empty_patch_ids',
        'error_ids',
        'infra_failure_ids',
        'ambiguous_failure_ids',
      ] as const
    ).map(list);
    const submitted = [...list('submitted_ids')];
    for (const id of submitted) {
      const record: Record<string, unknown> = { item: id, variant, sample: 0 };
      const tags: Record<string, string> = {};
      if (infra!.has(id)) tags.failure = 'infra';
      else if (ambiguous!.has(id)) tags.failure = 'ambiguous';
      if (errors!.has(id)) record.status = 'error';
      else if (resolved!.has(id)) record.pass = true;
      else if (unresolved!.has(id)) record.pass = false;
      else if (empty!.has(id)) {
        record.pass = false;
        tags.swebench = 'empty-patch';
      } else {
        record.status = 'skipped';
        record.unscored = 'submitted, in no outcome list';
      }
      if (Object.keys(tags).length > 0) record.tags = tags;
      yield { record, place: { file: path, field: 'submitted_ids' } };
    }
    const incomplete = [...list('incomplete_ids')];
    const planned = [...submitted, ...incomplete];
    options.report.variant({
      variant,
      runId,
      completeness:
        incomplete.length > 0
          ? {
              state: 'incomplete',
              detail: `SWE-bench report: ${incomplete.length} of ${planned.length} instances were never submitted (incomplete_ids)`,
              plannedItems: planned,
            }
          : {
              state: 'complete',
              detail: `SWE-bench report: all ${planned.length} instances submitted`,
              plannedItems: planned,
            },
    });
  },
};
