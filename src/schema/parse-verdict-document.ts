import { VerdictDocument } from './verdict-document';

/**
 * `VerdictDocument.parse(value)` as a report validates its one document: the same checks, issues and output, but
 * without zod's compiled fast path (`jitless`), whose code zod generates for each object schema on its first parse
 * and which pays back only over many parses. A report parses one document per call: the first parse of a 500-item
 * comparison's document took 25-35 ms with it and 12-15 ms without, the next 6-8 ms and 4-6 ms (tsx, in-process,
 * 2026-12-03, BENCHMARKS.md "CLI start-up (issue 14): branch issue-14-startup3").
 * @throws {ZodError} if `value` is not a valid Verdict document
 * @example parseVerdictDocument(JSON.parse(text)).verdict // 'no-change'
 */
export const parseVerdictDocument = (value: unknown): VerdictDocument =>
  VerdictDocument.parse(value, { jitless: true });
