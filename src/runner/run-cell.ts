import type { RandomSource } from '../../stats/seeded-random';
import { backoffDelay, DEFAULT_RETRY_BASE_DELAY_MS, DEFAULT_RETRY_MAX_DELAY_MS } from './backoff-delay';
import { cellDeadline } from './cell-deadline';
import { describeError } from './describe-error';
import { isTransientError, retryAfterOf } from './is-transient-error';
import type { RateLimiter } from './rate-limiter';
import { normaliseScore, type ScoreOutcome } from './score-output';
import { abortableDelay, raceAbort, systemTimers, type Timers } from './timers';
import type { Cell, CellRecord, CellStatus, RetryPolicy, Scorer, TargetFunction, TargetUsage } from './types';
import { UsageMeter } from './usage-meter';

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RETRIES = 3;

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
}

/**
 * Run one cell to a record. The target is raced against the cell's deadline (cellDeadline: the run's
 * signal or a timeout, as `AbortSignal.any` of both), so a target that ignores its signal still ends on time, as `timeout`.
 * Transient failures (see isTransientError) are retried with full-jitter backoff (backoffDelay),
 * never after an abort; anything else ends the cell as `error` at once. A failure that is not the
 * model's (a throw, a timeout, an output of undefined or one JSON cannot store, a scorer that throws
 * or returns nonsense) is a record with status `error`/`timeout` and its message, never `pass: false`.
 *
 * @returns the cell's record; rejects only with the run signal's reason when the run is aborted (an
 *   aborted cell is not a result: it is not recorded, and a resumed run runs it again).
 */
export async function runCell(cell: Cell, target: TargetFunction, options: RunCellOptions): Promise<CellRecord> {
  const { scorer, timeoutMs = DEFAULT_TIMEOUT_MS, retries = {}, signal, random, timers = systemTimers } = options;
  const {
    max = DEFAULT_MAX_RETRIES,
    baseDelayMs = DEFAULT_RETRY_BASE_DELAY_MS,
    maxDelayMs = DEFAULT_RETRY_MAX_DELAY_MS,
  } = retries;
  signal?.throwIfAborted();
  const startedAt = timers.now();
  const usage = new UsageMeter();
  const cellTimer = cellDeadline(signal, timeoutMs, timers);
  const deadline = cellTimer.signal;
  let attempt = 0;
  const finish = (status: CellStatus, fields: Partial<CellRecord>): CellRecord => ({
    key: cell.key,
    item: cell.item.id,
    variant: cell.variant,
    sample: cell.sample,
    status,
    ...fields,
    ...(cell.item.tags === undefined ? {} : { tags: cell.item.tags }),
    latencyMs: timers.now() - startedAt,
    attempts: attempt,
    ...usage.fields(),
    seed: cell.seed,
    finishedAt: new Date().toISOString(),
  });
  // An abort of the run is rethrown; the cell's own deadline becomes a `timeout` record.
  // A scorer's failure keeps the output it was given, to show what could not be scored.
  const failure = (error: unknown, during: 'target' | 'scorer', kept: Partial<CellRecord> = {}): CellRecord => {
    if (signal?.aborted) throw signal.reason;
    if (cellTimer.timedOut()) {
      const last = error === deadline.reason ? '' : `; last error: ${describeError(error)}`;
      return finish('timeout', { error: `${during} timed out after ${timeoutMs} ms${last}`, ...kept });
    }
    const message = during === 'target' ? describeError(error) : `${during} failed: ${describeError(error)}`;
    return finish('error', { error: message, ...kept });
  };
  try {
    let output: unknown;
    for (;;) {
      attempt++;
      try {
        await options.rateLimiter?.acquire(deadline);
        const context = {
          signal: deadline,
          item: cell.item,
          variant: cell.variant,
          sample: cell.sample,
          attempt,
          seed: cell.seed,
          report: (u: TargetUsage) => usage.add(u),
        };
        output = await raceAbort(
          Promise.resolve().then(() => target(cell.item.input, context)),
          deadline,
        );
        break;
      } catch (error) {
        if (deadline.aborted || !isTransientError(error) || attempt > max) return failure(error, 'target');
        const delayMs = backoffDelay(attempt, { baseDelayMs, maxDelayMs, random, retryAfterMs: retryAfterOf(error) });
        options.onRetry?.({ error, attempt, retriesLeft: max - attempt + 1, delayMs, cell });
        try {
          await abortableDelay(delayMs, { signal: deadline, timers });
        } catch {
          return failure(error, 'target');
        }
      }
    }
    const stored = storableOutput(output);
    if (typeof stored === 'string') return finish('error', { error: stored });
    let outcome: ScoreOutcome;
    try {
      outcome = normaliseScore(
        await raceAbort(
          Promise.resolve().then(() => scorer(output, cell.item)),
          deadline,
        ),
      );
    } catch (error) {
      return failure(error, 'scorer', { output });
    }
    return finish('ok', {
      pass: outcome.pass,
      ...(outcome.score === undefined ? {} : { score: outcome.score }),
      ...(outcome.details === undefined ? {} : { scoreDetails: outcome.details }),
      output,
    });
  } finally {
    cellTimer.dispose();
  }
}

/** `{ ok: true }` when the output can be stored as JSON, else the message of the error record. */
function storableOutput(output: unknown): { ok: true } | string {
  if (output === undefined) return 'target returned undefined (no output to score)';
  try {
    if (JSON.stringify(output) === undefined) return `target returned a ${typeof output}, which JSON cannot store`;
  } catch (error) {
    return `target output cannot be stored as JSON: ${describeError(error)}`;
  }
  return { ok: true };
}
