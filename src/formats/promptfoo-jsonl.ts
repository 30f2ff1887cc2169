import type { FormatReader } from './format-reader';
import { formatJsonLines } from './json-lines';
import { finishFile, type PendingResult, takeResult } from './promptfoo-results';

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
      const problem = takeResult(row.value, row.place, pending);
      if (problem !== undefined) yield problem;
    }
    yield* finishFile(pending, {
      file: path,
      report: options.report,
      runId: null,
      empty: 'promptfoo results: no results in the file',
      hashedFrom: 'vars and asserts',
    });
  },
};
