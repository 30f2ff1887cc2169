import { z } from 'zod';
import { cellKey } from '../runner/cell-key';

/**
 * The fields of a results.jsonl line that the store relies on, checked line by line; everything else
 * is kept as it is. `key` may be missing in lines another tool wrote: it is derived from
 * (item, variant, sample) exactly as the runner derives it.
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

/** The record's cell key, whether it carries one or not. */
export const storedKey = (record: StoredRecord): string =>
  record.key ?? cellKey(record.item, record.variant, record.sample ?? 0);
