/** What the cache did for a run, as the run summary reports it. */
export interface CacheSummary {
  /** Where the cache lives (`OutputCache.stats().location`'s form: a directory). */
  readonly location: string;
  /** Cells served from the cache: each a target call this run did not make. */
  readonly hits: number;
  /** Cells looked up and not found (or found unreadable), which then called their target. */
  readonly misses: number;
  /** Entries written by this run (ok cells that were misses). */
  readonly written: number;
  /** What the served cells cost when they were first computed, in USD (0 when no target reports cost). */
  readonly costSavedUsd: number;
  /** Lookups or writes that failed (a disk error): the cell ran uncached, with a warning. */
  readonly failures: number;
}

/** What the cache did for one cell. */
export interface CellCacheOutcome {
  /** Served from the cache (no call made). */
  readonly hit: boolean;
  /** An entry was written for it (an ok cell that missed). */
  readonly written: boolean;
  /** Lookups or writes of it that failed (the cell ran uncached). */
  readonly failures: number;
  /** What a served cell cost when it was first computed, in USD (0 when unknown or a miss). */
  readonly costSavedUsd: number;
}

/**
 * The cache's figures of a run, added up cell by cell: by the runner's CellCache as it serves cells, and by a
 * distributed run's coordinator from the outcomes its workers send with each record (so both summaries agree).
 */
export class CacheTally {
  #hits = 0;
  #misses = 0;
  #written = 0;
  #costSavedUsd = 0;
  #failures = 0;

  add({ hit, written, failures, costSavedUsd }: CellCacheOutcome): void {
    if (hit) this.#hits++;
    else this.#misses++;
    if (written) this.#written++;
    this.#failures += failures;
    this.#costSavedUsd += costSavedUsd;
  }

  summary(location: string): CacheSummary {
    return {
      location,
      hits: this.#hits,
      misses: this.#misses,
      written: this.#written,
      costSavedUsd: this.#costSavedUsd,
      failures: this.#failures,
    };
  }
}
