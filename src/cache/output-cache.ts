import type { TargetUsage } from '../schema/experiment-definition';

/**
 * The contract of an output cache, whatever holds it (a local directory now, Redis later): every operation is
 * async and keyed by a {@link cacheKey} (64 hex digits), and entries cross the wire as the text of
 * `encodeCacheEntry`, so any backend gets the same checksum and the same corrupt-entry rule.
 */
export interface OutputCache {
  /** Where the cache lives, as reports show it (a directory; a Redis URL without its password). */
  readonly location: string;
  /** The entry under `key`, or undefined when there is none or it is unreadable (the latter with a warning). */
  get(key: string): Promise<CachedOutput | undefined>;
  /**
   * Store the outcome of a cell under `key` when its status is `ok` (anything else is not written: an error or a
   * timeout is no answer to reuse); resolves to whether an entry was written.
   */
  put(key: string, result: CacheableResult): Promise<boolean>;
  /** What the cache holds. */
  stats(): Promise<CacheStats>;
  /** Remove every entry (and any temporary file a crash left); resolves to how many entries were removed. */
  clear(): Promise<number>;
}

/** What a cell's outcome gives the cache: the target's output and what producing it cost. */
export interface CacheableResult {
  /** The cell's status: only `ok` is cached. */
  readonly status: string;
  /** The target's output (any JSON value). */
  readonly output: unknown;
  /** How long the original call took. */
  readonly latencyMs: number;
  /** The original call's cost and tokens, kept apart from what a later run spends. */
  readonly usage?: TargetUsage;
}

/** An entry served from the cache: the original output, latency and usage, and when it was written. */
export interface CachedOutput {
  readonly output: unknown;
  readonly latencyMs: number;
  readonly usage?: TargetUsage;
  /** ISO 8601 time the entry was written. */
  readonly createdAt: string;
}

/** The contents of a cache, as `verdict cache stats` prints them. */
export interface CacheStats {
  /** Where the cache lives (a directory, a Redis URL without its password). */
  readonly location: string;
  /** Entries that read back intact. */
  readonly entries: number;
  /** Their total size. */
  readonly bytes: number;
  /** Entries that fail their checksum or schema: ignored on read, replaced when their cell runs again. */
  readonly corrupt: number;
  /** Temporary files of writes a crash interrupted (never read; `clear` removes them). */
  readonly temporaryFiles: number;
}
