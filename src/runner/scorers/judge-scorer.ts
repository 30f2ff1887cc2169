import type { RandomSource } from '../../../stats/seeded-random';
import { cacheKey } from '../../cache/cache-key';
import type { OutputCache } from '../../cache/output-cache';
import { targetIdentity } from '../../cache/target-identity';
import type { JudgeUsage } from '../../schema/cell-record';
import type { RetryPolicy, Scorer, ScorerContext, TargetUsage } from '../../schema/experiment-definition';
import type { JudgeScorerConfig } from '../../schema/scorer-config';
import { systemTimers, type Timers } from '../../time/timers';
import { type CallOutcome, callWithRetries } from '../call-with-retries';
import { CellDeadlines } from '../cell-deadline';
import { describeError } from '../describe-error';
import type { RateLimiter } from '../rate-limiter';
import { resolveTarget } from '../targets/resolve-target';
import { totalTokens, UsageMeter } from '../usage-meter';
import { readGrade } from './judge-grade';
import { judgePrompt } from './judge-prompt';

/** What a judge's calls share with the run: its retries, deadlines, rate limit and cache. */
export interface JudgeScorerOptions {
  /** Retries of the judge's transient failures (429, 5xx, resets), as the targets'. @default the runner's */
  readonly retries?: RetryPolicy;
  /** Deadline of one call to the judge, after which it is abandoned and retried. @default none */
  readonly attemptTimeoutMs?: number;
  /** The judge's account's limiter: every call waits its turn, and a Retry-After pauses the account. */
  readonly rateLimiter?: RateLimiter;
  /** Where the judge's answers are kept and looked up (the run's output cache). @default none */
  readonly cache?: OutputCache;
  /** A cache lookup or write that failed (the judge is then called, or its answer kept). @default ignored */
  readonly onWarning?: (message: string) => void;
  readonly random?: RandomSource;
  /** @default systemTimers */
  readonly timers?: Timers;
}

/** Marks a judge's cache entries apart from a target's with the same model and input. */
const JUDGE_CACHE_ROLE = { role: 'judge', version: 1 } as const;

/**
 * A model-graded scorer (promptfoo's llm-rubric, inspect_ai's model_graded_qa): asks the `judge` target
 * whether the output meets the `rubric` (by default: agrees with the item's `expected`), with the default
 * prompt (judge-prompt.ts) or `template`, and reads its grade (`letter`: a last line `GRADE: C`/`I`;
 * `json`: `{ reason, pass, score }`, see readGrade). The judge's reasoning becomes the record's `reason`;
 * its calls, retries and cost are reported apart from the target's (`ScorerContext.reportJudge`, the
 * record's `judge`).
 *
 * The judge's own failures are never the candidate's: its calls are retried as a target's (transient
 * failures with backoff and `Retry-After`, within the cell's deadline, through its account's rate limit),
 * and a judge that still fails, or answers with no readable grade, throws, so that the cell is an `error`
 * saying what came back. With a cache, the judge's answer is kept under the judge's identity and its
 * prompt (which holds the template, the rubric, the input, the expected answer and the output): a changed
 * rubric or judge model asks the judge again; a changed grade format re-reads the kept answer.
 *
 * @throws {InputError} at construction for a judge whose API key variable is not set.
 * @example judgeScorer({ type: 'judge', judge: { type: 'openai', baseURL, model: 'gpt-4o' }, rubric: 'Names the capital.' })
 */
