/** How long a cell's lock may go unrenewed before BullMQ treats its worker as gone and the cell runs elsewhere. */
export const DEFAULT_STALLED_AFTER_MS = 30_000;
