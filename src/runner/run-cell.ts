import type { RandomSource } from '../../stats/seeded-random';
import { backoffDelay, DEFAULT_RETRY_BASE_DELAY_MS, DEFAULT_RETRY_MAX_DELAY_MS } from './backoff-delay';
import { CellDeadlines } from './cell-deadline';
import { describeError } from './describe-error';
import { isTransientError, retryAfterOf } from './is-transient-error';
import type { RateLimiter } from './rate-limiter';
import { normaliseScore, type ScoreOutcome } from './score-output';
import { abortableDelay, systemTimers, type Timers } from './timers';
import type { Cell, CellRecord, CellStatus, RetryPolicy, Scorer, TargetFunction, TargetUsage } from './types';
import { UsageMeter } from './usage-meter';

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RETRIES = 3;
/**
 * Longest output a cell stores, in characters of its JSON (4 Mi, about 4 MB of ASCII): far above any
 * answer worth scoring, far below the ~512 MiB at which V8 cannot build the string at all.
 */
export const DEFAULT_MAX_OUTPUT_CHARS = 4 * 1024 * 1024;

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
  /** Retries of transient failures. @default { max: 3, baseDelayMs: 500, maxDelayMs: 30000 } */
  readonly retries?: RetryPolicy;
  /** The run's signal: when it aborts, the cell stops at once and runCell rejects with its reason. */
  readonly signal?: AbortSignal;
  /** Jitter source of the backoff. @default Math.random */
  readonly random?: RandomSource;
  /** @default systemTimers */
  readonly timers?: Timers;
  /** Waited on before every attempt (the variant's rate limit). */
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
}

/**
 * Run one cell to a record. The target and the scorer are called directly; when they return a promise
 * it is raced against the cell's deadline (CellDeadlines: the run's signal or the timeout), so a target
 * that ignores its signal still ends on time, as `timeout`. A synchronous target or scorer costs no
 * promise and no race. Transient failures (see isTransientError) are retried with full-jitter backoff
 * (backoffDelay), never after an abort; anything else ends the cell as `error` at once. A failure that
 * is not the model's (a throw, a timeout, an output of undefined or one JSON cannot store, a scorer that
 * throws or returns nonsense) is a record with status `error`/`timeout` and its message, never `pass: false`.
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
  const { scorer, retries = {}, signal, random, rateLimiter } = options;
  const { timeoutMs, timers } = deadlines;
  const deadline = deadlines.start();
  try {
    const startedAt = timers.now();
    let usage: UsageMeter | undefined;
    let attempt = 0;
    const finish = (status: CellStatus, fields: Partial<CellRecord>): CellRecord => {
      const record: Record<string, unknown> = {
        key: cell.key,
        item: cell.item.id,
        variant: cell.variant,
        sample: cell.sample,
        status,
        ...fields,
      };
      if (cell.item.tags !== undefined) record.tags = cell.item.tags;
      record.latencyMs = timers.now() - startedAt;
      record.attempts = attempt;
      if (usage !== undefined) Object.assign(record, usage.fields());
      record.seed = cell.seed;
      record.finishedAt = isoNow();
      return record as unknown as CellRecord;
    };
    // An abort of the run is rethrown; the cell's own deadline becomes a `timeout` record.
    // A scorer's failure keeps the output it was given, to show what could not be scored.
    const failure = (error: unknown, during: 'target' | 'scorer', kept: Partial<CellRecord> = {}): CellRecord => {
      if (signal?.aborted) throw signal.reason;
      if (deadline.timedOut) {
        const last = error === deadline.reason ? '' : `; last error: ${describeError(error)}`;
        return finish('timeout', { error: `${during} timed out after ${timeoutMs} ms${last}`, ...kept });
      }
      const message = during === 'target' ? describeError(error) : `${during} failed: ${describeError(error)}`;
      return finish('error', { error: message, ...kept });
    };
    const context = {
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
      },
    };
    let output: unknown;
    for (;;) {
      attempt++;
      try {
        if (rateLimiter !== undefined) await rateLimiter.acquire(deadline.signal);
        // A fresh context per attempt: a target may keep it, and `attempt` must stay what it was.
        const returned = target(cell.item.input, attempt === 1 ? context : { ...context, attempt });
        output = isThenable(returned) ? await deadline.race(returned) : returned;
        if (deadline.aborted) throw deadline.reason;
        break;
      } catch (error) {
        const { max = DEFAULT_MAX_RETRIES } = retries;
        if (deadline.aborted || !isTransientError(error) || attempt > max) return failure(error, 'target');
        const { baseDelayMs = DEFAULT_RETRY_BASE_DELAY_MS, maxDelayMs = DEFAULT_RETRY_MAX_DELAY_MS } = retries;
        const delayMs = backoffDelay(attempt, { baseDelayMs, maxDelayMs, random, retryAfterMs: retryAfterOf(error) });
        options.onRetry?.({ error, attempt, retriesLeft: max - attempt + 1, delayMs, cell });
        try {
          await abortableDelay(delayMs, { signal: deadline.signal, timers });
        } catch {
          return failure(error, 'target');
        }
      }
    }
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
    if (outcome.details !== undefined) fields.scoreDetails = outcome.details;
    fields.output = output;
    return finish('ok', fields);
  } finally {
    deadline.end();
    own?.dispose();
  }
}

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

function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as PromiseLike<T>).then === 'function'
  );
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
