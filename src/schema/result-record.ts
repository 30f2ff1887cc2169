/**
 * The record schema of results files (docs/record-schema.md): one row per (item, variant,
 * sample) outcome, or one aggregated row of `c` passes out of `n` samples. The runner's `CellRecord`
 * is an instance of it; so is any file another tool writes in this shape. Unknown fields are kept
 * (`latencyMs`, `costUsd`, `output`, snake_case `cost_usd` ...): the analysis reads what it knows.
 *
 * Each field's `error` text is the "expected ..." half of a user-facing message; the loader adds the
 * file, line, field and the value it got (``results.jsonl:12: `pass`: expected boolean or 0/1, got "yes"``).
 */
import { z } from 'zod';
import { inexactItemNumber, isExactItemNumber } from './exact-item-number';

/** Outcome status of a cell. Non-ok rows are never failures of the model: the analysis excludes them. */
export const RecordStatus = z.enum(['ok', 'error', 'timeout', 'skipped'], {
  error: 'expected one of "ok", "error", "timeout", "skipped"',
});
export type RecordStatus = z.infer<typeof RecordStatus>;

/** A tag value: written as a string; numbers and booleans are accepted and kept as their text. */
const TagValue = z
  .union([z.string(), z.number(), z.boolean()], { error: 'expected a string' })
  .transform((value) => String(value));

const count = (what: string) =>
  z
    .number({ error: `expected ${what}` })
    .int()
    .nonnegative();

/**
 * The fields of a results row the analysis reads, each with its own check and wording: the results line
 * (ResultRecord), the runner's record (CellRecord) and the store's view of a line (StoredRecord) are built
 * from these, so a field is defined once.
 */
export const ResultRecordFields = {
  item: z
    .union([z.string(), z.number()], { error: 'expected a string or a number' })
    .refine((value) => typeof value === 'string' || isExactItemNumber(value), {
      error: (issue) => inexactItemNumber(issue.input),
    }),
  variant: z.string({ error: 'expected a non-empty string' }).min(1, { error: 'expected a non-empty string' }),
  sample: count('an integer >= 0').default(0),
  status: RecordStatus.default('ok'),
  pass: z
    .union([z.boolean(), z.literal(0), z.literal(1)], { error: 'expected boolean or 0/1' })
    .nullish()
    .transform((value) => (value === null || value === undefined ? undefined : value === true || value === 1)),
  score: z
    .number({ error: 'expected a finite number' })
    .nullish()
    .transform((value) => value ?? undefined),
  n: z
    .number({ error: 'expected an integer >= 1' })
    .int()
    .positive()
    .nullish()
    .transform((value) => value ?? undefined),
  c: count('an integer >= 0')
    .nullish()
    .transform((value) => value ?? undefined),
  tags: z.record(z.string(), TagValue, { error: 'expected an object of strings' }).optional(),
};

/**
 * One row of a results file. `pass` accepts `true`/`false` and `1`/`0` and is a boolean after parsing.
 * An `ok` row needs an outcome: `pass`, `score`, or the aggregated pair `n` and `c` (with c <= n);
 * rows of any other status need none. `null` is read as absent, as most writers mean it.
 *
 * @example ResultRecord.parse({ item: '007', variant: 'B', pass: 1 }) // { item: '007', variant: 'B', pass: true, sample: 0, status: 'ok' }
 */
export const ResultRecord = z.looseObject(ResultRecordFields).superRefine((record, context) => {
  const hasN = record.n !== undefined;
  const hasC = record.c !== undefined;
  if (hasN !== hasC) {
    const field = hasN ? 'c' : 'n';
    context.addIssue({ code: 'custom', path: [field], message: `required with \`${hasN ? 'n' : 'c'}\`` });
  } else if (hasN && hasC && record.c! > record.n!) {
    context.addIssue({ code: 'custom', path: ['c'], message: `must not exceed \`n\` (${record.n})` });
  }
  if (record.status === 'ok' && record.pass === undefined && record.score === undefined && !hasN) {
    context.addIssue({ code: 'custom', path: ['pass'], message: 'an ok row needs `pass`, `score` or `n` and `c`' });
  }
});

/** A record after parsing: defaults filled in, `pass` a boolean, unknown fields kept. */
export type ResultRecord = z.infer<typeof ResultRecord>;
/** What a writer may put in a file (before defaults and coercion). */
export type ResultRecordInput = z.input<typeof ResultRecord>;
