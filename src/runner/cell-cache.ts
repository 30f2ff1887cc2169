import { cacheKey } from '../cache/cache-key';
import { type CacheSummary, CacheTally, type CellCacheOutcome } from '../cache/cache-summary';
import type { CachedOutput, OutputCache } from '../cache/output-cache';
import { type TargetIdentity, targetIdentity } from '../cache/target-identity';
import type { CellRecord } from '../schema/cell-record';
import type { TargetDefinition, TargetFunction } from '../schema/experiment-definition';
import { describeError } from './describe-error';
import { type RunCellOptions, runCell } from './run-cell';
import type { Cell } from './types';

/** A cell's record and what the cache did for it. */
export interface CountedCell {
  readonly record: CellRecord;
  readonly cache: CellCacheOutcome;
}

/** Options of {@link CellCache}. */
export interface CellCacheOptions {
  /** The backend: a DirectoryCache, or any {@link OutputCache} (a shared one for the distributed runner). */
  readonly cache: OutputCache;
  /** Its location, for the summary. */
  readonly location: string;
  /** The experiment's variants: each one's identity is computed once, from its definition. */
  readonly variants: Readonly<Record<string, TargetDefinition>>;
  /** Where a failed lookup or write is reported (the cell then runs uncached). */
  readonly onWarning: (message: string) => void;
}

/**
 * The output cache as the runner uses it, one cell at a time: the key is {@link cacheKey} of the variant's
 * {@link targetIdentity} (not its name: a renamed, unchanged variant still hits), the item's input, the sample index
 * and the cell's seed, so samples stay independent and any change to the target misses.
 *
 * A hit skips the target: the cached output is scored again by this run's scorer (a changed scorer rescores, it
 * does not miss), through `runCell` like any output, and the record says `cached: true`, with `attempts: 0`, no
 * `costUsd` or `tokens` (this run spent nothing on it) and the original call's `originalLatencyMs`,
 * `originalCostUsd`, `originalTokens` and `cachedAt` kept apart. A miss runs the cell and writes its output only
 * when the record is `ok` (an error, a timeout or an unscoreable output is never an answer to reuse). A cache that
 * fails (a disk error) never fails the run: the cell runs, the warning says why.
 */
export class CellCache {
  readonly #cache: OutputCache;
  readonly #location: string;
  readonly #identities = new Map<string, TargetIdentity>();
  readonly #onWarning: (message: string) => void;
  readonly #tally = new CacheTally();
  /** Lookups and writes that failed, of every cell so far (a cell's own are the difference across it). */
  #failures = 0;

  constructor({ cache, location, variants, onWarning }: CellCacheOptions) {
    this.#cache = cache;
    this.#location = location;
    this.#onWarning = onWarning;
    for (const [variant, definition] of Object.entries(variants))
      this.#identities.set(variant, targetIdentity(definition));
  }

  /** The cell's record: served from the cache when it holds the cell's output, else computed (and stored if ok). */
  async run(cell: Cell, target: TargetFunction, options: RunCellOptions): Promise<CellRecord> {
    return (await this.runCounted(cell, target, options)).record;
  }

  /**
   * As {@link CellCache.run}, with what the cache did for this cell, so that a process that adds up the
   * outcomes of cells run elsewhere (a distributed run's coordinator) reports the same summary.
   */
  async runCounted(cell: Cell, target: TargetFunction, options: RunCellOptions): Promise<CountedCell> {
    const key = cacheKey({
      target: this.#identities.get(cell.variant)!,
      input: cell.item.input,
      sample: cell.sample,
      seed: cell.seed,
    });
    const failuresBefore = this.#failures;
    const hit = await this.#get(key);
    options.signal?.throwIfAborted();
    const counted = (record: CellRecord, outcome: Omit<CellCacheOutcome, 'failures'>): CountedCell => {
      const cache = { ...outcome, failures: this.#failures - failuresBefore };
      this.#tally.add(cache, record.judge);
      return { record, cache };
    };
    if (hit !== undefined) {
      const record = servedFromCache(await runCell(cell, () => hit.output, options), hit);
      return counted(record, { hit: true, written: false, costSavedUsd: hit.usage?.costUsd ?? 0 });
    }
    const record = await runCell(cell, target, options);
    const written = record.status === 'ok' && (await this.#put(key, record));
    return counted(record, { hit: false, written, costSavedUsd: 0 });
  }

  summary(): CacheSummary {
    return this.#tally.summary(this.#location);
  }

  async #get(key: string): Promise<CachedOutput | undefined> {
    try {
      return await this.#cache.get(key);
    } catch (error) {
      this.#failures++;
      this.#onWarning(`output cache ${this.#location}: lookup failed (${describeError(error)}); the cell runs`);
      return undefined;
    }
  }

  async #put(key: string, record: CellRecord): Promise<boolean> {
    const usage = {
      ...(record.costUsd === undefined ? {} : { costUsd: record.costUsd }),
      ...(record.tokens === undefined ? {} : { tokens: record.tokens }),
    };
    try {
      const written = await this.#cache.put(key, {
        status: record.status,
        output: record.output,
        latencyMs: record.latencyMs,
        ...(Object.keys(usage).length === 0 ? {} : { usage }),
      });
      return written;
    } catch (error) {
      this.#failures++;
      this.#onWarning(`output cache ${this.#location}: write failed (${describeError(error)}); the result is kept`);
      return false;
    }
  }
}

/**
 * A record computed from a cached output, marked as such: no attempt made and nothing spent now, the original
 * call's latency and usage in their own fields. An output the scorer now rejects stays what runCell made of it.
 */
function servedFromCache(record: CellRecord, hit: CachedOutput): CellRecord {
  const { costUsd: _cost, tokens: _tokens, seed, finishedAt, ...rest } = record;
  return {
    ...rest,
    attempts: 0,
    cached: true,
    originalLatencyMs: hit.latencyMs,
    ...(hit.usage?.costUsd === undefined ? {} : { originalCostUsd: hit.usage.costUsd }),
    ...(hit.usage?.tokens === undefined ? {} : { originalTokens: hit.usage.tokens }),
    cachedAt: hit.createdAt,
    seed,
    finishedAt,
  };
}
