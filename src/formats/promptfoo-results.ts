import { createHash } from 'node:crypto';
import { canonicalJson } from '../schema/canonical-json';
import { InputError, type InputLocation } from '../schema/input-error';
import type { FormatReport, FormatRow } from './format-reader';
import { UNKNOWN_COMPLETENESS } from './input-completeness';

/**
 * promptfoo's results (`promptfoo eval -o out.json|jsonl|csv`) to verdict records, one rule set for the
 * three files. Read from promptfoo's code (promptfoo/promptfoo, MIT): `src/types/index.ts` (EvaluateResult,
 * ResultFailureReason), `src/util/output.ts` (the writers), `src/util/eval/evalTableUtils.ts` (the CSV).
 *
 * - item: the test's `description` when every test has one and no description names two different tests;
 *   otherwise, for every test, `test-` and 12 hex digits of sha256 over the canonical JSON of its `vars` and
 *   `assert` (stable across files and runs). Never `testIdx`: promptfoo gives each repeat a new one.
 * - variant: `provider.label`, else `provider.id`; with several prompts in the file, `provider / prompt label`.
 * - sample: the repeat: the test's occurrence index for that variant, in file order.
 * - status: `error` only for `failureReason == 2` (promptfoo's ERROR); `error` text is also set on ordinary
 *   assertion failures (failureReason 1), which are fails, not errors. pass = `success`, score = `score`.
 */

/** One result before its item and sample are known (they need the whole file). */
export interface PendingResult {
  readonly record: Record<string, unknown>;
  readonly place: InputLocation;
  readonly description: string | undefined;
  readonly testHash: string;
  readonly provider: string;
  readonly promptLabel: string;
}

/** The hash that names a test without a unique description: its vars and asserts. */
export function testHash(vars: unknown, asserts: unknown): string {
  const digest = createHash('sha256')
    .update(canonicalJson({ vars: vars ?? {}, assert: asserts ?? [] }))
    .digest('hex');
  return `test-${digest.slice(0, 12)}`;
}

/** An EvaluateResult (JSON or JSONL) as a pending row. */
export function pendingFromResult(result: Record<string, unknown>, place: InputLocation): PendingResult | FormatRow {
  const testCase = (result.testCase ?? {}) as Record<string, unknown>;
  const provider = providerName(result.provider);
  if (provider === undefined)
    return {
      problem: 'expected `provider` (an id or {id, label})',
      place: { ...place, field: place.field ? `${place.field}.provider` : 'provider' },
    };
  const prompt = (result.prompt ?? {}) as Record<string, unknown>;
  const promptLabel = String(prompt.label ?? result.promptId ?? '');
  const record: Record<string, unknown> = {};
  if (result.failureReason === 2) {
    record.status = 'error';
    if (typeof result.error === 'string') record.error = result.error;
  } else {
    if (typeof result.success !== 'boolean') {
      return {
        problem: 'expected `success` (a boolean)',
        place: { ...place, field: place.field ? `${place.field}.success` : 'success' },
      };
    }
    record.pass = result.success;
    if (typeof result.score === 'number' && Number.isFinite(result.score)) record.score = result.score;
    if (typeof result.error === 'string' && result.error !== '') record.reason = result.error;
  }
  if (typeof result.latencyMs === 'number') record.latencyMs = result.latencyMs;
  const response = result.response as Record<string, unknown> | undefined;
  const cost = result.cost ?? response?.cost;
  if (typeof cost === 'number') record.costUsd = cost;
  const output = response?.output;
  if (output !== undefined && output !== null)
    record.output = typeof output === 'string' ? output : JSON.stringify(output);
  const tags = stringTags(testCase.metadata);
  if (tags) record.tags = tags;
  if (typeof result.repeatIndex === 'number') record.sample = result.repeatIndex;
  const description =
    typeof testCase.description === 'string' && testCase.description !== '' ? testCase.description : undefined;
  const vars = testCase.vars ?? result.vars;
  return { record, place, description, testHash: testHash(vars, testCase.assert), provider, promptLabel };
}

