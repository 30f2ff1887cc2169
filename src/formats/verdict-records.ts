import { arrowRecords } from './arrow-records';
import type { FormatReader } from './format-reader';
import { parquetRecords } from './parquet-records';

/** Extensions of verdict's own record files (src/analysis/detect-format.ts tells JSON Lines, CSV and JSON apart). */
const RECORD_EXTENSIONS = new Set(['.jsonl', '.ndjson', '.csv']);

/**
 * verdict's own record format (docs/record-schema.md) as JSON Lines, CSV or a JSON array, or a run
 * directory holding results.jsonl. It is the last format tried: whatever no other tool's format claims and
 * reads as text rows. The rows themselves are read by src/analysis/read-results-file.ts (which the loader
 * calls for this format), so this module only detects; issue 12 moves that reader into this layer.
 */
export const verdictRecords: FormatReader = {
  name: 'verdict',
  describe: "verdict's own record format: JSON Lines, CSV or a JSON array of records, or a run directory",
  example: 'verdict summary examples/formats/verdict/popularity.jsonl',
  detect(probe) {
    if (probe.kind === 'directory') return probe.directoryEntries!.includes('results.jsonl') ? 'yes' : 'no';
    if (probe.zipEntries !== null || probe.head.includes('\u0000')) return 'no';
    if (RECORD_EXTENSIONS.has(probe.extension)) return 'yes';
    const first = probe.head.trimStart()[0];
    if (first === undefined) return 'yes'; // an empty file: the loader says it holds no records
    if (first === '[') return probe.json?.root === 'array' ? 'yes' : 'no';
    if (first === '{') return typeof probe.firstLine === 'object' && probe.firstLine !== null ? 'yes' : 'no';
    return 'yes'; // text that is not JSON: read as CSV, whose header the record schema checks
  },
  read() {
    throw new Error('verdictRecords.read: the loader reads this format with readResultsFile');
  },
};

/**
 * Whether a format holds verdict's record schema itself (JSON Lines, CSV, a JSON array, Arrow IPC, Parquet)
 * rather than another tool's file: its variants are the rows' own names, so two such inputs with the same
 * variant merge (a results file per shard) and are never renamed as two runs of one tool would be.
 * @example isRecordSchemaFormat('parquet') // true
 */
export function isRecordSchemaFormat(format: string): boolean {
  return format === verdictRecords.name || format === arrowRecords.name || format === parquetRecords.name;
}
