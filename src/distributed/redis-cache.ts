import type { Redis } from 'ioredis';
import { decodeCacheEntry, encodeCacheEntry } from '../cache/cache-entry';
import { CACHE_KEY_PATTERN, checkCacheKey } from '../cache/cache-key';
import type { CacheableResult, CachedOutput, CacheStats, OutputCache } from '../cache/output-cache';
import { KEY_PREFIX } from './queue-keys';

/** Where the entries live: one string each, `verdict:cache:<key>`, shared by every queue (and experiment) on the server. */
export const CACHE_KEY_PREFIX = `${KEY_PREFIX}:cache:`;

/** Keys a SCAN step asks for, and entries read or removed in one round trip. */
const SCAN_COUNT = 500;

/** Options of {@link RedisCache}. */
export interface RedisCacheOptions {
  /** How the cache's location is shown (the server's URL without its password). */
  readonly location: string;
  /** Where a corrupt entry is reported (it is then treated as a miss). @default a line on stderr */
  readonly onWarning?: (message: string) => void;
  /** The clock that stamps `createdAt`. @default () => new Date() */
  readonly now?: () => Date;
}

/**
 * The output cache of a distributed run, in Redis, shared by every worker (and every later run against the same
 * server): the same key (cacheKey) and the same entry text (encodeCacheEntry: format, key, output, latency, usage,
 * time and a SHA-256 checksum) as the local DirectoryCache, one Redis string per entry.
 *
 * Crash safety: an entry is written by one `SET` of its whole text, which Redis applies entirely or not at all (a
 * client killed while sending it leaves no key: Redis runs a command only once it has read all of it), so no
 * reader sees half an entry. Whatever else damages one (another program, a bad restore), every read checks its
 * schema, key and checksum: an entry that fails is reported through `onWarning` and treated as a miss, and the
 * cell's new entry replaces it. Two workers writing one key write the same answer to the same question; the last
 * wins. Only `ok` cells are written, and nothing of the request but its key (a hash): no API key, no header.
 *
 * Entries do not expire: `verdict cache clear --queue URL` removes them. A Redis whose `maxmemory-policy` evicts
 * keys would evict the run's queue too; give it the memory the cache needs.
 */
export class RedisCache implements OutputCache {
  readonly location: string;
  readonly #redis: Redis;
  readonly #onWarning: (message: string) => void;
  readonly #now: () => Date;

  constructor(redis: Redis, { location, onWarning, now }: RedisCacheOptions) {
    this.#redis = redis;
    this.location = location;
    this.#onWarning = onWarning ?? ((message) => process.stderr.write(`verdict: ${message}\n`));
    this.#now = now ?? (() => new Date());
  }

  /** The Redis key of an entry. */
  static entryKey(key: string): string {
    checkCacheKey('RedisCache', key);
    return `${CACHE_KEY_PREFIX}${key}`;
  }

  async get(key: string): Promise<CachedOutput | undefined> {
    const entryKey = RedisCache.entryKey(key);
    const text = await this.#redis.get(entryKey);
    if (text === null) return undefined;
    const decoded = decodeCacheEntry(key, text);
    if (decoded.ok) return decoded.value;
    this.#onWarning(`cache entry ${entryKey} in ${this.location}: ${decoded.reason}; ignored, the cell runs again`);
    return undefined;
  }

  async put(key: string, result: CacheableResult): Promise<boolean> {
    const entryKey = RedisCache.entryKey(key);
    if (result.status !== 'ok') return false;
    await this.#redis.set(entryKey, encodeCacheEntry(key, result, this.#now()));
    return true;
  }

  async stats(): Promise<CacheStats> {
    let entries = 0;
    let bytes = 0;
    let corrupt = 0;
    for await (const keys of this.#scan()) {
      const texts = await this.#redis.mget(...keys);
      texts.forEach((text, index) => {
        if (text === null) return; // removed meanwhile
        if (decodeCacheEntry(keys[index]!.slice(CACHE_KEY_PREFIX.length), text).ok) {
          entries++;
          bytes += Buffer.byteLength(text);
        } else corrupt++;
      });
    }
    return { location: this.location, entries, bytes, corrupt, temporaryFiles: 0 };
  }

  async clear(): Promise<number> {
    let removed = 0;
    for await (const keys of this.#scan()) removed += await this.#redis.unlink(...keys);
    return removed;
  }

  /** The entries' keys, a batch at a time (SCAN: the server is not blocked as KEYS would block it). */
  async *#scan(): AsyncGenerator<string[]> {
    let cursor = '0';
    do {
      const [next, keys] = await this.#redis.scan(cursor, 'MATCH', `${CACHE_KEY_PREFIX}*`, 'COUNT', SCAN_COUNT);
      cursor = next;
      const entries = keys.filter((k) => CACHE_KEY_PATTERN.test(k.slice(CACHE_KEY_PREFIX.length)));
      if (entries.length > 0) yield entries;
    } while (cursor !== '0');
  }
}
