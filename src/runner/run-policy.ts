import { assertCount, assertFiniteNumber, assertPositive, assertPositiveInteger } from '../../stats/validate';
import { MAX_TIMER_DELAY_MS } from '../schema/experiment';
import type { Experiment } from '../schema/experiment-definition';
import { DEFAULT_RETRY_BASE_DELAY_MS, DEFAULT_RETRY_MAX_DELAY_MS } from './backoff-delay';
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_MAX_RETRIES,
  DEFAULT_SAMPLES,
  DEFAULT_SEED,
  DEFAULT_TIMEOUT_MS,
} from './run-defaults';

export { DEFAULT_CONCURRENCY, DEFAULT_RUNS_DIR, DEFAULT_SAMPLES, DEFAULT_SEED } from './run-defaults';

/** The options that override an experiment's execution policy (the CLI's flags). */
export interface PolicyOverrides {
  readonly concurrency?: number;
  readonly timeoutMs?: number;
  readonly attemptTimeoutMs?: number;
  readonly samples?: number;
  readonly maxRetries?: number;
  readonly seed?: number;
  readonly maxCostUsd?: number;
}

/** The execution policy a run uses, every default filled in; recorded in the manifest. */
export interface RunPolicy {
  readonly concurrency: number;
  readonly timeoutMs: number;
  /** Deadline of one attempt (a hung call is retried within the cell's); absent: none. */
  readonly attemptTimeoutMs?: number;
  readonly samples: number;
  readonly seed: number;
  readonly retries: { readonly max: number; readonly baseDelayMs: number; readonly maxDelayMs: number };
  /** Requests per minute by variant (its own `rateLimit`); a variant without an entry is not limited by one. */
  readonly rateLimit: Readonly<Record<string, number>>;
  /** The shared accounts, when the experiment declares any: their limits and members (the judge too). */
  readonly accounts?: Readonly<Record<string, ResolvedAccount>>;
  readonly maxCostUsd?: number;
}

/** One shared account as the run uses it (see AccountConfig). */
export interface ResolvedAccount {
  readonly requestsPerMinute?: number;
  readonly tokensPerMinute?: number;
  readonly variants: readonly string[];
  /** The judge scorer's calls use it too. */
  readonly judge?: true;
}

/**
 * The experiment's policy with the overrides applied over it and the defaults under it:
 * concurrency 8, timeout 60 s per cell, no attempt timeout, 1 sample, seed 0, 3 retries from 500 ms capped at 30 s, no rate
 * limit, no cost cap. A `timeoutMs` of `Infinity` turns the deadline off; a finite one, and the retry
 * delays, must not exceed {@link MAX_TIMER_DELAY_MS} (about 24.8 days): a longer one is a mistake
 * (seconds written as milliseconds, a unit lost), refused rather than waited.
 *
 * @throws {RangeError | TypeError} naming the option and the value.
 */
