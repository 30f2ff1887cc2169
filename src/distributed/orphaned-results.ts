import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/**
 * Put back in the waiting list the result jobs a killed coordinator had taken and not acknowledged, so that a
 * resumed coordinator stores them at once instead of after BullMQ's stalled check (`--stalled-after`, 30 s by
 * default: the dead coordinator's locks on them must expire first, then a stalled check must see them unlocked).
 *
 * Call it only while holding the coordinator's lease and before this coordinator's own consumer starts: only a
 * coordinator consumes the results queue, and the lease says there is one, so every result job active then was
 * taken by a coordinator that is gone (killed on this machine, or whose lease expired). Each is moved with its own
 * lock's token (BullMQ's moveJobFromActiveToWait: lock and stalled mark removed, the job pushed back on the waiting
 * list in one script). A job that was acknowledged or moved meanwhile is left as it is.
 *
 * Exactly once holds whatever was in flight: a record the dead coordinator had written but not acknowledged is
 * in results.jsonl, which the resumed coordinator has read, so the job it gets again is dropped as stored.
 *
 * @param redis - a connection to the queue's server (the lock keys are read with it).
 * @returns how many result jobs were put back.
 */
export async function requeueOrphanedResults(
  results: Queue,
  redis: Redis,
  { signal }: { signal?: AbortSignal } = {},
): Promise<number> {
  let moved = 0;
  // BullMQ's getActive lists by range; a dead coordinator held at most its consumer's concurrency, read in one page.
  for (const job of await results.getActive(0, -1)) {
    signal?.throwIfAborted();
    if (job.id === undefined) continue;
    const token = (await redis.get(`${results.toKey(job.id)}:lock`)) ?? '0';
    try {
      await job.moveToWait(token);
      moved++;
    } catch {
      // Finished, removed or taken meanwhile (BullMQ's -1/-2/-6): nothing to put back.
    }
  }
  return moved;
}
