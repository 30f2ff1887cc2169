/**
 * The zod schemas of an experiment file (TS/JS module default export, JSON or YAML) and of its
 * items. Strict: an unknown field is an error naming it, so that a typo (`timeout` for `timeoutMs`)
 * never silently falls back to a default. Functions (targets, a scorer) are allowed where the
 * issue allows code; JSON and YAML simply cannot hold them.
 */
import { z } from 'zod';
import { accountProblems } from './accounts';
import { inexactItemNumber, isExactItemNumber } from './exact-item-number';
import type { Scorer, TargetFunction } from './experiment-definition';
import { type ScoreConfig, ScoreConfigSchema } from './scorer-config';
import { StoppingPolicySchema } from './stopping-policy';
import { TARGET_EXPECTED, TargetConfigSchema } from './target-config';

/**
 * The longest delay Node's `setTimeout` takes: a 32-bit signed millisecond count, about 24.8 days.
 * A longer one is not honoured but replaced by 1 ms (with a TimeoutOverflowWarning, as browsers do):
 * a deadline or a Retry-After beyond it would fire at once.
 */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** An item id: a non-empty string or a number that keeps its digits ({@link isExactItemNumber}). */
export const ItemIdSchema = z
  .union([z.string().min(1), z.number()], {
    error: (issue) => (issue.input === undefined ? 'missing required field' : undefined),
  })
  .refine((value) => typeof value === 'string' || isExactItemNumber(value), {
    error: (issue) => inexactItemNumber(issue.input),
  });

/** One item: `{ id, input, expected?, tags? }`. `input` must be present (it may be null). */
export const ItemSchema = z
  .strictObject({
    id: ItemIdSchema,
    input: z.unknown(),
    expected: z.unknown().optional(),
    tags: z
      .record(
        z.string(),
        z.union([z.string(), z.number(), z.boolean()]).transform((value) => String(value)),
      )
      .optional(),
  })
  .superRefine((item, ctx) => {
    if (!('input' in item)) ctx.addIssue({ code: 'custom', path: ['input'], message: 'missing required field' });
  });
export type ItemFileRecord = z.infer<typeof ItemSchema>;

/** Where the items are: an inline array, or a JSONL/CSV/JSON/YAML file relative to the experiment. */
export const ItemsSourceSchema = z.union([
  z.array(z.unknown()),
  z.strictObject({
    path: z.string().min(1),
    /** Allow a path outside the experiment's directory (`../shared/items.jsonl`). @default false */
    allowOutside: z.boolean().optional(),
  }),
]);

/**
 * A function, or a value `configSchema` accepts. Not a `z.union`: a union reports one vague issue
 * when every branch fails, and a user who mistyped a field of `{ type: 'openai' }` needs to hear
 * which field, so an object with a `type` gets `configSchema`'s own issues.
 */
function functionOr<F, C>(configSchema: z.ZodType<C>, expected: string): z.ZodType<F | C> {
  return z.unknown().superRefine((value, ctx) => {
    if (typeof value === 'function') return;
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'type' in value) {
      const parsed = configSchema.safeParse(value);
      if (!parsed.success)
        for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, input: undefined } as never);
      return;
    }
    ctx.addIssue({ code: 'custom', message: `${expected}, got ${describeTarget(value)}` });
  }) as unknown as z.ZodType<F | C>;
}

function describeTarget(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  return typeof value === 'object'
    ? Array.isArray(value)
      ? 'an array'
      : 'an object without `type`'
    : JSON.stringify(value);
}

/** A variant's target: a function (modules only) or a built-in target's configuration. */
export const TargetSchema = functionOr<TargetFunction, z.infer<typeof TargetConfigSchema>>(
  TargetConfigSchema,
  TARGET_EXPECTED,
);

/** `score`: a function (modules only) or a built-in scorer's configuration. */
export const ScoreSchema = functionOr<Scorer, ScoreConfig>(
  ScoreConfigSchema,
  "expected a scorer: a function or { type: 'exact-match' | 'includes' | 'regex' | 'numeric' | 'json-equal' | 'judge', ... }",
);

const RateLimitSchema = z.strictObject({ requestsPerMinute: z.number().positive() });

/** A provider account (or endpoint) shared by variants and a judge: `{ requestsPerMinute?, tokensPerMinute?, variants? }`. */
export const AccountSchema = z.strictObject({
  requestsPerMinute: z.number().positive().optional(),
  tokensPerMinute: z.number().positive().optional(),
  variants: z.array(z.string().min(1)).optional(),
});

/** The experiment file, before its items file is read and its scorer built. */
export const ExperimentFileSchema = z
  .strictObject({
    name: z.string().min(1),
    description: z.string().optional(),
    items: ItemsSourceSchema,
    variants: z.record(z.string().min(1), TargetSchema),
    score: ScoreSchema.optional(),
    samples: z.int().min(1).optional(),
    concurrency: z.int().min(1).optional(),
    timeoutMs: z.int().positive().max(MAX_TIMER_DELAY_MS).optional(),
    /** Deadline of one attempt: a hung call is abandoned and retried within the cell's `timeoutMs`. */
    attemptTimeoutMs: z.int().positive().max(MAX_TIMER_DELAY_MS).optional(),
    retries: z
      .strictObject({
        max: z.int().min(0).optional(),
        baseDelayMs: z.number().min(0).max(MAX_TIMER_DELAY_MS).optional(),
        maxDelayMs: z.number().min(0).max(MAX_TIMER_DELAY_MS).optional(),
      })
      .optional(),
    rateLimit: z.union([RateLimitSchema, z.record(z.string(), RateLimitSchema)]).optional(),
    accounts: z.record(z.string().min(1), AccountSchema).optional(),
    seed: z.int().optional(),
    maxCostUsd: z.number().positive().optional(),
    /** How `verdict run --stop-early` stops (see src/schema/stopping-policy.ts). */
    stopping: StoppingPolicySchema.optional(),
  })
  .superRefine((file, ctx) => {
    const names = Object.keys(file.variants);
    if (names.length < 2) {
      const got = names.length === 0 ? 'none' : `only ${JSON.stringify(names[0])}`;
      ctx.addIssue({
        code: 'custom',
        path: ['variants'],
        message: `expected two or more variants (a baseline and a candidate), got ${got}`,
      });
    }
    for (const role of ['baseline', 'candidate'] as const) {
      const variant = file.stopping?.[role];
      if (variant !== undefined && !names.includes(variant))
        ctx.addIssue({
          code: 'custom',
          path: ['stopping', role],
          message: `no variant named ${JSON.stringify(variant)}`,
        });
    }
    const rateLimited =
      file.rateLimit === undefined ? [] : 'requestsPerMinute' in file.rateLimit ? names : Object.keys(file.rateLimit);
    const judgeAccount = typeof file.score === 'object' && file.score.type === 'judge' ? file.score.account : undefined;
    for (const problem of accountProblems({ accounts: file.accounts, variants: names, rateLimited, judgeAccount }))
      ctx.addIssue({ code: 'custom', path: [...problem.path], message: problem.message });
    if (file.rateLimit !== undefined && !('requestsPerMinute' in file.rateLimit)) {
      for (const name of Object.keys(file.rateLimit)) {
        if (!names.includes(name))
          ctx.addIssue({ code: 'custom', path: ['rateLimit', name], message: 'no variant of that name' });
      }
    }
  });
export type ExperimentFile = z.input<typeof ExperimentFileSchema>;