export function resolveRunPolicy(experiment: Experiment, overrides: PolicyOverrides = {}): RunPolicy {
  const fn = 'runExperiment';
  const concurrency = overrides.concurrency ?? experiment.concurrency ?? DEFAULT_CONCURRENCY;
  const timeoutMs = overrides.timeoutMs ?? experiment.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const attemptTimeoutMs = overrides.attemptTimeoutMs ?? experiment.attemptTimeoutMs;
  const samples = overrides.samples ?? experiment.samples ?? DEFAULT_SAMPLES;
  const seed = overrides.seed ?? experiment.seed ?? DEFAULT_SEED;
  const max = overrides.maxRetries ?? experiment.retries?.max ?? DEFAULT_MAX_RETRIES;
  const baseDelayMs = experiment.retries?.baseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS;
  const maxDelayMs = experiment.retries?.maxDelayMs ?? DEFAULT_RETRY_MAX_DELAY_MS;
  const maxCostUsd = overrides.maxCostUsd ?? experiment.maxCostUsd;
  assertPositiveInteger(fn, 'concurrency', concurrency);
  if (timeoutMs !== Number.POSITIVE_INFINITY) assertPositive(fn, 'timeoutMs', timeoutMs);
  if (attemptTimeoutMs !== undefined) {
    assertPositive(fn, 'attemptTimeoutMs', attemptTimeoutMs);
    assertTimerDelay(fn, 'attemptTimeoutMs', attemptTimeoutMs);
  }
  assertPositiveInteger(fn, 'samples', samples);
  assertFiniteNumber(fn, 'seed', seed);
  assertCount(fn, 'retries.max', max);
  assertCount(fn, 'retries.baseDelayMs', baseDelayMs);
  assertCount(fn, 'retries.maxDelayMs', maxDelayMs);
  if (timeoutMs !== Number.POSITIVE_INFINITY)
    assertTimerDelay(fn, 'timeoutMs', timeoutMs, '; Infinity turns the deadline off');
  assertTimerDelay(fn, 'retries.baseDelayMs', baseDelayMs);
  assertTimerDelay(fn, 'retries.maxDelayMs', maxDelayMs);
  if (maxCostUsd !== undefined) assertFiniteNumber(fn, 'maxCostUsd', maxCostUsd);
  if (maxCostUsd !== undefined && maxCostUsd < 0)
    throw new RangeError(`${fn}: \`maxCostUsd\` must be a non-negative number, got ${maxCostUsd}`);
  return {
    concurrency,
    timeoutMs,
    ...(attemptTimeoutMs === undefined ? {} : { attemptTimeoutMs }),
    samples,
    seed,
    retries: { max, baseDelayMs, maxDelayMs },
    rateLimit: rateLimitsByVariant(experiment),
    ...(experiment.accounts === undefined ? {} : { accounts: resolvedAccounts(experiment) }),
    ...(maxCostUsd === undefined ? {} : { maxCostUsd }),
  };
}

function resolvedAccounts(experiment: Experiment): Record<string, ResolvedAccount> {
  const { score } = experiment;
  const judgeAccount = typeof score === 'object' && score.type === 'judge' ? score.account : undefined;
  const accounts: Record<string, ResolvedAccount> = {};
  for (const [name, { requestsPerMinute, tokensPerMinute, variants = [] }] of Object.entries(experiment.accounts!)) {
    if (requestsPerMinute !== undefined)
      assertPositive('runExperiment', `accounts.${name}.requestsPerMinute`, requestsPerMinute);
    if (tokensPerMinute !== undefined)
      assertPositive('runExperiment', `accounts.${name}.tokensPerMinute`, tokensPerMinute);
    accounts[name] = {
      ...(requestsPerMinute === undefined ? {} : { requestsPerMinute }),
      ...(tokensPerMinute === undefined ? {} : { tokensPerMinute }),
      variants: [...new Set(variants)],
      ...(judgeAccount === name ? { judge: true as const } : {}),
    };
  }
  return accounts;
}

function rateLimitsByVariant(experiment: Experiment): Record<string, number> {
  const { rateLimit } = experiment;
  if (rateLimit === undefined) return {};
  const variants = Object.keys(experiment.variants);
  if (typeof rateLimit.requestsPerMinute === 'number') {
    const rpm = rateLimit.requestsPerMinute;
    assertPositive('runExperiment', 'rateLimit.requestsPerMinute', rpm);
    return Object.fromEntries(variants.map((variant) => [variant, rpm]));
  }
  const byVariant = rateLimit as Readonly<Record<string, { readonly requestsPerMinute: number }>>;
  const limits: Record<string, number> = {};
  for (const [variant, limit] of Object.entries(byVariant)) {
    if (!variants.includes(variant))
      throw new RangeError(
        `runExperiment: \`rateLimit.${variant}\` names no variant (variants: ${variants.join(', ')})`,
      );
    assertPositive('runExperiment', `rateLimit.${variant}.requestsPerMinute`, limit.requestsPerMinute);
    limits[variant] = limit.requestsPerMinute;
  }
  return limits;
}

function assertTimerDelay(fn: string, name: string, value: number, hint = ''): void {
  if (value > MAX_TIMER_DELAY_MS)
    throw new RangeError(
      `${fn}: \`${name}\` must be at most ${MAX_TIMER_DELAY_MS} ms (about 24.8 days${hint}), got ${value}`,
    );
}
