import type { FormatReader } from './format-reader';
import { finishFile, type PendingResult, takeResult } from './promptfoo-results';
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
      const problem = takeResult(value, { file: path, field: `results.results[${at[2] as number}]` }, pending);
      if (problem !== undefined) yield problem;
    }
    yield* finishFile(pending, {
      file: path,
      report: options.report,
      runId: evalId,
      empty: 'promptfoo results: `results.results` holds no results',
      hashedFrom: 'vars and asserts',
    });
  },
};
