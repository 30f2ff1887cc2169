import { z } from 'zod';
import { cellKey } from '../schema/cell-key';
import { ResultRecordFields } from '../schema/result-record';

const { item, variant, sample, status, pass } = ResultRecordFields;

/**
 * The store's view of a results.jsonl line: the fields of the results row (ResultRecordFields) that resume and
 * the run's counts rely on, checked line by line; everything else is kept as it is. A cell is identified by
 * (item id as text, variant, sample), as the runner and compare identify it (cellKey); a `key` written in the
 * line is not trusted for that (lines another tool wrote have none, and runs of verdict before 0.2 wrote
 * `[1,"A",0]` for a number id).
 */
export const StoredRecord = z.looseObject({
  key: z.string().optional(),
  item,
  variant,
  sample,
  status,
  pass,
  costUsd: z.number().optional(),
});
export type StoredRecord = z.infer<typeof StoredRecord>;

/** The record's cell key, derived from its item, variant and sample. */
export const storedKey = (record: StoredRecord): string => cellKey(record.item, record.variant, record.sample);
