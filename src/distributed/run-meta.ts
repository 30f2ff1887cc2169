import type { Redis } from 'ioredis';
import { z } from 'zod';
import { inputErrorFromZod } from '../schema/input-error-from-zod';

/**
 * The run as its coordinator describes it to the workers, in Redis (one JSON value): which experiment
 * (configuration hash: a worker with another refuses to run), the policy every cell runs under (so
 * that a cell's deadline and retries are the coordinator's, whatever machine runs it), and the state
 * the workers follow (`running`; `interrupted` with how: `cancel` aborts the cells in flight and puts
 * them back, `drain` lets them finish; `completed`: workers exit).
 */
export const RunMeta = z.looseObject({
  format: z.literal('verdict-queue-run'),
  formatVersion: z.literal(1),
  runId: z.string(),
  name: z.string(),
  configHash: z.string(),
  planned: z.number().int().nonnegative(),
  seed: z.number(),
  samples: z.number().int().positive(),
  timeoutMs: z.number().positive().nullable(),
  retries: z.object({
    max: z.number().int().nonnegative(),
    baseDelayMs: z.number().nonnegative(),
    maxDelayMs: z.number().nonnegative(),
  }),
  rateLimit: z.record(z.string(), z.number().positive()),
  /** The experiment's shared accounts, their limits held across all workers (absent: none). */
  accounts: z
    .record(
      z.string(),
      z.strictObject({
        requestsPerMinute: z.number().positive().optional(),
        tokensPerMinute: z.number().positive().optional(),
        variants: z.array(z.string()).readonly(),
        judge: z.literal(true).optional(),
      }),
    )
    .optional(),
  /** Whether the workers read and write the shared output cache in Redis (RedisCache). Absent: no. */
  cache: z.boolean().optional(),
  maxOutputChars: z.number().int().positive().optional(),
  attemptTimeoutMs: z.number().int().positive().optional(),
  status: z.enum(['running', 'interrupted', 'completed']),
  interrupt: z.enum(['cancel', 'drain']).optional(),
  coordinator: z.object({ host: z.string(), pid: z.number().int() }),
  updatedAt: z.string(),
});
export type RunMeta = z.infer<typeof RunMeta>;

/** How long a completed run's description stays, for late workers to read and exit on. */
export const COMPLETED_META_TTL_S = 24 * 60 * 60;

/** The run's description, or undefined when there is none (no coordinator yet, or Redis lost it). */
export async function readRunMeta(redis: Redis, key: string): Promise<RunMeta | undefined> {
  const text = await redis.get(key);
  if (text === null) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${key} in Redis is not JSON: not a verdict run (another program's key?)`);
  }
  const parsed = RunMeta.safeParse(value);
  if (!parsed.success)
    throw new Error(
      `${key} in Redis is not a verdict run this version reads: ${inputErrorFromZod(parsed.error, value).message}`,
    );
  return parsed.data;
}

export async function writeRunMeta(redis: Redis, key: string, meta: RunMeta): Promise<void> {
  const text = JSON.stringify({ ...meta, updatedAt: new Date().toISOString() });
  if (meta.status === 'completed') await redis.set(key, text, 'EX', COMPLETED_META_TTL_S);
  else await redis.set(key, text);
}
