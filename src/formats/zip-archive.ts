import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import { crc32, inflateRawSync } from 'node:zlib';
import type { Decompress } from 'fzstd';
import type { Entry, RandomAccessReader } from 'yauzl';
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

/** The bytes read at a time: entries lie one after another, so one read holds the next few hundred samples. */
const WINDOW_BYTES = 4 << 20;

/** A local file header (APPNOTE 4.3.7): its signature, and the lengths of the name and extra field after it. */
const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const LOCAL_HEADER_BYTES = 30;

/**
 * A zip file opened for reading entry by entry: yauzl reads the central directory (entry names, sizes, offsets,
 * CRC-32s: zip64 too), and the entries' bytes are read here from the file in windows of 4 MiB (issue 14: a yauzl
 * read stream per entry cost about 0.35 ms of CPU per inspect_ai sample, mostly the stream and the file read per
 * entry; bench/inspect-logs-compare.ts), each entry's data found after its local header. Deflate goes through
 * zlib; zstd, which inspect_ai writes since 0.3.206 (method 93) and Node 20's zlib cannot decode, through fzstd
 * (pure JS, the decoder inspect_ai's own log viewer uses; it reads multi-frame entries, which inspect writes past
 * 200 MiB), loaded once. Every decoded entry is checked against the size and CRC-32 its central directory
 * records, so a damaged archive is an error, never a short read.
 */
export class ZipArchive {
  readonly file: string;
  readonly entries: readonly ZipEntry[];
  readonly #raw: Map<string, Entry>;
  readonly #window: FileWindow;
  #zstd: typeof Decompress | undefined;

  private constructor(file: string, window: FileWindow, raw: Map<string, Entry>) {
    this.file = file;
    this.#window = window;
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
    let window: FileWindow;
    try {
      window = new FileWindow(file);
    } catch (error) {
      throw new InputError(`not a readable zip archive (${(error as Error).message})`, { file });
    }
    const raw = new Map<string, Entry>();
    try {
      // yauzl reads the directory through the window too: yauzl.open makes two small file reads per entry
      // (0.7 s of CPU for 20,000 entries, read twice: by the format probe and by the reader).
      const zip = await yauzl.fromRandomAccessReaderPromise(
        windowReader(yauzl.RandomAccessReader, window),
        window.size,
        {
          lazyEntries: true,
          autoClose: false,
        },
      );
      await new Promise<void>((resolve, reject) => {
        zip.on('entry', (entry: Entry) => {
          raw.set(entry.fileName, entry);
          zip.readEntry();
        });
        zip.on('end', resolve);
        zip.on('error', reject);
        zip.readEntry();
      });
    } catch (error) {
      window.close();
      throw new InputError(`not a readable zip archive (${(error as Error).message})`, { file });
    }
    return new ZipArchive(file, window, raw);
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
    let compressed: Buffer;
    try {
      compressed = this.#entryData(entry);
    } catch (error) {
      throw new InputError(`cannot read the entry (${(error as Error).message})`, place);
    }
    if (method === ZSTD) this.#zstd ??= (await import('fzstd')).Decompress;
    const zstd = method === ZSTD ? this.#zstd : undefined;
    let bytes: Buffer;
    // Decoded to at most one byte more than the central directory records: an entry that lies about its size (a zip
    // bomb: 1.2 GB of spaces recorded as 845 bytes peaked at 2.6 GB of memory before it was refused) stops there.
    const limit = entry.uncompressedSize + 1;
    try {
      // A stored entry is copied out of the window, so that it does not keep the whole window alive.
      bytes = zstd
        ? zstdDecode(zstd, compressed, limit)
        : method === DEFLATE
          ? inflateRawSync(compressed, { maxOutputLength: limit })
          : Buffer.from(compressed);
    } catch (error) {
      if (error instanceof OutputTooLarge || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
        throw new InputError(
          `decoded to more than the ${entry.uncompressedSize} bytes the archive records: damaged or hostile entry`,
          place,
        );
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
    this.#window.close();
  }

  /** An entry's stored bytes (compressed), after its local header; a view of the window's bytes. */
  #entryData(entry: Entry): Buffer {
    const at = entry.relativeOffsetOfLocalHeader;
    const header = this.#window.bytesAt(at, LOCAL_HEADER_BYTES);
    if (header.readUInt32LE(0) !== LOCAL_HEADER_SIGNATURE) throw new Error('no local file header at its offset');
    const start = at + LOCAL_HEADER_BYTES + header.readUInt16LE(26) + header.readUInt16LE(28);
    return this.#window.bytesAt(start, entry.compressedSize);
  }
}

/** A file read in windows of 4 MiB: a read inside the last window costs no file read. */
class FileWindow {
  readonly size: number;
  readonly #fd: number;
  #bytes = Buffer.alloc(0);
  #start = 0;

