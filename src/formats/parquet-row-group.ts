/**
 * One row group of a Parquet file decoded column by column, synchronously, from its bytes (issue 14).
 *
 * Why not hyparquet's `parquetRead`: its API is async only, and a record a report shows (a flip) is asked for
 * synchronously (`RowRecords.recordsAt`, src/analysis/row-records.ts), as a JSON Lines row is re-read by offset
 * with `readSync`. hyparquet's own decoding under that API is synchronous: `readColumn` (src/column.js) turns a
 * column chunk's bytes into values and `assembleNested` (src/assemble.js) builds struct and map columns from their
 * leaves, exactly as its `readRowGroup` and `assembleAsync` (src/rowgroup.js) call them once the bytes are in. The
 * package exports those modules (`"./src/*.js"` in its package.json); this file is the one place that reaches them,
 * so a change there shows in test/formats/columnar-into-columns.test.ts (which checks every row against
 * `parquetReadObjects`).
 */
import type { DecodedArray, FileMetaData, SchemaTree } from 'hyparquet';
import type { ColumnDecoder, Compressors } from 'hyparquet/src/types.js';

/** hyparquet's decoding modules, loaded by {@link loadRowGroupDecoding} before a row group is decoded. */
interface Decoding {
  readonly assembleNested: typeof import('hyparquet/src/assemble.js').assembleNested;
  readonly readColumn: typeof import('hyparquet/src/column.js').readColumn;
  readonly readPage: typeof import('hyparquet/src/column.js').readPage;
  readonly parquetHeader: typeof import('hyparquet/src/column.js').parquetHeader;
  readonly convert: typeof import('hyparquet/src/convert.js').convert;
  readonly convertWithDictionary: typeof import('hyparquet/src/convert.js').convertWithDictionary;
  readonly decompressPage: typeof import('hyparquet/src/datapage.js').decompressPage;
  readonly readDataPage: typeof import('hyparquet/src/datapage.js').readDataPage;
  readonly readDataPageV2: typeof import('hyparquet/src/datapage.js').readDataPageV2;
  readonly DEFAULT_PARSERS: typeof import('hyparquet/src/convert.js').DEFAULT_PARSERS;
  readonly getTreePath: typeof import('hyparquet/src/schema.js').getTreePath;
  readonly getMaxDefinitionLevel: typeof import('hyparquet/src/schema.js').getMaxDefinitionLevel;
  readonly isFlatColumn: typeof import('hyparquet/src/schema.js').isFlatColumn;
}
let decoding: Decoding | undefined;

/**
 * Load hyparquet's decoding modules (once). By `import()`, not a static import: the CLI's CommonJS bundle
 * (scripts/build-cli-bundle.ts) may not `require` an ES-module-only package, and hands each `import()` back to
 * Node's ES module loader; and they load only when a Parquet file is read, not at start-up.
 */
export async function loadRowGroupDecoding(): Promise<void> {
  if (decoding !== undefined) return;
  const [assemble, column, convert, datapage, schema] = await Promise.all([
    import('hyparquet/src/assemble.js'),
    import('hyparquet/src/column.js'),
    import('hyparquet/src/convert.js'),
    import('hyparquet/src/datapage.js'),
    import('hyparquet/src/schema.js'),
  ]);
  decoding = {
    assembleNested: assemble.assembleNested,
    readColumn: column.readColumn,
    readPage: column.readPage,
    parquetHeader: column.parquetHeader,
    convert: convert.convert,
    convertWithDictionary: convert.convertWithDictionary,
    decompressPage: datapage.decompressPage,
    readDataPage: datapage.readDataPage,
    readDataPageV2: datapage.readDataPageV2,
    DEFAULT_PARSERS: convert.DEFAULT_PARSERS,
    getTreePath: schema.getTreePath,
    getMaxDefinitionLevel: schema.getMaxDefinitionLevel,
    isFlatColumn: schema.isFlatColumn,
  };
}

/** Where a row group's column chunks lie in the file: one byte range holding all of them. */
export interface RowGroupSpan {
  /** The 0-based index of the group's first row in the file. */
  readonly firstRow: number;
  readonly rows: number;
  readonly startByte: number;
  readonly endByte: number;
}

