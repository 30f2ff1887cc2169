import { InputError, type InputLocation } from '../schema/input-error';
import type { FormatReader } from './format-reader';
import { ruled } from './inspect-eval';
import {
  chooseScorer,
  type InspectHeader,
  inspectCompleteness,
  inspectHeader,
  inspectSampleRow,
  type ScorerChoice,
} from './inspect-sample';
import { streamJsonValues } from './stream-json-values';

/**
 * inspect_ai's `.json` log (`--log-format json`, or `inspect log convert --to json`): one EvalLog object,
 * version 2. Streamed: the header fields, then each element of `samples` as it arrives, so a log of any
 * size is never one object in memory. Mapping rules: ./inspect-sample.ts.
 */
export const inspectJson: FormatReader = {
  name: 'inspect-json',
  describe: 'inspect_ai .json log (EvalLog version 2), as `--log-format json` or `inspect log convert` writes',
  example: 'verdict summary examples/formats/inspect/popularity-mini.json',
  detect(probe) {
    const values = probe.json?.values;
    if (probe.json?.root !== 'object' || !values) return 'no';
    const isInspect =
      values.has('eval.task') && values.has('eval.model') && (values.has('eval.run_id') || values.has('plan'));
    if (!isInspect) return 'no';
    const version = values.get('version');
    if (version !== 2 && version !== 1) {
      return { broken: `an inspect_ai log has \`version\` 2; this one has ${JSON.stringify(version ?? null)}` };
    }
    return 'yes';
  },
  async *read(path, options, signal) {
    const top: Record<string, unknown> = {};
    let header: InspectHeader | null = null;
    let choice: ScorerChoice | null = null;
    let read = 0;
    const start = (): void => {
      const where: InputLocation = { file: path };
      header = ruled(() => inspectHeader(top, where));
      choice = ruled(() => chooseScorer(header!, options.scorer, where));
      if (choice && options.scorer === undefined && header.scorers.length > 1) {
        options.report.note(
          `${path}: scorer "${choice.scorer}" (the first of ${header.scorers.join(', ')}); choose with --scorer`,
        );
      }
    };
    const waiting: { sample: unknown; index: number }[] = [];
    const paths = ['$.version', '$.status', '$.eval', '$.results', '$.samples.*'];
    for await (const { path: at, value } of streamJsonValues(path, paths, signal)) {
      if (at[0] !== 'samples') {
        top[at[0] as string] = value;
        continue;
      }
      // inspect writes the header before the samples; any other order waits for `eval`.
      if (header === null && top.eval === undefined) {
        waiting.push({ sample: value, index: at[1] as number });
        continue;
      }
      if (header === null) start();
      for (const item of [...waiting.splice(0), { sample: value, index: at[1] as number }]) {
        read++;
        yield sampleRow(item.sample, item.index);
      }
    }
    if (header === null) start();
    for (const item of waiting.splice(0)) {
      read++;
      yield sampleRow(item.sample, item.index);
    }
    if (read === 0) {
      throw new InputError(
        'header-only inspect_ai log: it holds no per-sample data (`samples` is empty or absent), so nothing can be paired',
        { file: path },
      );
    }
    const done = header as unknown as InspectHeader;
    options.report.variant({ variant: done.model, runId: done.runId, completeness: inspectCompleteness(done, read) });

    function sampleRow(sample: unknown, index: number) {
      const place = { file: path, field: `samples[${index}]` };
      if (typeof sample !== 'object' || sample === null || Array.isArray(sample)) {
        return { problem: 'expected a sample (a JSON object)', place };
      }
      const h = header as unknown as InspectHeader;
      return inspectSampleRow(sample as Record<string, unknown>, h, choice, place, h.model);
    }
  },
};
