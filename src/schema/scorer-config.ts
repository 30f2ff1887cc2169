import { z } from 'zod';
import { JUDGE_GRADE_FORMATS, templateProblem } from './judge-template';
import { TargetConfigSchema } from './target-config';

const nonNegative = z.number().finite().nonnegative();

/**
 * A built-in scorer named in a JSON/YAML experiment (`score: { type: 'numeric', rel: 0.01 }`). The
 * schema of an experiment file embeds this one, so a typo in a scorer field is caught at load time.
 */
export const ScorerConfig = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('exact-match'),
    trim: z.boolean().optional(),
    caseSensitive: z.boolean().optional(),
  }),
  z.strictObject({
    type: z.literal('includes'),
    value: z.union([z.string(), z.array(z.string())]).optional(),
    match: z.enum(['all', 'any']).optional(),
    caseSensitive: z.boolean().optional(),
  }),
  z.strictObject({ type: z.literal('regex'), pattern: z.string().optional(), flags: z.string().optional() }),
  z.strictObject({ type: z.literal('numeric'), abs: nonNegative.optional(), rel: nonNegative.optional() }),
  z.strictObject({ type: z.literal('json-equal') }),
]);
export type ScorerConfig = z.infer<typeof ScorerConfig>;

/**
 * `{ type: 'judge', judge, rubric?, template?, grade?, partialCredit?, account? }`: a model-graded scorer
 * (src/runner/scorers/judge-scorer.ts). `judge` is any built-in target's configuration; `template`'s
 * placeholders are checked here, so a misspelt `{{ouptut}}` fails at load time.
 */
export const JudgeScorerSchema = z.strictObject({
  type: z.literal('judge'),
  judge: TargetConfigSchema,
  rubric: z.string().trim().min(1).optional(),
  template: z
    .string()
    .min(1)
    .superRefine((template, ctx) => {
      const problem = templateProblem(template);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  grade: z.enum(JUDGE_GRADE_FORMATS).optional(),
  partialCredit: z.boolean().optional(),
  /** The account (in the experiment's `accounts`) whose rate limit the judge's calls share. */
  account: z.string().min(1).optional(),
});
export type JudgeScorerConfig = z.infer<typeof JudgeScorerSchema>;

/** A built-in scorer's configuration: a rule-based one (ScorerConfig) or the judge. */
export const ScoreConfigSchema = z.discriminatedUnion('type', [...ScorerConfig.options, JudgeScorerSchema]);
export type ScoreConfig = z.infer<typeof ScoreConfigSchema>;