/** The byte span of row group `group`, over the chunks of the top-level columns `columns` (all when omitted). */
export function rowGroupSpan(metadata: FileMetaData, group: number, columns?: ReadonlySet<string>): RowGroupSpan {
  let firstRow = 0;
  for (let g = 0; g < group; g++) firstRow += Number(metadata.row_groups[g]?.num_rows ?? 0);
  const rowGroup = metadata.row_groups[group];
  if (rowGroup === undefined) throw new RangeError(`no row group ${group}`);
  let startByte = Number.POSITIVE_INFINITY;
  let endByte = 0;
  for (const chunk of rowGroup.columns) {
    const meta = chunk.meta_data;
    if (meta === undefined) throw new Error('parquet column metadata is undefined');
    if (chunk.file_path) throw new Error('parquet file_path not supported');
    if (columns !== undefined && !columns.has(meta.path_in_schema[0] ?? '')) continue;
    // As hyparquet's plan reads a chunk (src/plan.js, parquetPlanGroup): from its dictionary page, if any.
    const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
    startByte = Math.min(startByte, start);
    endByte = Math.max(endByte, start + Number(meta.total_compressed_size));
  }
  if (endByte === 0) startByte = 0;
  return { firstRow, rows: Number(rowGroup.num_rows), startByte, endByte };
}

/**
 * The top-level columns `columns` (all when omitted) of row group `group`, decoded from `bytes` (the file's bytes
 * from `span.startByte`): per column one array of the group's rows, a null cell `null` (or undefined), 64-bit
 * integers as BigInt, a struct an object, as `parquetReadObjects` gives them. The fields of struct `asLeaves` come
 * as columns `asLeaves.field` of one value per row: the value, null where the field is null, {@link STRUCT_NULL}
 * where the struct is.
 */
export function decodeRowGroup(
  bytes: Uint8Array,
  metadata: FileMetaData,
  schema: SchemaTree,
  group: number,
  span: RowGroupSpan,
  compressors: Compressors,
  columns?: ReadonlySet<string>,
  asLeaves?: string,
): Map<string, DecodedArray> {
  if (decoding === undefined) throw new Error('internal: loadRowGroupDecoding() before decodeRowGroup()');
  const { assembleNested, readColumn, DEFAULT_PARSERS, getTreePath, isFlatColumn } = decoding;
  const rowGroup = metadata.row_groups[group];
  if (rowGroup === undefined) throw new RangeError(`no row group ${group}`);
  const select = { groupStart: span.firstRow, selectStart: 0, selectEnd: span.rows, groupRows: span.rows };
  const leaves = new Map<string, DecodedArray>();
  for (const chunk of rowGroup.columns) {
    const meta = chunk.meta_data;
    if (meta === undefined) throw new Error('parquet column metadata is undefined');
    const pathInSchema = meta.path_in_schema;
    if (columns !== undefined && !columns.has(pathInSchema[0] ?? '')) continue;
    const schemaPath = getTreePath(schema, pathInSchema);
    const element = schemaPath[schemaPath.length - 1]?.element;
    if (element === undefined) throw new Error(`parquet column not in the schema: ${pathInSchema.join('.')}`);
    const decoder: ColumnDecoder = {
      pathInSchema,
      element,
      schemaPath,
      compressors,
      ...meta,
      parsers: DEFAULT_PARSERS,
    };
    const start = Number(meta.dictionary_page_offset || meta.data_page_offset) - span.startByte;
    const length = Number(meta.total_compressed_size);
    const view = new DataView(bytes.buffer, bytes.byteOffset + start, length);
    const key = pathInSchema.join(PATH_SEPARATOR);
    if (isFlatColumn(schemaPath) || (pathInSchema.length === 2 && pathInSchema[0] === asLeaves)) {
      leaves.set(key, readDenseColumn(view, span.rows, decoder) as DecodedArray);
      continue;
    }
    const { data, skipped } = readColumn({ view, offset: 0 }, select, decoder);
    if (skipped !== 0) throw new Error(`parquet column ${pathInSchema.join('.')}: ${skipped} rows skipped`);
    leaves.set(key, data.length === 1 ? (data[0] as DecodedArray) : concatenated(data));
  }
  const out = new Map<string, DecodedArray>();
  for (const child of schema.children) {
    const name = child.element.name;
    if (columns !== undefined && !columns.has(name)) continue;
    if (child.children.length === 0) {
      const leaf = leaves.get(name);
      if (leaf !== undefined) out.set(name, leaf);
      continue;
    }
    if (name === asLeaves) {
      // Its fields as their leaves, `name.field` each (a struct of scalars: isStructOfScalars), not assembled.
      for (const field of child.children) {
        const leaf = leaves.get(`${name}${PATH_SEPARATOR}${field.element.name}`);
        if (leaf !== undefined) out.set(`${name}.${field.element.name}`, leaf);
      }
      continue;
    }
    // A struct, list or map: assembled from its leaves as assembleAsync does (src/rowgroup.js).
    const parts = new Map<string, DecodedArray>();
    for (const [path, leaf] of leaves)
      if (path === name || path.startsWith(`${name}${PATH_SEPARATOR}`))
        parts.set(path.split(PATH_SEPARATOR).join('.'), leaf);
    if (parts.size === 0) continue;
    assembleNested(parts, child, DEFAULT_PARSERS);
    const assembled = parts.get(name);
    if (assembled === undefined) throw new Error(`parquet column ${name} not assembled`);
    out.set(name, assembled);
  }
  return out;
}