function providerName(provider: unknown): string | undefined {
  if (typeof provider === 'string' && provider !== '') return provider;
  if (typeof provider !== 'object' || provider === null) return undefined;
  const { label, id } = provider as Record<string, unknown>;
  if (typeof label === 'string' && label !== '') return label;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

function stringTags(metadata: unknown): Record<string, string> | undefined {
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  let tags: Record<string, string> | undefined;
  for (const [key, value] of Object.entries(metadata)) {
    if (key.startsWith('_')) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      tags ??= {};
      tags[key] = String(value);
    }
  }
  return tags;
}

/** How the file's items were named, for the note. */
export type ItemNaming = 'description' | 'hash';

/** Name items, variants and samples once the whole file is read, and yield the rows. */
export function finishResults(pending: readonly PendingResult[]): {
  rows: FormatRow[];
  naming: ItemNaming;
  variants: string[];
} {
  const testsOf = new Map<string, Set<string>>();
  let everyDescribed = true;
  for (const result of pending) {
    if (result.description === undefined) {
      everyDescribed = false;
      continue;
    }
    const tests = testsOf.get(result.description) ?? new Set();
    tests.add(result.testHash);
    testsOf.set(result.description, tests);
  }
  const naming: ItemNaming =
    everyDescribed && [...testsOf.values()].every((tests) => tests.size === 1) ? 'description' : 'hash';
  const prompts = new Set(pending.map((result) => result.promptLabel));
  const occurrences = new Map<string, number>();
  const variants = new Set<string>();
  const rows: FormatRow[] = pending.map((result) => {
    const item = naming === 'description' ? result.description! : result.testHash;
    const variant = prompts.size > 1 ? `${result.provider} / ${result.promptLabel}` : result.provider;
    variants.add(variant);
    const key = `${variant}\u0000${item}`;
    const sample = occurrences.get(key) ?? 0;
    occurrences.set(key, sample + 1);
    return { record: { item, variant, sample, ...result.record }, place: result.place };
  });
  return { rows, naming, variants: [...variants] };
}

/**
 * One EvaluateResult (an element of the JSON file's `results.results` or a JSONL line): kept in `pending`, to be
 * named once the whole file is read, or the problem found in it, for the reader to yield at once.
 */
export function takeResult(value: unknown, place: InputLocation, pending: PendingResult[]): FormatRow | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problem: 'expected an EvaluateResult (a JSON object)', place };
  }
  const result = pendingFromResult(value as Record<string, unknown>, place);
  if (!('description' in result)) return result;
  pending.push(result);
  return undefined;
}

/** What {@link finishFile} needs of its reader. */
export interface FinishFileOptions {
  readonly file: string;
  readonly report: FormatReport;
  /** promptfoo's `evalId`, where the file has one. */
  readonly runId: string | null;
  /** The problem when the file holds no result. */
  readonly empty: string;
  /** What the hash of a test is over, in this file: `vars and asserts`, or `vars` (a CSV has no asserts). */
  readonly hashedFrom: string;
}

/**
 * The rows of a whole file, once read: refused with `empty` when it held no result, else the rows named by
 * {@link finishResults}, a note when tests are named by a hash, and each variant reported (completeness unknown:
 * promptfoo's files do not say what was planned).
 */
export function* finishFile(
  pending: readonly PendingResult[],
  { file, report, runId, empty, hashedFrom }: FinishFileOptions,
): Generator<FormatRow> {
  if (pending.length === 0) throw new InputError(empty, { file });
  const { rows, naming, variants } = finishResults(pending);
  yield* rows;
  if (naming === 'hash') {
    report.note(`${file}: tests named by a hash of their ${hashedFrom} (descriptions missing or not unique)`);
  }
  for (const variant of variants) report.variant({ variant, runId, completeness: UNKNOWN_COMPLETENESS });
}