  constructor(file: string) {
    this.#fd = openSync(file, 'r');
    try {
      this.size = fstatSync(this.#fd).size;
    } catch (error) {
      closeSync(this.#fd);
      throw error;
    }
  }

  /** `length` bytes from `position`: a view of the window when it holds them, else of a new one read from there. */
  bytesAt(position: number, length: number): Buffer {
    const offset = position - this.#start;
    if (offset >= 0 && offset + length <= this.#bytes.length) return this.#bytes.subarray(offset, offset + length);
    if (position < 0 || position + length > this.size)
      throw new Error('the archive ends before the entry does (truncated)');
    const size = Math.min(Math.max(WINDOW_BYTES, length), this.size - position);
    // A new buffer each window (not one reused): a view handed out stays valid.
    const bytes = Buffer.allocUnsafe(size);
    for (let filled = 0; filled < size; ) {
      const read = readSync(this.#fd, bytes, filled, size - filled, position + filled);
      if (read === 0) throw new Error('the archive ends before the entry does (truncated)');
      filled += read;
    }
    this.#bytes = bytes;
    this.#start = position;
    return bytes.subarray(0, length);
  }

  close(): void {
    closeSync(this.#fd);
  }
}

/**
 * yauzl's RandomAccessReader over a {@link FileWindow}: reads served from the window, each answered in a microtask
 * (yauzl reads the next entry from the 'entry' event: a synchronous answer would nest one call per entry).
 */
function windowReader(base: typeof RandomAccessReader, window: FileWindow): RandomAccessReader {
  class WindowReader extends base {
    override read(
      buffer: Buffer,
      offset: number,
      length: number,
      position: number,
      done: (error: Error | null) => void,
    ) {
      let failed: Error | null = null;
      try {
        window.bytesAt(position, length).copy(buffer, offset);
      } catch (error) {
        failed = error as Error;
      }
      // yauzl's callback takes the bytes read too (its readAndAssertNoEof checks them); the typings omit it.
      const answer = done as (error: Error | null, bytesRead: number) => void;
      queueMicrotask(() => answer(failed, failed ? 0 : length));
    }

    override _readStreamForRange(start: number, end: number): Readable {
      return Readable.from([window.bytesAt(start, end - start)]);
    }

    override close(done: (error: Error | null) => void) {
      queueMicrotask(() => done(null)); // the window is closed with the archive
    }
  }
  return new WindowReader();
}

/** An entry's output passed the size its archive records. */
class OutputTooLarge extends Error {}

/**
 * Decode a zstd stream of one or more frames (fzstd's streaming decoder spans frames), refusing (OutputTooLarge) once its
 * output passes `limit` bytes.
 */
function zstdDecode(decompress: typeof Decompress, compressed: Buffer, limit: number): Buffer {
  const parts: Uint8Array[] = [];
  let length = 0;
  const decoder = new decompress((chunk) => {
    length += chunk.byteLength;
    if (length > limit) throw new OutputTooLarge(`zstd output passes ${limit} bytes`);
    parts.push(chunk);
  });
  decoder.push(compressed, true);
  return Buffer.concat(parts);
}
