import type { ScoreConfig } from '../schema/experiment';
import type { CacheSummary } from './cell-cache';
import type { StoppingRecord } from './stopping-monitor';
import type { StoppingPolicyInput } from './stopping-policy';

/**
 * The runner's shared types: what an experiment is, what a target receives and returns, what a cell
 * is and what the runner writes for it. The zod schema of an experiment *file* lives in
 * src/schema/experiment.ts; these are the in-memory shapes after loading.
 */

/** One item of an experiment: what every variant is run on. */
export interface ExperimentItem {
  readonly id: string | number;
  readonly input: unknown;
  readonly expected?: unknown;
  readonly tags?: Readonly<Record<string, string>>;
}

/** A stable reference to an item whose input or expected answer is too long to store on each record. */
export interface ItemRef {
  /** The items file (or the experiment file holding the items), as the user wrote it. */
  readonly file?: string;
  /** SHA-256 (hex) of the canonical JSON of `{ id, input, expected }`. */
  readonly sha256: string;
}

/** What a model-graded scorer's calls to its judge cost, stored as a record's `judge`. */
export interface JudgeUsage {
  /** Calls made to the judge (1 + retries). */
  readonly attempts: number;
  /** Wall time of the judging, retries and waits included. */
  readonly latencyMs: number;
  readonly costUsd?: number;
  readonly tokens?: number | Readonly<Record<string, number>>;
  /** The judge's answer came from the output cache: no call was made (`attempts` 0). */
  readonly cached?: true;
}

/** Usage a target reports for one call, recorded on the cell's record. */
export interface TargetUsage {
  readonly costUsd?: number;
  readonly tokens?: number | Readonly<Record<string, number>>;
}

/** What a target receives beside the item's input. */
export interface TargetContext {
  /** Aborted on the cell's timeout or when the run stops; pass it to everything you await. */
  readonly signal: AbortSignal;
  readonly item: ExperimentItem;
  readonly variant: string;
  readonly sample: number;
  /** 1 on the first try, 2 on the first retry, ... */
  readonly attempt: number;
  /** Derived deterministically from (experiment seed, item, variant, sample). */
  readonly seed: number;
  /** Report cost and tokens of this call (summed over calls). */
  readonly report: (usage: TargetUsage) => void;
}

/** A target: the system under test. Returns the output to be scored. */
export type TargetFunction = (input: unknown, context: TargetContext) => unknown | Promise<unknown>;

/** An OpenAI-compatible chat-completions endpoint, called over fetch. */
export interface OpenAITargetConfig {
  readonly type: 'openai';
  readonly baseURL: string;
  readonly model: string;
  /** Name of the environment variable holding the API key (the key itself never appears in a file). */
  readonly apiKeyEnv?: string;
  readonly system?: string;
  readonly temperature?: number;
  readonly maxTokens?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** USD per 1M prompt / completion tokens, to record costUsd. */
  readonly pricing?: { readonly inputPerMillion: number; readonly outputPerMillion: number };
}

/** A subprocess: argv without a shell, the input on stdin, the output from stdout. */
export interface CommandTargetConfig {
  readonly type: 'command';
  readonly argv: readonly string[];
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
}

export type TargetDefinition = TargetFunction | OpenAITargetConfig | CommandTargetConfig;

/**
 * What a scorer may return: a pass/fail, a number (a score; pass if >= 0.5, DEFAULT_PASS_THRESHOLD),
 * or `{ pass?, score?, ...details }` (pass from the score when only a score is given).
 */
export type ScoreValue =
  | boolean
  | number
  | { readonly pass?: boolean; readonly score?: number; readonly [key: string]: unknown };

/** What a scorer receives beside the output and the item. */
export interface ScorerContext {
  /** Aborted at the cell's deadline or when the run stops. */
  readonly signal: AbortSignal;
  /** The cell being scored (the runner gives them; a scorer called by hand may not). */
  readonly variant?: string;
  readonly sample?: number;
  readonly seed?: number;
  /**
   * Record what judging this cell cost (a model-graded scorer's calls to its judge): stored as the
   * record's `judge`, apart from the target's cost and latency. The last call wins.
   */
  readonly reportJudge?: (usage: JudgeUsage) => void;
}

export type Scorer = (
  output: unknown,
  item: ExperimentItem,
  context?: ScorerContext,
) => ScoreValue | Promise<ScoreValue>;

export interface RetryPolicy {
  /** Retries after the first attempt. @default 3 */
  readonly max?: number;
  /** @default 500 */
  readonly baseDelayMs?: number;
  /** @default 30000 */
  readonly maxDelayMs?: number;
}

/**
 * An experiment after loading (items resolved from their file, targets and scorer as given). `score`
 * is a function, or the config of a built-in scorer (`{ type: 'exact-match' }`, `{ type: 'judge', ... }`:
 * see ScoreConfig);
 * without it, each item's `expected` is compared with the output (defaultScorer).
 */
