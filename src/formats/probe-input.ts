import { open, readdir, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { cannotReadFile, InputError } from '../schema/input-error';
import { type JsonHead, jsonHead } from './json-head';
import { ZipArchive } from './zip-archive';

/** Bytes of a file's start that detection reads. */
export const PROBE_BYTES = 64 * 1024;

/** What detection sees of an input: never more than its first 64 KiB, a zip's entry names, a directory's listing. */
export interface FormatProbe {
  readonly path: string;
  readonly name: string;
  /** Lower-case, with the dot (`.eval`); '' for none. */
  readonly extension: string;
  readonly kind: 'file' | 'directory';
  /** The first 64 KiB as text (a byte-order mark dropped); '' for a directory or a zip. */
  readonly head: string;
  /** The first non-blank line parsed as JSON, when it is whole in the head and parses. */
  readonly firstLine: unknown;
  /** The head read as the start of one JSON document, or null. */
  readonly json: JsonHead | null;
  /** A zip's entry names, or null when the file is not a zip. */
  readonly zipEntries: readonly string[] | null;
  /** A directory's entries (sub-directories end in `/`), or null for a file. */
  readonly directoryEntries: readonly string[] | null;
  /** The first bytes of a file, for binary formats' magic numbers (an Arrow stream's 0xFFFFFFFF); empty for a directory. */
  readonly leadingBytes: Uint8Array;
}

/** How many bytes `leadingBytes` keeps. */
const LEADING_BYTES = 16;

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * Look at an input just enough to tell its format.
 * @throws {InputError} naming the file when it cannot be read
 */
export async function probeInput(path: string): Promise<FormatProbe> {
  const name = basename(path);
  const extension = extname(path).toLowerCase();
  const base = { path, name, extension, firstLine: undefined, json: null, zipEntries: null };
  const info = await statInput(path);
  if (info.isDirectory()) {
    const listing = await readdir(path, { withFileTypes: true });
    const directoryEntries = listing.map((entry) => (entry.isDirectory() ? `${entry.name}/` : entry.name)).sort();
    return { ...base, kind: 'directory', head: '', directoryEntries, leadingBytes: new Uint8Array(0) };
  }
  const bytes = await readHead(path);
  const leadingBytes = new Uint8Array(bytes.subarray(0, LEADING_BYTES));
  if (bytes.subarray(0, 4).equals(ZIP_MAGIC)) {
    const zip = await ZipArchive.open(path);
    const zipEntries = zip.entries.map((entry) => entry.name);
    zip.close();
    return { ...base, kind: 'file', head: '', zipEntries, directoryEntries: null, leadingBytes };
  }
  let head = bytes.toString('utf8');
  if (head.charCodeAt(0) === 0xfeff) head = head.slice(1);
  return {
    ...base,
    kind: 'file',
    head,
    firstLine: parseFirstLine(head, bytes.byteLength < PROBE_BYTES),
    json: jsonHead(head),
    directoryEntries: null,
    leadingBytes,
  };
}

/**
 * What an input is, checked before any reader opens it (a forced `--format` skips the probe, not this check).
 * @throws {InputError} naming the file when it cannot be read, or is neither a regular file nor a directory
 */
export async function statInput(path: string): Promise<Awaited<ReturnType<typeof stat>>> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    throw cannotReadFile(path, error);
  }
  // A pipe (`compare <(cat f)`) or a device is read once and gone; the probe, the readers and the re-reads of
  // records by byte offset (src/analysis/row-records.ts) each read the file again, so it must be a regular file.
  // Before this check such an input failed with Node's bare "ESPIPE: invalid seek", naming no file.
  if (!info.isDirectory() && !info.isFile())
    throw new InputError(
      'not a regular file (a pipe or a device): verdict reads a results file more than once; save it to a file first',
      { file: path },
    );
  return info;
}

async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r').catch((error: unknown) => {
    throw cannotReadFile(path, error);
  });
  try {
    const buffer = Buffer.alloc(PROBE_BYTES);
    // A read can fail where the open did not (EIO, EISDIR on some file systems): named too, not Node's bare error.
    const { bytesRead } = await handle.read(buffer, 0, PROBE_BYTES, 0).catch((error: unknown) => {
      throw cannotReadFile(path, error);
    });
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function parseFirstLine(head: string, wholeFile: boolean): unknown {
  const start = head.search(/\S/);
  if (start === -1) return undefined;
  const end = head.indexOf('\n', start);
  if (end === -1 && !wholeFile) return undefined;
  try {
    return JSON.parse(head.slice(start, end === -1 ? undefined : end));
  } catch {
    return undefined;
  }
}
