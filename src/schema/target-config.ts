import { z } from 'zod';
import { AnthropicTargetSchema } from './anthropic-target-config';
import { HttpTargetSchema } from './http-target-config';

/** `{ type: 'openai', baseURL, model, apiKeyEnv?, ... }`: an OpenAI-compatible chat-completions endpoint. */
export const OpenAITargetSchema = z.strictObject({
  type: z.literal('openai'),
  baseURL: z.url({ protocol: /^https?$/ }),
  model: z.string().min(1),
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name')
    .optional(),
  system: z.string().optional(),
  temperature: z.number().min(0).optional(),
  maxTokens: z.int().positive().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  pricing: z.strictObject({ inputPerMillion: z.number().min(0), outputPerMillion: z.number().min(0) }).optional(),
});

/** `{ type: 'command', argv, cwd?, env? }`: a subprocess without a shell. */
export const CommandTargetSchema = z.strictObject({
  type: z.literal('command'),
  argv: z.array(z.string()).min(1),
  cwd: z.string().optional(),
  env: z.record(z.string(), z.string()).optional(),
});

export const TARGET_EXPECTED =
  "expected a target: an async function, or { type: 'openai' | 'anthropic' | 'http' | 'command', ... }";

/** A built-in target's configuration, told apart by `type`. */
export const TargetConfigSchema = z.discriminatedUnion(
  'type',
  [OpenAITargetSchema, AnthropicTargetSchema, HttpTargetSchema, CommandTargetSchema],
  {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? `${TARGET_EXPECTED}, got type ${JSON.stringify((issue.input as { type?: unknown } | undefined)?.type)}`
        : undefined,
  },
);
