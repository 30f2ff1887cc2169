import { z } from 'zod';
import { CellRecord } from '../schema/cell-record';

/** What a worker sends back for a cell: the record runCell made, checked by the coordinator before it is stored. */
export const ResultJob = z.strictObject({
  /** The record runCell made, checked against the one results-line schema before it is stored. */
  record: CellRecord,
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
