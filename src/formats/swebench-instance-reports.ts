import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describeValue } from '../../stats/validate';
import { InputError } from '../schema/input-error';
import type { FormatReader, FormatRow } from './format-reader';
import { UNKNOWN_COMPLETENESS } from './input-completeness';
import { streamJsonValues } from './stream-json-values';

/** SWE-bench instance ids: `owner__repo-123`. */
const INSTANCE_DIRECTORY = /^[\w.-]+__[\w.-]+-\d+\/$/;

/**
 * The SWE-bench harness's per-instance `report.json` (`swebench/harness/grading.py` get_eval_report):
 * `{<instance_id>: {patch_is_None, patch_exists, patch_successfully_applied, resolved, tests_status?}}`,
 * in `logs/run_evaluation/<run_id>/<model>/<instance_id>/`. Give one report, or the `<model>` directory
 * (every instance directory in it). pass = `resolved`; an instance directory without a report.json is an
 * `error` row, as the harness's own run report counts it. Variant = the `<model>` directory's name
 * (`__` read as `/`), run id = its parent's.
 */
export const swebenchInstanceReports: FormatReader = {
  name: 'swebench-instance-reports',
  describe: 'SWE-bench harness per-instance report.json, or logs/run_evaluation/<run_id>/<model>/ holding them',
  example: 'verdict summary examples/formats/swebench/logs/run_evaluation/run1/agent-a',
  detect(probe) {
    if (probe.kind === 'directory')
      return probe.directoryEntries!.some((e) => INSTANCE_DIRECTORY.test(e)) ? 'yes' : 'no';
    const values = probe.json?.values;
    if (probe.json?.root !== 'object' || !values) return 'no';
    const keys = [...values.keys()];
    const looks = keys.some((key) => key.endsWith('.patch_exists')) && keys.some((key) => key.endsWith('.resolved'));
    return looks ? 'yes' : 'no';
  },
  async *read(path, options, signal) {
    const directory = (await stat(path)).isDirectory();
    const modelDirectory = directory ? path : dirname(dirname(path));
    const variant = basename(modelDirectory).replaceAll('__', '/');
    const runId = basename(dirname(modelDirectory)) || null;
    if (directory) {
      const entries = (await readdir(path, { withFileTypes: true }))
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort();
      for (const instance of entries) {
        signal?.throwIfAborted();
        const report = join(path, instance, 'report.json');
        const exists = await stat(report).then(
          () => true,
          () => false,
        );
        if (!exists) {
          yield {
            record: { item: instance, variant, sample: 0, status: 'error', error: 'no report.json' },
            place: { file: join(path, instance) },
          };
          continue;
        }
        options.report.file(report);
        yield* readReport(report, variant, signal);
      }
    } else yield* readReport(path, variant, signal);
    options.report.variant({ variant, runId, completeness: UNKNOWN_COMPLETENESS });
  },
};

async function* readReport(file: string, variant: string, signal?: AbortSignal): AsyncGenerator<FormatRow> {
  let found = 0;
  for await (const { path, value } of streamJsonValues(file, ['$.*'], signal)) {
    const id = String(path[0]);
    const report = value as Record<string, unknown>;
    const resolved = report?.resolved;
    if (typeof resolved !== 'boolean') {
      yield { problem: `expected a boolean, got ${describeValue(resolved)}`, place: { file, field: `${id}.resolved` } };
      continue;
    }
    found++;
    const record: Record<string, unknown> = { item: id, variant, sample: 0, pass: resolved };
    if (report.patch_is_None === true || report.patch_exists === false) record.tags = { swebench: 'empty-patch' };
    else if (report.patch_successfully_applied === false) record.tags = { swebench: 'patch-not-applied' };
    yield { record, place: { file, field: id } };
  }
  if (found === 0)
    throw new InputError('a SWE-bench report.json maps an instance id to its report; this one is empty', { file });
}
