import { InputError } from '../schema/input-error';
import type { FormatReader } from './format-reader';
import { UNKNOWN_COMPLETENESS } from './input-completeness';
import { formatJsonLines } from './json-lines';
import { finishResults, type PendingResult, pendingFromResult } from './promptfoo-results';

/**
 * promptfoo's `-o out.jsonl`: one EvaluateResult per line, no header (so no eval id: the variant falls
 * back to the file name when two files name the same provider). Mapping rules: ./promptfoo-results.ts.
 */
export const promptfooJsonl: FormatReader = {
  name: 'promptfoo-jsonl',
  describe: 'promptfoo `eval -o results.jsonl` (one EvaluateResult per line)',
  example: 'verdict summary examples/formats/promptfoo/riddles.jsonl',
  detect(probe) {
    const line = probe.firstLine as Record<string, unknown> | undefined;
    if (typeof line !== 'object' || line === null) return 'no';
    return 'testIdx' in line && 'promptIdx' in line && 'success' in line && 'provider' in line ? 'yes' : 'no';
  },
  async *read(path, options, signal) {
    const pending: PendingResult[] = [];
    for await (const row of formatJsonLines(path, options.report, signal)) {
      if (row.problem !== undefined) {
        yield row;
        continue;
      }
      const { value, place } = row;
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        yield { problem: 'expected an EvaluateResult (a JSON object)', place };
        continue;
      }
      const result = pendingFromResult(value as Record<string, unknown>, place);
      if ('description' in result) pending.push(result);
      else yield result;
    }
    if (pending.length === 0) throw new InputError('promptfoo results: no results in the file', { file: path });
    const { rows, naming, variants } = finishResults(pending);
    yield* rows;
    if (naming === 'hash')
      options.report.note(
        `${path}: tests named by a hash of their vars and asserts (descriptions missing or not unique)`,
      );
    for (const variant of variants)
      options.report.variant({ variant, runId: null, completeness: UNKNOWN_COMPLETENESS });
  },
};
