import type { RandomSource } from '../../stats/seeded-random';
import type { CellRecord, CellStatus, JudgeUsage } from '../schema/cell-record';
import type {
  ExperimentItem,
  RetryPolicy,
  Scorer,
  TargetContext,
  TargetFunction,
  TargetUsage,
} from '../schema/experiment-definition';
import { systemTimers, type Timers } from '../time/timers';
import { isAttemptTimeout } from './attempt-timeout';
import { type Attempt, callWithRetries, isThenable } from './call-with-retries';
import { CellDeadlines } from './cell-deadline';
import { describeError } from './describe-error';
import { createItemFields, type StoredItemFields } from './item-fields';
import type { RateLimiter } from './rate-limiter';
import { DEFAULT_MAX_OUTPUT_CHARS, DEFAULT_TIMEOUT_MS } from './run-defaults';
import { normaliseScore, type ScoreOutcome } from './score-output';
import type { Cell } from './types';
import { totalTokens, UsageMeter } from './usage-meter';

export { DEFAULT_MAX_OUTPUT_CHARS, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from './run-defaults';

/** What a retry hook sees, as p-retry's `onFailedAttempt` does. */
export interface RetryContext {
  readonly error: unknown;
  /** The attempt that failed (1 for the first). */
  readonly attempt: number;
  readonly retriesLeft: number;
  readonly delayMs: number;
  readonly cell: Cell;
}

export interface RunCellOptions {
  /** Scores the output. */
  readonly scorer: Scorer;
  /** Deadline of the whole cell, all attempts, waits and scoring included. @default 60000 */
  readonly timeoutMs?: number;
  /**
   * Deadline of one attempt of the target: a call still running then is abandoned (its signal aborts)
   * and counted as a transient failure, retried within the cell's deadline. @default none
   */
  readonly attemptTimeoutMs?: number;
  /** Retries of transient failures. @default { max: 3, baseDelayMs: 500, maxDelayMs: 30000 } */
  readonly retries?: RetryPolicy;
  /** The run's signal: when it aborts, the cell stops at once and runCell rejects with its reason. */
  readonly signal?: AbortSignal;
  /** Jitter source of the backoff. @default Math.random */
  readonly random?: RandomSource;
  /** @default systemTimers */
  readonly timers?: Timers;
  /** Waited on before every attempt (the variant's account's rate limit); paused by a `Retry-After`. */
  readonly rateLimiter?: RateLimiter;
  /** Called before each backoff wait. */
  readonly onRetry?: (context: RetryContext) => void;
  /**
   * The run's shared deadlines (runExperiment passes one for all cells); they replace `signal`,
   * `timeoutMs` and `timers` for the deadline. @default one made for this cell
   */
  readonly deadlines?: CellDeadlines;
  /**
   * An output longer than this many characters (of its JSON) is not stored: the cell is an `error`
   * saying so, and the run goes on. @default DEFAULT_MAX_OUTPUT_CHARS
   */
  readonly maxOutputChars?: number;
  /**
   * What the record carries of its item for review (input, expected answer, or a reference when they
   * are long). runExperiment passes one per run, which computes it once per item. @default createItemFields()
   */
  readonly itemFields?: (item: ExperimentItem) => StoredItemFields;
}

/**
 * Run one cell to a record. The target and the scorer are called directly; when they return a promise
 * it is raced against the cell's deadline (CellDeadlines: the run's signal or the timeout), so a target
 * that ignores its signal still ends on time, as `timeout`. A synchronous target or scorer costs no
 * promise and no race. Transient failures (see isTransientError), and attempts that outlive
 * `attemptTimeoutMs`, are retried with full-jitter backoff (callWithRetries), never after an abort;
 * anything else ends the cell as `error` at once. A failure that is not the model's (a throw, a
 * timeout, an output of undefined or one JSON cannot store, a scorer or judge that throws or returns
 * nonsense) is a record with status `error`/`timeout` and its message, never `pass: false`. The record
 * carries the item's input and expected answer (see createItemFields) and the scorer's `reason`.
 *
 * @returns the cell's record; rejects only with the run signal's reason when the run is aborted (an
 *   aborted cell is not a result: it is not recorded, and a resumed run runs it again).
 */
export function runCell(cell: Cell, target: TargetFunction, options: RunCellOptions): Promise<CellRecord> {
  const { timeoutMs = DEFAULT_TIMEOUT_MS, signal, timers = systemTimers } = options;
  if (signal?.aborted) return Promise.reject(signal.reason);
  const own = options.deadlines === undefined ? new CellDeadlines(signal, timeoutMs, timers) : undefined;
  return attemptCell(cell, target, options, own ?? options.deadlines!, own);
}

async function attemptCell(
  cell: Cell,
  target: TargetFunction,
  options: RunCellOptions,
  deadlines: CellDeadlines,
  own: CellDeadlines | undefined,
): Promise<CellRecord> {
  const { scorer, retries = {}, signal, random, rateLimiter, attemptTimeoutMs } = options;
  const { timeoutMs, timers } = deadlines;
  const deadline = deadlines.start();
  try {
    const startedAt = timers.now();
    let usage: UsageMeter | undefined;
    let judge: JudgeUsage | undefined;
    let attempt = 0;
    const finish = (status: CellStatus, fields: Partial<CellRecord>): CellRecord => {
      const record: Record<string, unknown> = {
        key: cell.key,
        item: cell.item.id,
        variant: cell.variant,
        sample: cell.sample,
        status,
        ...fields,
        ...(options.itemFields ?? defaultItemFields)(cell.item),
      };
      if (cell.item.tags !== undefined) record.tags = cell.item.tags;
      record.latencyMs = timers.now() - startedAt;
      record.attempts = attempt;
      if (usage !== undefined) Object.assign(record, usage.fields());
      if (judge !== undefined) record.judge = judge;
      record.seed = cell.seed;
      record.finishedAt = isoNow();
      return record as unknown as CellRecord;
    };
    // An abort of the run is rethrown; the cell's own deadline becomes a `timeout` record, and so do
    // attempts that all outlived the attempt timeout. A scorer's failure keeps the output it was given.
    // A deadline that passed while the cell waited for its rate limiter is said as such: the target did not time out
    // (it was not even called for that attempt), the run's limits held the cell past its timeoutMs.
    const failure = (
      error: unknown,
      during: 'target' | 'scorer' | 'rate limit wait',
      kept: Partial<CellRecord> = {},
    ): CellRecord => {
      if (signal?.aborted) throw signal.reason;
      if (deadline.timedOut) {
        const last = error === deadline.reason ? '' : `; last error: ${describeError(error)}`;
        const what =
          during === 'rate limit wait'
            ? `rate limit wait exceeded the deadline of ${timeoutMs} ms`
            : `${during} timed out after ${timeoutMs} ms`;
        return finish('timeout', { error: `${what}${last}`, ...kept });
      }
      if (during === 'target' && isAttemptTimeout(error))
        return finish('timeout', { error: `every attempt (${attempt}) timed out after ${attemptTimeoutMs} ms` });
      const message = during === 'target' ? describeError(error) : `${during} failed: ${describeError(error)}`;
      return finish('error', { error: message, ...kept });
    };
    const context: TargetContext & { reportJudge: (usage: JudgeUsage) => void } = {
      get signal() {
        return deadline.signal;
      },
      item: cell.item,
      variant: cell.variant,
      sample: cell.sample,
      attempt: 1,
      seed: cell.seed,
      report: (u: TargetUsage) => {
        usage ??= new UsageMeter();
        usage.add(u);
        // What the call used counts against its account's tokens per minute, when it has such a limit.
        if (u.tokens !== undefined) rateLimiter?.charge?.(totalTokens(u.tokens));
      },
      reportJudge: (u: JudgeUsage) => {
        judge = u;
      },
    };
    // A fresh context per attempt: a target may keep it, and `attempt` and `signal` must stay what they were.
    const call = (a: Attempt) => {
      attempt = a.number;
      if (a.number === 1 && attemptTimeoutMs === undefined) return target(cell.item.input, context);
      return target(cell.item.input, {
        ...context,
        attempt: a.number,
        get signal() {
          return a.signal;
        },
      });
    };
    const called = await callWithRetries(call, {
      deadline,
      timers,
      retries,
      random,
      ...(rateLimiter === undefined ? {} : { rateLimiter }),
      ...(attemptTimeoutMs === undefined ? {} : { attemptTimeoutMs }),
      ...(options.onRetry === undefined ? {} : { onRetry: (failed) => options.onRetry!({ ...failed, cell }) }),
    });
    attempt = called.attempts;
    if (!called.ok) return failure(called.error, called.limiterWait ? 'rate limit wait' : 'target');
    const output = called.value;
    const stored = storableOutput(output, options.maxOutputChars ?? DEFAULT_MAX_OUTPUT_CHARS);
    if (stored !== undefined) return finish('error', { error: stored });
    let outcome: ScoreOutcome;
    try {
      const scored = scorer(output, cell.item, context);
      outcome = normaliseScore(isThenable(scored) ? await deadline.race(scored) : scored);
      if (deadline.aborted) throw deadline.reason;
    } catch (error) {
      return failure(error, 'scorer', { output });
    }
    const fields: { -readonly [K in keyof CellRecord]?: CellRecord[K] } = { pass: outcome.pass };
    if (outcome.score !== undefined) fields.score = outcome.score;
    if (outcome.reason !== undefined) fields.reason = outcome.reason;
    if (outcome.details !== undefined) fields.scoreDetails = outcome.details;
    fields.output = output;
    return finish('ok', fields);
  } finally {
    deadline.end();
    own?.dispose();
  }
}

const defaultItemFields = createItemFields();

let isoMs = Number.NaN;
let isoText = '';

/** `new Date().toISOString()`, formatted once per millisecond however many cells finish in it. */
function isoNow(): string {
  const ms = Date.now();
  if (ms !== isoMs) {
    isoMs = ms;
    isoText = new Date(ms).toISOString();
  }
  return isoText;
}

/** `undefined` when the output can be stored as JSON within `maxChars`, else the message of the error record. */
function storableOutput(output: unknown, maxChars: number): string | undefined {
  if (output === undefined) return 'target returned undefined (no output to score)';
  // The usual outputs need no trial serialisation (JSON.stringify of a string cannot fail); a string's
  // JSON is at least as long as the string.
  if (output === null || typeof output === 'boolean' || typeof output === 'number') return undefined;
  if (typeof output === 'string') return output.length > maxChars ? tooLong(output.length, maxChars) : undefined;
  let json: string | undefined;
  try {
    json = JSON.stringify(output);
  } catch (error) {
    // V8's "Invalid string length": longer than any string can be.
    if (error instanceof RangeError) return tooLong(undefined, maxChars);
    return `target output cannot be stored as JSON: ${describeError(error)}`;
  }
  if (json === undefined) return `target returned a ${typeof output}, which JSON cannot store`;
  return json.length > maxChars ? tooLong(json.length, maxChars) : undefined;
}

function tooLong(length: number | undefined, maxChars: number): string {
  const size = length === undefined ? 'too long to serialise' : `${length} characters long`;
  return `target output is ${size}, over the ${maxChars} characters a cell stores (maxOutputChars); not stored`;
}
