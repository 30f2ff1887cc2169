import type { JudgeUsage } from '../schema/cell-record';

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
  /**
   * What the served cells and judge answers cost when they were first computed, in USD (0 when nothing reports
   * cost): the targets' and the judges' together.
   */
  readonly costSavedUsd: number;
  /**
   * Judge answers served from the cache (a model-graded scorer's record with `judge.cached`): each a call to the
   * judge this run did not make, beside the `hits` of the targets.
   */
  readonly judgeHits: number;
  /** The judges' share of `costSavedUsd`: what the served judge answers cost when first asked. */
  readonly judgeCostSavedUsd: number;
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
  #judgeHits = 0;
  #judgeCostSavedUsd = 0;
  #failures = 0;

  /**
   * Count one cell: what the cache did for its target, and, for a model-graded scorer, whether its judge's answer
   * was served too (the record's `judge`; a cell served from the cache is scored again, so its judge is asked
   * again, and that answer is usually a hit as well).
   */
  add({ hit, written, failures, costSavedUsd }: CellCacheOutcome, judge?: JudgeUsage): void {
    if (hit) this.#hits++;
    else this.#misses++;
    if (written) this.#written++;
    this.#failures += failures;
    this.#costSavedUsd += costSavedUsd;
    if (judge?.cached === true) {
      this.#judgeHits++;
      const original = judge.originalCostUsd ?? 0;
      this.#judgeCostSavedUsd += original;
      this.#costSavedUsd += original;
    }
  }

  summary(location: string): CacheSummary {
    return {
      location,
      hits: this.#hits,
      misses: this.#misses,
      written: this.#written,
      costSavedUsd: this.#costSavedUsd,
      judgeHits: this.#judgeHits,
      judgeCostSavedUsd: this.#judgeCostSavedUsd,
      failures: this.#failures,
    };
  }
}
