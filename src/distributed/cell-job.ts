import { z } from 'zod';
import type { Cell } from '../runner/types';
import type { Experiment } from '../schema/experiment-definition';

/**
 * What the queue carries for a cell: its identity, nothing else. The worker has the same experiment
 * (the configuration hashes match), so it takes the item from its own copy by index and checks that
 * the key agrees; no input, target or credential travels through Redis on the way out.
 */
export const CellJob = z.strictObject({
  key: z.string(),
  index: z.number().int().nonnegative(),
  variant: z.string(),
  sample: z.number().int().nonnegative(),
  seed: z.number(),
});
export type CellJob = z.infer<typeof CellJob>;

/** The job of a planned cell. `index` is the item's position in the experiment's items. */
export const cellJob = (cell: Cell, index: number): CellJob => ({
  key: cell.key,
  index,
  variant: cell.variant,
  sample: cell.sample,
  seed: cell.seed,
});

/**
 * The BullMQ job id of a cell: its key in base64url. BullMQ refuses ids that are integers or hold `:`,
 * both of which a key may (item ids are the user's); base64url of the key is neither, and one-to-one.
 *
 * @example cellJobId('["q1","A",0]') // 'WyJxMSIsIkEiLDBd'
 */
export const cellJobId = (key: string): string => Buffer.from(key, 'utf8').toString('base64url');

/** The cell key a job id (cellJobId) encodes. */
export const keyOfCellJobId = (id: string): string => Buffer.from(id, 'base64url').toString('utf8');

/**
 * The cell a job names, built from this process's copy of the experiment.
 * @throws {Error} when the job does not match the experiment (the item index or the key differs):
 *   such a job comes from another experiment, which the configuration hash check should have caught.
 */
export function cellOfJob(job: CellJob, experiment: Experiment): Cell {
  const item = experiment.items[job.index];
  if (item === undefined || !(job.variant in experiment.variants))
    throw new Error(`the queue's cell ${job.key} is not in this worker's experiment`);
  const key = JSON.stringify([String(item.id), job.variant, job.sample]);
  if (key !== job.key) throw new Error(`the queue's cell ${job.key} is item ${key} in this worker's experiment`);
  return { key, item, variant: job.variant, sample: job.sample, seed: job.seed };
}
