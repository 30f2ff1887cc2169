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
export function addJsonLines({ path, builder, file, problems, onRow, onWarning }: JsonLinesTarget) {
  const scanner = builder.holdsRecords ? null : new RecordLineScanner(builder.keptFields);
  const scanned: ScannedRecord = emptyScannedRecord(builder.keptFields.length);
  const onTorn = (line: number) => onWarning(tornLineWarning(path, line));
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
