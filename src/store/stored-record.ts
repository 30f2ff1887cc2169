import { z } from 'zod';
import { cellKey } from '../runner/cell-key';

/**
 * The fields of a results.jsonl line that the store relies on, checked line by line; everything else
 * is kept as it is. A cell is identified by (item id as text, variant, sample), as the runner and
 * compare identify it (cellKey); a `key` written in the line is not trusted for that (lines another
 * tool wrote have none, and runs of verdict before 0.2 wrote `[1,"A",0]` for a number id).
 */
export const StoredRecord = z.looseObject({
  key: z.string().optional(),
  item: z.union([z.string(), z.number()]),
  variant: z.string(),
  sample: z.number().int().nonnegative().optional(),
  status: z.enum(['ok', 'error', 'timeout', 'skipped']).optional(),
  pass: z.union([z.boolean(), z.literal(0), z.literal(1)]).optional(),
  costUsd: z.number().optional(),
});
export type StoredRecord = z.infer<typeof StoredRecord>;

/** The record's cell key, derived from its item, variant and sample. */
export const storedKey = (record: StoredRecord): string => cellKey(record.item, record.variant, record.sample ?? 0);
