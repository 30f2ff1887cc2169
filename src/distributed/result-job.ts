import { z } from 'zod';

/** What a worker sends back for a cell: the record runCell made, checked by the coordinator before it is stored. */
export const ResultJob = z.strictObject({
  record: z.looseObject({
    key: z.string(),
    item: z.union([z.string(), z.number()]),
    variant: z.string(),
    sample: z.number().int().nonnegative(),
    status: z.enum(['ok', 'error', 'timeout', 'skipped']),
    pass: z.boolean().optional(),
    score: z.number().optional(),
    latencyMs: z.number().nonnegative(),
    attempts: z.number().int().nonnegative(),
    costUsd: z.number().optional(),
    seed: z.number(),
    finishedAt: z.string(),
  }),
  /** What the shared output cache did for the cell, when the run has one (CellCacheOutcome). */
  cache: z
    .strictObject({
      hit: z.boolean(),
      written: z.boolean(),
      failures: z.number().int().nonnegative(),
      costSavedUsd: z.number().nonnegative(),
    })
    .optional(),
});
export type ResultJob = z.infer<typeof ResultJob>;
