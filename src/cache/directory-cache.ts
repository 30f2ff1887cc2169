import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeCacheEntry, encodeCacheEntry } from './cache-entry';
import { checkCacheKey } from './cache-key';
import type { CacheableResult, CachedOutput, CacheStats, OutputCache } from './output-cache';

/** Options of {@link DirectoryCache}. */
export interface DirectoryCacheOptions {
  /** Where a corrupt entry is reported (it is then treated as a miss). @default a line on stderr */
  readonly onWarning?: (message: string) => void;
  /** The clock that stamps `createdAt`. @default () => new Date() */
  readonly now?: () => Date;
}

/**
 * An output cache in a local directory: one file per entry, `entries/<first two hex digits>/<key>.json`, so no
 * directory grows past a few thousand files.
 *
 * Crash safety, as the results store: an entry is written to `tmp/` (same file system), fsynced, then renamed
 * over its final name and the directory fsynced. Rename is atomic, so a reader sees no entry or a whole one, never
 * half; a kill -9 mid-write leaves at most a temporary file that nothing reads (`stats` counts them, `clear`
 * removes them). A power cut or a disk fault can still damage a file that was whole: every entry carries its key and
 * the SHA-256 of its contents (`decodeCacheEntry`), and one that fails either check is reported through
 * `onWarning` and treated as a miss, so the cell runs again and its new entry replaces the bad one. Two writers of
 * one key (two runs sharing the cache) each rename a whole entry; the last one wins, and both are the answer to
 * the same question.
 *
 * Only `ok` cells are written; nothing but the key, the output, its latency and usage, and the time is stored.
 */
export class DirectoryCache implements OutputCache {
  readonly directory: string;
  readonly #onWarning: (message: string) => void;
  readonly #now: () => Date;

  constructor(directory: string, options: DirectoryCacheOptions = {}) {
    if (typeof directory !== 'string' || directory === '') {
      throw new TypeError(`DirectoryCache: \`directory\` must be a non-empty path, got ${JSON.stringify(directory)}`);
    }
    this.directory = directory;
    this.#onWarning = options.onWarning ?? ((message) => process.stderr.write(`verdict: ${message}\n`));
    this.#now = options.now ?? (() => new Date());
  }

  get location(): string {
    return this.directory;
  }

  /** The file of an entry. */
  entryFile(key: string): string {
    checkCacheKey('DirectoryCache', key);
    return join(this.directory, 'entries', key.slice(0, 2), `${key}.json`);
  }

  async get(key: string): Promise<CachedOutput | undefined> {
    const file = this.entryFile(key);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const decoded = decodeCacheEntry(key, text);
    if (decoded.ok) return decoded.value;
    this.#onWarning(`cache entry ${file}: ${decoded.reason}; ignored, the cell runs again`);
    return undefined;
  }

  async put(key: string, result: CacheableResult): Promise<boolean> {
    const file = this.entryFile(key);
    if (result.status !== 'ok') return false;
    const text = encodeCacheEntry(key, result, this.#now());
    const tmpDirectory = join(this.directory, 'tmp');
    const entryDirectory = join(this.directory, 'entries', key.slice(0, 2));
    await mkdir(tmpDirectory, { recursive: true });
    await mkdir(entryDirectory, { recursive: true });
    const temporary = join(tmpDirectory, `${key}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temporary, file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    await syncDirectory(entryDirectory);
    return true;
  }

  async stats(): Promise<CacheStats> {
    let entries = 0;
    let bytes = 0;
    let corrupt = 0;
    for (const file of await this.#entryFiles()) {
      const key = file.slice(-'.json'.length - 64, -'.json'.length);
      const text = await readFile(file, 'utf8').catch(() => undefined);
      if (text === undefined) continue; // removed meanwhile
      if (decodeCacheEntry(key, text).ok) {
        entries++;
        bytes += Buffer.byteLength(text);
      } else corrupt++;
    }
    const temporaryFiles = (await listDirectory(join(this.directory, 'tmp'))).length;
    return { location: this.directory, entries, bytes, corrupt, temporaryFiles };
  }

  async clear(): Promise<number> {
    const files = await this.#entryFiles();
    await rm(join(this.directory, 'entries'), { recursive: true, force: true });
    await rm(join(this.directory, 'tmp'), { recursive: true, force: true });
    return files.length;
  }

  /** Every `entries/xx/<key>.json` file. */
  async #entryFiles(): Promise<string[]> {
    const root = join(this.directory, 'entries');
    const files: string[] = [];
    for (const prefix of await listDirectory(root)) {
      for (const name of await listDirectory(join(root, prefix))) {
        if (/^[0-9a-f]{64}\.json$/.test(name)) files.push(join(root, prefix, name));
      }
    }
    return files;
  }
}

async function listDirectory(directory: string): Promise<string[]> {
  try {
    return await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** fsync a directory, so that a rename into it survives a power cut. */
async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
