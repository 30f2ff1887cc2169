import type { InputProblems } from '../formats/input-problems';
import { jsonLineRow, tornLineWarning } from '../formats/json-lines';
import type { LineBytes } from '../formats/scan-lines';
import { emptyScannedRecord, RecordLineScanner, type ScannedRecord } from '../formats/scan-record-line';
import { validateRecord } from '../formats/validate-rows';
import type { ResultsColumnsBuilder } from './columns-builder';

/** Where the lines of one verdict JSON Lines file go, for {@link addJsonLines}. */
export interface JsonLinesTarget {
  readonly path: string;
  readonly builder: ResultsColumnsBuilder;
  /** The builder's code of the file. */
  readonly file: number;
  readonly problems: InputProblems;
  /** Told of each row added (its variant), in order; none by default. */
  readonly onRow?: ((variant: string) => void) | undefined;
  readonly onWarning: (message: string) => void;
  /**
   * Told the number of a torn last line instead of `onWarning` (a load worker, whose line numbers are its range's:
   * the loading thread words the warning with the file's number).
   */
  readonly onTornLine?: ((line: number) => void) | undefined;
}

/**
 * The lines of a verdict JSON Lines file into typed columns, a batch at a time (the one loop of the streamed load
 * and of each load worker's range, parallel-jsonl-load.ts): each line read by the fast scanner
 * (scan-record-line.ts) when the builder keeps fields only, and any line it refuses (or every line, when the
 * builder holds whole records) parsed by JSON.parse and checked by the record schema (`validateRecord`), so a bad
 * line's problem names file, line, field and value. The torn-last-line rule of user files (`jsonLineRow`): a last
 * line with no newline that is not JSON is skipped, `onWarning` told. Each row keeps its line's byte offset.
 * @returns a function that takes the next batch
 */
export function addJsonLines({ path, builder, file, problems, onRow, onWarning, onTornLine }: JsonLinesTarget) {
  const scanner = builder.holdsRecords ? null : new RecordLineScanner(builder.keptFields);
  const scanned: ScannedRecord = emptyScannedRecord(builder.keptFields.length);
  const onTorn = onTornLine ?? ((line: number) => onWarning(tornLineWarning(path, line)));
  return (batch: LineBytes): void => {
    for (let i = 0; i < batch.count; i++) {
      const start = batch.starts[i] ?? 0;
      const end = batch.ends[i] ?? 0;
      const line = batch.firstLine + i;
      const byteOffset = batch.byteOffset + start;
      if (scanner?.scan(batch.bytes, start, end, scanned)) {
        builder.addScanned(scanned, batch.bytes, file, line, byteOffset, end - start);
        onRow?.(scanned.variant);
        continue;
      }
      const terminated = batch.terminated || i < batch.count - 1;
      const row = jsonLineRow(batch.bytes.toString('utf8', start, end), line, terminated, onTorn);
      if (row === undefined) continue;
      if (row.problem !== undefined) {
        problems.add(row.problem, { file: path, line });
        continue;
      }
      const record = validateRecord(row.value, { file: path, line }, problems);
      if (record === undefined) continue;
      builder.addRecord(record, file, line, { byteOffset, byteLength: end - start });
      onRow?.(record.variant);
    }
  };
}

/** The shortest line a record can be: `{"item":X,"variant":Y}` and its newline (required keys, one-byte values). */
const MIN_RECORD_LINE_BYTES = 23;

/**
 * Room in every column for the rows to expect of `size` bytes of JSON Lines, taken at the first batch (before any
 * row): from its lines' length, 5 % over, so the columns fill that room without copies. Never more than the bytes
 * could hold: a first chunk of blank lines would otherwise ask for a row per byte (review of issue 14: 60 MiB of
 * blank lines reserved about 5 GB of typed arrays).
 */
export function reserveFromFirstBatch(builder: ResultsColumnsBuilder, batch: LineBytes, size: number): void {
  if (builder.length > 0 || batch.count === 0) return;
  const estimate = Math.ceil((size / (batch.nextStarts[batch.count - 1] ?? 1)) * batch.count * 1.05) + 16;
  builder.reserve(Math.min(estimate, Math.ceil(size / MIN_RECORD_LINE_BYTES) + 16));
}
