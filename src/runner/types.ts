import type { CacheSummary } from '../cache/cache-summary';
import type { ExperimentItem } from '../schema/experiment-definition';
import type { RunStatus, RunStopReason, StatusCounts, VariantCounts } from '../schema/run-manifest';
import type { StoppingRecord } from '../schema/stopping-policy';

/**
 * The runner's own shapes: a cell (the unit of work), what a run returns and what its progress callback
 * receives. The contracts it shares with the store, the cache and user code (an experiment, a target, a
 * scorer, a stored record, run statuses) live in src/schema.
 */

/** The unit of work: one (item, variant, sample), with a deterministic key. */
export interface Cell {
  /** JSON of [item id, variant, sample]: stable, unique and free of separator ambiguity. */
  readonly key: string;
  readonly item: ExperimentItem;
  readonly variant: string;
  readonly sample: number;
  readonly seed: number;
}

export interface RunSummary extends StatusCounts {
  readonly status: RunStatus;
  /** Cells in the plan (items x variants x samples). */
  readonly planned: number;
  /** Cells stored by the end of this run, this run's and earlier ones (resume). */
  readonly completed: number;
  /** Cells this run executed. */
  readonly executed: number;
  /** Cells this run did not run because an earlier run stored them (resume). */
  readonly resumed: number;
  readonly durationMs: number;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** Per variant: ok cells, passes among them, errors and timeouts. */
  readonly variants: Readonly<Record<string, VariantCounts>>;
  /** Recorded cost of the stored cells (earlier runs' included, a judge's calls too), in USD; 0 when nothing reports cost. */
  readonly costUsd: number;
  /** Present when status is `interrupted`. */
  readonly stopReason?: RunStopReason;
  /** The run directory, when results were stored. */
  readonly outDir?: string;
  /** With early stopping: why and where it stopped (as manifest.json's `stopping`). */
  readonly stopping?: StoppingRecord;
  /** With an output cache: the cells it served (calls and cost saved) and the entries written. */
  readonly cache?: CacheSummary;
}

/** What `onProgress` receives after each stored cell: enough for a progress bar. */
export interface RunProgress extends StatusCounts {
  readonly planned: number;
  /** Stored cells of the plan, earlier runs' included. */
  readonly completed: number;
  /** Cells this run has executed so far. */
  readonly executed: number;
  /** Cells this run set out to execute (the plan minus what resume skipped). */
  readonly toExecute: number;
  readonly elapsedMs: number;
  readonly costUsd: number;
  readonly variants: Readonly<Record<string, VariantCounts>>;
}
