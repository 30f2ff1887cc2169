import type { AnthropicTargetConfig } from './anthropic-target-config';
import type { JudgeUsage } from './cell-record';
import type { HttpTargetConfig } from './http-target-config';
import type { ScoreConfig } from './scorer-config';
import type { StoppingPolicyInput } from './stopping-policy';

/**
 * An experiment as a program holds it (defineExperiment, loadExperiment): its items, the targets of its
 * variants, its scorer and its policy. The zod schema of an experiment *file* is src/schema/experiment.ts;
 * these are the shapes after loading, which function targets and scorers share with built-in ones. They are
 * contracts between the user's code, the runner, the store (the configuration hash) and the cache (a
 * target's identity), so they live here, below all of them.
 */

/** One item of an experiment: what every variant is run on. */
export interface ExperimentItem {
  readonly id: string | number;
  readonly input: unknown;
  readonly expected?: unknown;
  readonly tags?: Readonly<Record<string, string>>;
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

export type { AnthropicTargetConfig, HttpTargetConfig };

export type TargetDefinition =
  | TargetFunction
  | OpenAITargetConfig
  | AnthropicTargetConfig
  | HttpTargetConfig
  | CommandTargetConfig;

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
