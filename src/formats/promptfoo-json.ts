import { InputError } from '../schema/input-error';
import type { FormatReader } from './format-reader';
import { UNKNOWN_COMPLETENESS } from './input-completeness';
import { finishResults, type PendingResult, pendingFromResult } from './promptfoo-results';
import { streamJsonValues } from './stream-json-values';

/**
 * promptfoo's `-o out.json`: an OutputFile `{evalId, results: EvaluateSummary, config, ...}` with
 * `results.version` 3 (or 2, older). The EvaluateResults of `results.results` are streamed one at a time.
 * Mapping rules: ./promptfoo-results.ts.
 */
export const promptfooJson: FormatReader = {
  name: 'promptfoo-json',
  describe: 'promptfoo `eval -o results.json` (EvaluateSummary version 2 or 3)',
  example:
    'verdict compare examples/formats/promptfoo/riddles.json --baseline openai:gpt-5 --candidate openai:gpt-5-mini',
  detect(probe) {
    const values = probe.json?.values;
    if (probe.json?.root !== 'object' || !values) return 'no';
    const marked = values.has('evalId') || values.has('metadata.promptfooVersion');
    if (!marked) return 'no';
    const version = values.get('results.version');
    if (version === 2 || version === 3) return 'yes';
    return { broken: `promptfoo's results.version is 2 or 3; this file has ${JSON.stringify(version ?? null)}` };
  },
  async *read(path, options, signal) {
    const pending: PendingResult[] = [];
    let evalId: string | null = null;
    for await (const { path: at, value } of streamJsonValues(path, ['$.evalId', '$.results.results.*'], signal)) {
      if (at[0] === 'evalId') {
        if (typeof value === 'string') evalId = value;
        continue;
      }
      const place = { file: path, field: `results.results[${at[2] as number}]` };
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        yield { problem: 'expected an EvaluateResult (a JSON object)', place };
        continue;
      }
      const result = pendingFromResult(value as Record<string, unknown>, place);
      if ('description' in result) pending.push(result);
      else yield result;
    }
    if (pending.length === 0)
      throw new InputError('promptfoo results: `results.results` holds no results', { file: path });
    const { rows, naming, variants } = finishResults(pending);
    yield* rows;
    if (naming === 'hash')
      options.report.note(
        `${path}: tests named by a hash of their vars and asserts (descriptions missing or not unique)`,
      );
    for (const variant of variants)
      options.report.variant({ variant, runId: evalId, completeness: UNKNOWN_COMPLETENESS });
  },
};
