import { isExactItemNumber } from './exact-item-number';
import { RecordStatus, type ResultRecord } from './result-record';

const STATUSES: ReadonlySet<unknown> = new Set(RecordStatus.options);

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/**
 * The common shape of a results row checked by hand, 20-50x faster than zod's `safeParse` (which costs
 * about 15 us a row: 30 s for 2 million rows). Returns exactly what `ResultRecord.parse` returns, or
 * `undefined` when the row is anything but plainly valid (then the caller runs zod, which also words the
 * error). A property test checks it against the schema.
 */
export function fastParseRecord(value: object): ResultRecord | undefined {
  const row = value as Record<string, unknown>;
  const { item, variant, sample, status, pass, score, n, c, tags } = row;
  if (typeof item !== 'string' && !(typeof item === 'number' && isExactItemNumber(item))) return undefined;
  if (typeof variant !== 'string' || variant === '') return undefined;
  if (sample !== undefined && !isCount(sample)) return undefined;
  if (status !== undefined && !STATUSES.has(status)) return undefined;
  if (pass !== undefined && pass !== null && pass !== true && pass !== false && pass !== 0 && pass !== 1)
    return undefined;
  if (score !== undefined && score !== null && !(typeof score === 'number' && Number.isFinite(score))) return undefined;
  if (n !== undefined || c !== undefined) {
    if (!(isCount(n) && n >= 1 && isCount(c) && c <= n)) return undefined;
  }
  if (tags !== undefined) {
    if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) return undefined;
    for (const key in tags) if (typeof (tags as Record<string, unknown>)[key] !== 'string') return undefined;
  }
  const hasPass = pass !== undefined && pass !== null;
  const hasScore = score !== undefined && score !== null;
  const resolvedStatus = (status ?? 'ok') as ResultRecord['status'];
  if (resolvedStatus === 'ok' && !hasPass && !hasScore && n === undefined) return undefined;
  const record: Record<string, unknown> = { ...row, sample: sample ?? 0, status: resolvedStatus };
  if (hasPass) record.pass = pass === true || pass === 1;
  else if ('pass' in record) delete record.pass; // a null pass: absent, as zod reads it
  if (!hasScore && 'score' in record) delete record.score;
  if (tags !== undefined) record.tags = { ...tags };
  return record as ResultRecord;
}
