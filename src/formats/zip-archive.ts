import { crc32, inflateRawSync } from 'node:zlib';
import type { Decompress } from 'fzstd';
import type { Entry, ZipFile } from 'yauzl';
import { InputError } from '../schema/input-error';

/** ZIP compression methods read here: stored, deflate, and zstd (APPNOTE 4.4.5: 93 = Zstandard). */
const STORED = 0;
const DEFLATE = 8;
const ZSTD = 93;

/** One entry of a zip's central directory. */
export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedBytes: number;
  readonly uncompressedBytes: number;
}

/**
 * A zip file opened for reading entry by entry: yauzl reads the central directory (entry names and sizes,
 * nothing else) and one entry's bytes at a time on request. yauzl inflates deflate entries itself but has
 * no zstd, which inspect_ai writes since 0.3.206 (method 93) and Node 20's zlib cannot decode, so zstd
 * entries come out raw and go through fzstd (pure JS, the decoder inspect_ai's own log viewer uses; it
 * reads multi-frame entries, which inspect writes past 200 MiB). Every decoded entry is checked against
 * the size and CRC-32 its central directory records, so a damaged archive is an error, never a short read.
 */
export class ZipArchive {
  readonly file: string;
  readonly entries: readonly ZipEntry[];
  readonly #zip: ZipFile;
  readonly #raw: Map<string, Entry>;

  private constructor(file: string, zip: ZipFile, raw: Map<string, Entry>) {
    this.file = file;
    this.#zip = zip;
    this.#raw = raw;
    this.entries = [...raw.values()].map((entry) => ({
      name: entry.fileName,
      method: entry.compressionMethod,
      compressedBytes: entry.compressedSize,
      uncompressedBytes: entry.uncompressedSize,
    }));
  }

  /** @throws {InputError} naming the file when it is not a readable zip */
  static async open(file: string): Promise<ZipArchive> {
    // yauzl and fzstd are loaded when a zip is read, not at start-up (BENCHMARKS.md "CLI start-up").
    const { default: yauzl } = await import('yauzl');
    const zip = await new Promise<ZipFile>((resolve, reject) =>
      yauzl.open(file, { lazyEntries: true, autoClose: false }, (error, opened) =>
        error ? reject(error) : resolve(opened),
      ),
    ).catch((error: Error) => {
      throw new InputError(`not a readable zip archive (${error.message})`, { file });
    });
    const raw = new Map<string, Entry>();
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: Entry) => {
        raw.set(entry.fileName, entry);
        zip.readEntry();
      });
      zip.on('end', resolve);
      zip.on('error', reject);
      zip.readEntry();
    }).catch((error: Error) => {
      zip.close();
      throw new InputError(`not a readable zip archive (${error.message})`, { file });
    });
    return new ZipArchive(file, zip, raw);
  }

  has(name: string): boolean {
    return this.#raw.has(name);
  }

  /**
   * The decoded bytes of one entry.
   * @throws {InputError} `file:entry: ...` for an unknown method, a damaged entry or a size/CRC mismatch
   */
  async read(name: string): Promise<Buffer> {
    const entry = this.#raw.get(name);
    const place = { file: this.file, entry: name };
    if (entry === undefined) throw new InputError('no such entry in the archive', place);
    const method = entry.compressionMethod;
    if (method !== STORED && method !== DEFLATE && method !== ZSTD) {
      throw new InputError(`compression method ${method} is not supported (stored, deflate and zstd are)`, place);
    }
    const compressed = await this.#rawBytes(entry).catch((error: Error) => {
      throw new InputError(`cannot read the entry (${error.message})`, place);
    });
    const zstd = method === ZSTD ? (await import('fzstd')).Decompress : undefined;
    let bytes: Buffer;
    try {
      bytes = zstd ? zstdDecode(zstd, compressed) : method === DEFLATE ? inflateRawSync(compressed) : compressed;
    } catch (error) {
      throw new InputError(`damaged ${method === ZSTD ? 'zstd' : 'deflate'} data (${(error as Error).message})`, place);
    }
    if (bytes.byteLength !== entry.uncompressedSize) {
      throw new InputError(
        `decoded to ${bytes.byteLength} bytes where the archive records ${entry.uncompressedSize}`,
        place,
      );
    }
    if (crc32(bytes) !== entry.crc32) throw new InputError('CRC-32 does not match the archive: damaged entry', place);
    return bytes;
  }

  close(): void {
    this.#zip.close();
  }

  #rawBytes(entry: Entry): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.#zip.openReadStream(entry, { decodeFileData: false }, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => resolve(Buffer.concat(chunks)));
        stream.on('error', reject);
      });
    });
  }
}

/** Decode a zstd stream of one or more frames (fzstd's streaming decoder spans frames). */
function zstdDecode(decompress: typeof Decompress, compressed: Buffer): Buffer {
  const parts: Uint8Array[] = [];
  const decoder = new decompress((chunk) => {
    parts.push(chunk);
  });
  decoder.push(compressed, true);
  return Buffer.concat(parts);
}
