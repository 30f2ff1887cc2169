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
