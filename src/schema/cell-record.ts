import { z } from 'zod';
import { type RecordStatus, ResultRecordFields } from './result-record';

/** A cell's outcome status: the results line's `status` (RecordStatus). */
export type CellStatus = RecordStatus;

const Tokens = z.union([z.number(), z.record(z.string(), z.number())]);

/** A stable reference to an item whose input or expected answer is too long to store on each record. */
export const ItemRef = z.object({
  /** The items file (or the experiment file holding the items), as the user wrote it. */
  file: z.string().optional(),
  /** SHA-256 (hex) of the canonical JSON of `{ id, input, expected }`. */
  sha256: z.string(),
});
export type ItemRef = z.infer<typeof ItemRef>;

/** What a model-graded scorer's calls to its judge cost, stored as a record's `judge`. */
export const JudgeUsage = z.object({
  /** Calls made to the judge (1 + retries). */
  attempts: z.number().int().nonnegative(),
  /** Wall time of the judging, retries and waits included. */
  latencyMs: z.number().nonnegative(),
  costUsd: z.number().optional(),
  tokens: Tokens.optional(),
  /** The judge's answer came from the output cache: no call was made (`attempts` 0). */
  cached: z.literal(true).optional(),
  /** What the cached answer cost when the judge was first asked (cached answers only; nothing was spent now). */
  originalCostUsd: z.number().nonnegative().optional(),
});
export type JudgeUsage = z.infer<typeof JudgeUsage>;

/**
 * One line of results.jsonl as `verdict run` writes it: the results row's fields (ResultRecordFields, the record
 * schema of docs/record-schema.md; a line of it is a valid ResultRecord) plus what the runner knows. `pass`/`score` are present only when `status` is
 * `ok`: a failure that is not the model's is never stored as `pass: false`. Strict, so that a field the runner
 * writes and this schema does not name fails the test that checks written lines against it.
 */
const { item, variant, sample, status, tags } = ResultRecordFields;

export const CellRecord = z.strictObject({
  item,
  variant,
  sample,
  status,
  /** The runner writes booleans and finite numbers only (no 0/1, no aggregated `n`/`c` rows). */
  pass: z.boolean().optional(),
  score: z.number().optional(),
  tags,
  /** JSON of [item id as text, variant, sample] (cellKey). */
  key: z.string(),
  /** Why the scorer (or the judge) decided as it did: a string `reason` it returned. */
  reason: z.string().optional(),
  /** Whatever else the scorer returned beside `pass`, `score` and `reason` (sub-scores, ...). */
  scoreDetails: z.record(z.string(), z.unknown()).optional(),
  output: z.unknown().optional(),
  /** The item's input, for review (left out when too long: see `itemRef`). */
  input: z.unknown().optional(),
  /** The item's expected answer, for review (left out when too long: see `itemRef`). */
  expected: z.unknown().optional(),
  /** Where the item is, when its input or expected answer was too long to store on the record. */
  itemRef: ItemRef.optional(),
  /** The judge's calls, when the scorer is model-graded: kept apart from the target's cost and latency. */
  judge: JudgeUsage.optional(),
  error: z.string().optional(),
  /** Wall time of the cell, over all attempts, backoff and rate-limit waits included. */
  latencyMs: z.number().nonnegative(),
  /** Calls made to the target (1 + retries). */
  attempts: z.number().int().nonnegative(),
  costUsd: z.number().optional(),
  tokens: Tokens.optional(),
  seed: z.number(),
  /** ISO time the cell finished. */
  finishedAt: z.string(),
  /** Served from the output cache: no call was made and nothing was spent (the original call's figures follow). */
  cached: z.literal(true).optional(),
  /** The original call's latency (cached records only). */
  originalLatencyMs: z.number().optional(),
  /** The original call's cost (cached records only; this run spent nothing on the cell). */
  originalCostUsd: z.number().optional(),
  originalTokens: Tokens.optional(),
  /** ISO time the cached entry was written. */
  cachedAt: z.string().optional(),
});
export type CellRecord = Readonly<z.output<typeof CellRecord>>;