export function judgeScorer(config: JudgeScorerConfig, options: JudgeScorerOptions = {}): Scorer {
  const { retries, attemptTimeoutMs, rateLimiter, cache, random, timers = systemTimers } = options;
  const onWarning = options.onWarning ?? (() => {});
  const grade = config.grade ?? 'letter';
  const partialCredit = config.partialCredit ?? false;
  const target = resolveTarget(config.judge);
  const identity = targetIdentity(config.judge, JUDGE_CACHE_ROLE);
  const name = `judge ${'model' in config.judge ? config.judge.model : config.judge.type}`;

  return async (output, item, context: ScorerContext = { signal: new AbortController().signal }) => {
    const prompt = judgePrompt(config.template, {
      input: item.input,
      expected: item.expected,
      output,
      rubric: config.rubric,
      grade,
      partialCredit,
    });
    const startedAt = timers.now();
    const sample = context.sample ?? 0;
    const seed = context.seed ?? 0;
    const key = cache === undefined ? undefined : cacheKey({ target: identity, input: prompt, sample, seed });
    const hit = key === undefined ? undefined : await lookUp(cache!, key, onWarning);
    if (hit !== undefined && typeof hit.output === 'string') {
      const original = hit.usage?.costUsd;
      context.reportJudge?.({
        attempts: 0,
        latencyMs: timers.now() - startedAt,
        cached: true,
        ...(original === undefined ? {} : { originalCostUsd: original }),
      });
      return readGrade(hit.output, grade, partialCredit);
    }

    const usage = new UsageMeter();
    // The cell's deadline reaches the judge through the scorer's signal; its own clock is the cell's.
    const deadlines = new CellDeadlines(context.signal, Number.POSITIVE_INFINITY, timers);
    const deadline = deadlines.start();
    let called: CallOutcome<unknown>;
    try {
      called = await callWithRetries(
        (attempt) =>
          target(prompt, {
            signal: attempt.signal,
            item,
            variant: context.variant ?? '',
            sample,
            attempt: attempt.number,
            seed,
            report: (u: TargetUsage) => {
              usage.add(u);
              if (u.tokens !== undefined) rateLimiter?.charge?.(totalTokens(u.tokens));
            },
          }),
        {
          deadline,
          timers,
          ...(retries === undefined ? {} : { retries }),
          ...(random === undefined ? {} : { random }),
          ...(rateLimiter === undefined ? {} : { rateLimiter }),
          ...(attemptTimeoutMs === undefined ? {} : { attemptTimeoutMs }),
        },
      );
    } finally {
      deadline.end();
      deadlines.dispose();
    }
    const judged: JudgeUsage = {
      attempts: called.attempts,
      latencyMs: timers.now() - startedAt,
      ...usage.fields(),
    };
    context.reportJudge?.(judged);
    if (!called.ok) {
      // An abort or the cell's deadline is rethrown as it is: the runner tells a timeout from an error by it.
      if (deadline.aborted) throw called.error;
      const tries = called.attempts === 1 ? '1 attempt' : `${called.attempts} attempts`;
      throw new Error(`${name} failed after ${tries}: ${describeError(called.error)}`);
    }
    if (typeof called.value !== 'string')
      throw new Error(`${name} returned ${typeof called.value}, not the text of a grade`);
    const verdict = readGrade(called.value, grade, partialCredit);
    if (key !== undefined) await keep(cache!, key, called.value, judged, onWarning);
    return verdict;
  };
}

async function lookUp(cache: OutputCache, key: string, onWarning: (message: string) => void) {
  try {
    return await cache.get(key);
  } catch (error) {
    onWarning(`output cache ${cache.location}: judge lookup failed (${describeError(error)}); the judge is asked`);
    return undefined;
  }
}

async function keep(
  cache: OutputCache,
  key: string,
  answer: string,
  judged: JudgeUsage,
  onWarning: (message: string) => void,
): Promise<void> {
  const usage = {
    ...(judged.costUsd === undefined ? {} : { costUsd: judged.costUsd }),
    ...(judged.tokens === undefined ? {} : { tokens: judged.tokens }),
  };
  try {
    await cache.put(key, {
      status: 'ok',
      output: answer,
      latencyMs: judged.latencyMs,
      ...(Object.keys(usage).length === 0 ? {} : { usage }),
    });
  } catch (error) {
    onWarning(`output cache ${cache.location}: judge write failed (${describeError(error)}); the grade is kept`);
  }
}
