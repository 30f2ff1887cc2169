/**
 * Parquet is read with hyparquet (and hyparquet-compressors for the codecs beyond snappy), chosen because it is
 * pure JavaScript with no dependencies of its own: no native build and no WebAssembly blob to install, so it
 * runs wherever verdict's CLI runs; it reads row groups on demand from a file handle (a file larger than memory
 * is read group by group), decodes every encoding of the Parquet spec (dictionary, RLE, delta, byte-stream
 * split) and the nested types (struct, list, map) pyarrow, polars, DuckDB and Spark write, and it is kept up:
 * about 420k downloads a month and releases through 2026 (npm). The alternatives: parquet-wasm (a WebAssembly
 * build of arrow-rs, 3 MB or more), @dsnp/parquetjs (a fork of the unmaintained parquetjs) and DuckDB (a native
 * binary of 60 MB, for one reader).
 */
import type { FileMetaData } from 'hyparquet';
import { cannotReadFile, InputError } from '../schema/input-error';
import { checkRecordColumns, columnarRow } from './columnar-records';
import type { FormatReader } from './format-reader';

/** A Parquet file starts and ends with "PAR1" (Apache Parquet format spec, "File format"). */
const MAGIC = 'PAR1';
/** An encrypted file's footer magic: its columns cannot be read without the key. */
const ENCRYPTED_MAGIC = 'PARE';

/**
 * verdict's record schema in a Parquet file: one row per outcome, columns named as the record's fields, tags
 * as a struct or map column `tags` or as `tags.<name>` columns (src/formats/columnar-records.ts), as pandas'
 * `to_parquet`, polars' `write_parquet`, DuckDB's `COPY ... TO 'x.parquet'` and Spark write it. Read row group
 * by row group: the rows of one group are in memory at a time, not the file's.
 */
export const parquetRecords: FormatReader = {
  name: 'parquet',
  describe: "verdict's record format in a Parquet file: one row per outcome, tags as a struct or tags.<name> columns",
  example: 'verdict summary examples/formats/verdict/popularity.parquet',
  detect(probe) {
    if (probe.kind !== 'file') return 'no';
    if (probe.head.startsWith(MAGIC)) return 'yes';
    if (probe.head.startsWith(ENCRYPTED_MAGIC))
      return { broken: 'an encrypted Parquet file cannot be read; write it without encryption' };
    if (probe.extension === '.parquet') return { broken: 'a Parquet file starts with "PAR1"' };
    return 'no';
  },
  async *read(path, _options, signal) {
    // Loaded when a file of this format is read, not at start-up (BENCHMARKS.md "CLI start-up").
    const { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } = await import('hyparquet');
    const { compressors } = await import('hyparquet-compressors');
    const file = await asyncBufferFromFile(path).catch((error: unknown) => {
      throw cannotReadFile(path, error);
    });
    let metadata: FileMetaData;
    try {
      metadata = await parquetMetadataAsync(file);
    } catch (error) {
      throw new InputError(`cannot read as Parquet (${(error as Error).message})`, { file: path });
    }
    const columns = parquetSchema(metadata).children;
    const tags = columns.find((child) => child.element.name === 'tags');
    checkRecordColumns(
      columns.map((child) => child.element.name),
      (tags?.children ?? []).map((child) => child.element.name),
      path,
    );
    let rowStart = 0;
    let row = 0;
    for (const group of metadata.row_groups) {
      signal?.throwIfAborted();
      const rowEnd = rowStart + Number(group.num_rows);
      let rows: Record<string, unknown>[];
      try {
        rows = await parquetReadObjects({ file, metadata, rowStart, rowEnd, compressors });
      } catch (error) {
        throw new InputError(`cannot read rows ${rowStart + 1} to ${rowEnd} as Parquet (${(error as Error).message})`, {
          file: path,
        });
      }
      for (const values of rows) yield columnarRow(values, path, ++row);
      rowStart = rowEnd;
    }
  },
};
