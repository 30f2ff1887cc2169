/** How long a cell's lock may go unrenewed before BullMQ treats its worker as gone and the cell runs elsewhere. */
export const DEFAULT_STALLED_AFTER_MS = 30_000;
/**
 * Cells a coordinator keeps in Redis and not yet stored, at most. Room for the workers never to wait
 * (keep it several times the total concurrency of all workers), small enough that Redis holds a few MB
 * of jobs, not a whole 100k-cell plan.
 */
export const DEFAULT_QUEUE_WINDOW = 5000;
