import { z } from 'zod';

export const DEFAULT_ANTHROPIC_BASE_URL = 'https://api.anthropic.com';
export const DEFAULT_ANTHROPIC_API_KEY_ENV = 'ANTHROPIC_API_KEY';
export const DEFAULT_ANTHROPIC_VERSION = '2023-06-01';
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 1024;

/** An environment variable's name (the value, a secret, never appears in an experiment file). */
export const EnvVarNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name');

/** USD per 1M tokens, to record `costUsd`; cache prices default to Anthropic's multipliers of the input price. */
export const AnthropicPricingSchema = z.strictObject({
  inputPerMillion: z.number().min(0),
  outputPerMillion: z.number().min(0),
  /** @default 0.1 x inputPerMillion (a cache hit, Anthropic's published multiplier) */
  cacheReadPerMillion: z.number().min(0).optional(),
  /** @default 1.25 x inputPerMillion (a 5-minute cache write) */
  cacheWritePerMillion: z.number().min(0).optional(),
});

/**
 * `{ type: 'anthropic', model, ... }`: Anthropic's Messages API (`POST {baseURL}/v1/messages`), streamed
 * as server-sent events unless `stream: false`. The single source of AnthropicTargetConfig.
 */
export const AnthropicTargetSchema = z.strictObject({
  type: z.literal('anthropic'),
  model: z.string().min(1),
  /** @default 'https://api.anthropic.com' (as the Anthropic SDKs: `/v1/messages` is appended) */
  baseURL: z.url({ protocol: /^https?$/ }).optional(),
  /** @default 'ANTHROPIC_API_KEY' */
  apiKeyEnv: EnvVarNameSchema.optional(),
  /** The `anthropic-version` header. @default '2023-06-01' */
  anthropicVersion: z.string().min(1).optional(),
  system: z.string().optional(),
  /** `max_tokens`, which the API requires. @default 1024 */
  maxTokens: z.int().positive().optional(),
  temperature: z.number().min(0).max(1).optional(),
  topP: z.number().gt(0).max(1).optional(),
  stopSequences: z.array(z.string().min(1)).optional(),
  /** @default true */
  stream: z.boolean().optional(),
  /** Extra headers (`anthropic-beta`); their values are redacted from everything stored. */
  headers: z.record(z.string(), z.string()).optional(),
  pricing: AnthropicPricingSchema.optional(),
});
export type AnthropicTargetConfig = z.input<typeof AnthropicTargetSchema>;