/** A field's cell where its whole struct is null (a null field is null): as a record, no struct at all. */
export const STRUCT_NULL = undefined;

/**
 * A column chunk of one value per row (a top-level scalar, or a field of a struct of scalars) decoded into one array
 * of the group's `rows` cells: its pages read as hyparquet's `readColumn` and `readPage` read them (src/column.js:
 * the dictionary page by `readPage`, a data page by `readDataPage`/`readDataPageV2` and `convertWithDictionary`), but
 * each value put at its row by its definition level, not by `assembleLists`. That builds the column by `push` from
 * an empty array and a field of a struct as a one-element array per row (an empty one where the struct is null):
 * 5.5 s self of a 34.6 s profile of compare --json at 10^6 Parquet rows, and much of the 13.2 s of GC beside it.
 */
function readDenseColumn(view: DataView, rows: number, decoder: ColumnDecoder): unknown[] {
  const { parquetHeader, readPage, readDataPage, readDataPageV2, decompressPage, convert, convertWithDictionary } =
    decoding as Decoding;
  const { schemaPath, codec, compressors } = decoder;
  const maxDefinition = (decoding as Decoding).getMaxDefinitionLevel(schemaPath);
  const tooMany = () => new Error(`parquet column ${decoder.pathInSchema.join('.')}: more values than rows`);
  // At or above `present`, the value's parent (the struct, or the row for a top-level column) is there.
  const present = maxDefinition - (schemaPath[schemaPath.length - 1]?.element.repetition_type === 'OPTIONAL' ? 1 : 0);
  const out = new Array<unknown>(rows);
  const reader = { view, offset: 0 };
  let dictionary: DecodedArray | undefined;
  let row = 0;
  while (row < rows && reader.offset < view.byteLength - 1) {
    const header = parquetHeader(reader);
    if (header.type === 'DICTIONARY_PAGE') {
      const { data } = readPage(reader, header, decoder, undefined, undefined, 0);
      if (data) dictionary = convert(data, decoder);
      continue;
    }
    const compressed = new Uint8Array(view.buffer, view.byteOffset + reader.offset, header.compressed_page_size);
    reader.offset += header.compressed_page_size;
    let page: ReturnType<typeof readDataPage>;
    let encoding: string;
    if (header.type === 'DATA_PAGE' && header.data_page_header !== undefined) {
      const bytes = decompressPage(compressed, Number(header.uncompressed_page_size), codec, compressors);
      page = readDataPage(bytes, header.data_page_header, decoder);
      encoding = header.data_page_header.encoding;
    } else if (header.type === 'DATA_PAGE_V2' && header.data_page_header_v2 !== undefined) {
      page = readDataPageV2(compressed, header, decoder);
      encoding = header.data_page_header_v2.encoding;
    } else throw new Error(`parquet unsupported page type: ${header.type}`);
    const values = convertWithDictionary(page.dataPage, dictionary, encoding as 'PLAIN', decoder);
    const levels = page.definitionLevels;
    if (levels === undefined || levels.length === 0) {
      if (row + values.length > rows) throw tooMany();
      for (let i = 0; i < values.length; i++) out[row++] = values[i];
      continue;
    }
    if (row + levels.length > rows) throw tooMany();
    let v = 0;
    for (let i = 0; i < levels.length; i++) {
      const level = levels[i] as number;
      out[row++] = level === maxDefinition ? values[v++] : level >= present ? null : STRUCT_NULL;
    }
  }
  if (row !== rows) throw new Error(`parquet column ${decoder.pathInSchema.join('.')}: ${row} values for ${rows} rows`);
  return out;
}

/**
 * Whether a top-level column is a struct of scalar fields (no list, map or nested struct): its leaves then hold one
 * value per row (null where the field or the struct is null), and can be read as columns of their own.
 */
export function isStructOfScalars(column: SchemaTree | undefined): boolean {
  if (column === undefined || column.children.length === 0) return false;
  if (column.element.repetition_type === 'REPEATED' || column.element.converted_type !== undefined) return false;
  return column.children.every((field) => field.children.length === 0 && field.element.repetition_type !== 'REPEATED');
}

/** Between the names of a leaf's path, in this file's own keys: a top-level column may be named `tags.category`. */
const PATH_SEPARATOR = '\u0000';

/** Pages of one column chunk as one array. */
function concatenated(parts: readonly DecodedArray[]): DecodedArray {
  const out: unknown[] = [];
  for (const part of parts) for (let i = 0; i < part.length; i++) out.push(part[i]);
  return out as DecodedArray;
}
