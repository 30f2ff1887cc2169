import { z } from 'zod';

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