export interface Experiment {
  readonly name: string;
  readonly items: readonly ExperimentItem[];
  readonly variants: Readonly<Record<string, TargetDefinition>>;
  readonly score?: Scorer | ScoreConfig;
  /** @default 1 */
  readonly samples?: number;
  /** @default 8 */
  readonly concurrency?: number;
  /** Per cell, over all attempts of one call. @default 60000 */
  readonly timeoutMs?: number;
  /** Per attempt: a call still running then is abandoned and retried (a transient failure). @default none */
  readonly attemptTimeoutMs?: number;
  readonly retries?: RetryPolicy;
  /** Per variant (or one value for all). */
  readonly rateLimit?:
    | { readonly requestsPerMinute: number }
    | Readonly<Record<string, { readonly requestsPerMinute: number }>>;
  /**
   * Provider accounts (or endpoints) whose rate limit is shared by every variant, and judge, that uses
   * them: `{ team: { requestsPerMinute: 500, variants: ['A', 'B'] } }`; a judge scorer joins one with
   * its `account`. A 429's `Retry-After` pauses the whole account.
   */
  readonly accounts?: Readonly<Record<string, AccountConfig>>;
  /** @default 0 */
  readonly seed?: number;
  /** Stop scheduling new cells once the recorded cost reaches this. */
  readonly maxCostUsd?: number;
  /** How `verdict run --stop-early` stops (RunOptions.stopEarly); used only when early stopping is asked for. */
  readonly stopping?: StoppingPolicyInput;
  /**
   * The module that defines the experiment (an absolute path or a file URL), set by loadExperiment for
   * a .ts/.js file. Worker threads import it to find the function targets and scorer again by variant
   * name (RunOptions.isolation); not part of the configuration hash.
   */
  readonly module?: string;
  /**
   * Where the items came from (the items file, or the experiment file holding them), as the user wrote
   * it: records of items too long to carry point to it (`itemRef`). Set by loadExperiment.
   */
  readonly itemsFile?: string;
}

/** A provider account (or endpoint) shared by variants: its rate limit and, optionally, its members. */
export interface AccountConfig {
  /** Requests per minute for every variant (and judge) of the account together. @default no limit */
  readonly requestsPerMinute?: number;
  /** Tokens per minute for all of them together, counted from the usage their responses report. @default no limit */
  readonly tokensPerMinute?: number;
  /** Variants that use the account (any target: functions too). */
  readonly variants?: readonly string[];
}

/** The unit of work: one (item, variant, sample), with a deterministic key. */
export interface Cell {
  /** JSON of [item id, variant, sample]: stable, unique and free of separator ambiguity. */
  readonly key: string;
  readonly item: ExperimentItem;
  readonly variant: string;
  readonly sample: number;
  readonly seed: number;
}

export type CellStatus = 'ok' | 'error' | 'timeout' | 'skipped';

/**
 * One line of results.jsonl: the record schema (docs/record-schema.md) plus what the runner knows.
 * `pass`/`score` are present only when `status` is `ok`: a failure that is not the model's is never
 * stored as `pass: false`.
 */
export interface CellRecord {
  readonly key: string;
  readonly item: string | number;
  readonly variant: string;
  readonly sample: number;
  readonly status: CellStatus;
  readonly pass?: boolean;
  readonly score?: number;
  /** Why the scorer (or the judge) decided as it did: a string `reason` it returned. */
  readonly reason?: string;
  /** Whatever else the scorer returned beside `pass`, `score` and `reason` (sub-scores, ...). */
  readonly scoreDetails?: Readonly<Record<string, unknown>>;
  readonly tags?: Readonly<Record<string, string>>;
  readonly output?: unknown;
  /** The item's input, for review (left out when too long: see `itemRef`). */
  readonly input?: unknown;
  /** The item's expected answer, for review (left out when too long: see `itemRef`). */
  readonly expected?: unknown;
  /** Where the item is, when its input or expected answer was too long to store on the record. */
  readonly itemRef?: ItemRef;
  /** The judge's calls, when the scorer is model-graded: kept apart from the target's cost and latency. */
  readonly judge?: JudgeUsage;
  readonly error?: string;
  /** Wall time of the cell, over all attempts, backoff and rate-limit waits included. */
  readonly latencyMs: number;
  /** Calls made to the target (1 + retries). */
  readonly attempts: number;
  readonly costUsd?: number;
  readonly tokens?: number | Readonly<Record<string, number>>;
  readonly seed: number;
  /** ISO time the cell finished. */
  readonly finishedAt: string;
  /** Served from the output cache: no call was made and nothing was spent (the original call's figures follow). */
  readonly cached?: true;
  /** The original call's latency (cached records only). */
  readonly originalLatencyMs?: number;
  /** The original call's cost (cached records only; this run spent nothing on the cell). */
  readonly originalCostUsd?: number;
  readonly originalTokens?: number | Readonly<Record<string, number>>;
  /** ISO time the cached entry was written. */
  readonly cachedAt?: string;
}

/**
 * How a run ended. `completed`: every planned cell is stored (ok, error or timeout). `interrupted`: it
 * stopped early (see RunStopReason) and a resume runs the rest. `failed`: the run itself broke (a disk
 * error, a callback that threw); manifest.json says so, and runExperiment rejects with the error
 * rather than resolving, so a returned summary is never `failed`.
 */
export type RunStatus = 'completed' | 'interrupted' | 'failed';

/**
 * Why a run stopped before its plan was done: the caller's `signal` aborted, or the recorded cost
 * reached `maxCostUsd`. Both leave status `interrupted`; resuming runs the rest.
 */
export type RunStopReason = 'signal' | 'max-cost';

export interface StatusCounts {
  readonly ok: number;
  readonly error: number;
  readonly timeout: number;
  readonly skipped: number;
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

/** Status counts of one variant's stored cells, and the passes among its ok cells. */
export interface VariantCounts extends StatusCounts {
  readonly passes: number;
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
