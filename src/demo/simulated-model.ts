/**
 * The demo's simulated models: function targets that behave like a model behind an API, without one.
 *
 * Outcome: a one-parameter item-response model. An item has a latent `difficulty` and a category; a
 * model has a `skill` per category, both on the logit scale, and passes with probability
 * `logistic(skill[category] - difficulty)` (the Rasch model; Rasch 1960, as used for benchmark items by
 * Lalor et al. 2016). Two versions of one model also share their luck: with probability
 * `DEMO_SHARED_DRAW` a call's pass/fail draw is the item's shared draw rather than its own (a mixture
 * of uniforms is uniform, so each model's pass probability is unchanged). So the versions mostly pass
 * and fail the same items and disagree on a realistic minority: the discordant pairs McNemar reads.
 *
 * Everything is a function of (item, variant, sample, attempt) through `ctx.seed`, so that a resumed run
 * gives exactly what an uninterrupted one gives. Besides the answer, each call has a latency (log-normal),
 * a token count and a cost (reported through `ctx.report`), and a few calls misbehave as real APIs do:
 * rate limits and 503s that succeed on retry (`TransientError`), a refusal that does not, slow calls and
 * calls that hang until the runner's timeout aborts them.
 */

import { seededRandom } from '../../stats/seeded-random';
import { fnv1a32 } from '../runner/derive-seed';
import { TransientError } from '../runner/transient-error';
import type { TargetContext, TargetFunction } from '../schema/experiment-definition';
import { abortableDelay } from '../time/timers';
import type { DemoCategory } from './demo-tasks';
import { plausibleWrongAnswer } from './plausible-wrong-answer';
import { standardNormal } from './standard-normal';

/** One simulated model version. */
export interface SimulatedModelProfile {
  readonly name: string;
  readonly description: string;
  /** Skill per category on the logit scale: P(pass) = logistic(skill[category] - difficulty). */
  readonly skill: Readonly<Record<DemoCategory, number>>;
  /** Median latency of a call, in milliseconds (log-normal, sigma 0.5). */
  readonly latencyMedianMs: number;
  /** Price in USD per million tokens (prompt and completion alike). */
  readonly usdPerMillionTokens: number;
}

/** What the simulated model needs to know of an item (the demo data's fields). */
export interface SimulatedItem {
  readonly id: string | number;
  readonly input: unknown;
  readonly expected: string;
  readonly tags: { readonly category: DemoCategory; readonly [name: string]: string };
  readonly difficulty: number;
}

/**
 * How often calls misbehave, as cumulative bands of one uniform draw per cell (the same draw on every
 * attempt, so a cell that hangs hangs again when re-run). Rates per cell.
 */
export const DEMO_FAULTS = {
  /** HTTP 429 on the first attempt; the retry succeeds. */
  rateLimited: 0.02,
  /** HTTP 503 on the first two attempts; the third succeeds. */
  unavailable: 0.01,
  /** Never answers: the runner's per-cell timeout ends it (status `timeout`). */
  hang: 0.003,
  /** A refusal that is not transient: status `error`, never counted as a failure of the model. */
  refusal: 0.003,
  /** Answers, but six times slower than usual. */
  slow: 0.02,
} as const;

/** How often a call's pass/fail draw is the one both versions share for the (item, sample). */
export const DEMO_SHARED_DRAW = 0.9;

const BANDS = cumulativeBands();

/** The probability that `profile` answers `item` correctly: logistic(skill - difficulty). */
export function passProbability(profile: SimulatedModelProfile, item: SimulatedItem): number {
  return 1 / (1 + Math.exp(-(profile.skill[item.tags.category] - item.difficulty)));
}

export interface SimulatedModelOptions {
  /** Seed of the draws both versions share (use the experiment's seed). @default 0 */
  readonly seed?: number;
}

/** What one call of a simulated model does: decided up front, from the cell's seed and the attempt alone. */
export type SimulatedCall =
  | { readonly kind: 'answer'; readonly output: string; readonly passes: boolean; readonly latencyMs: number }
  | { readonly kind: 'transient'; readonly message: string; readonly retryAfterMs?: number; readonly latencyMs: number }
  | { readonly kind: 'refusal'; readonly message: string; readonly latencyMs: number }
  | { readonly kind: 'hang' };

/** Where a call stands: the cell's seed (from the runner), its sample and attempt. */
export interface CallContext {
  readonly seed: number;
  readonly sample: number;
  readonly attempt: number;
}

/**
 * The plan of one call: pure, so that a resumed run gives what a fresh one gives and tests need no clock.
 * `sharedSeed` seeds the draw both versions share for the (item, sample).
 */
export function simulateCall(
  profile: SimulatedModelProfile,
  item: SimulatedItem,
  { seed, sample, attempt }: CallContext,
  sharedSeed = 0,
): SimulatedCall {
  // Draw in a fixed order so that each quantity depends only on the cell's seed.
  const random = seededRandom(seed);
  const own = random();
  const shared = seededRandom(fnv1a32(`${sharedSeed}/${item.id}/${sample}`))();
  const passes = (random() < DEMO_SHARED_DRAW ? shared : own) < passProbability(profile, item);
  const fault = random();
  const latencyMs = profile.latencyMedianMs * Math.exp(0.5 * standardNormal(random));
  const wrong = plausibleWrongAnswer(item.expected, random);
  const band = (name: keyof typeof DEMO_FAULTS) => fault >= BANDS[name] - DEMO_FAULTS[name] && fault < BANDS[name];

  if (band('rateLimited') && attempt === 1) {
    return { kind: 'transient', message: 'HTTP 429 Too Many Requests', retryAfterMs: 20, latencyMs: latencyMs / 4 };
  }
  if (band('unavailable') && attempt <= 2) {
    return { kind: 'transient', message: 'HTTP 503 Service Unavailable', latencyMs: latencyMs / 4 };
  }
  if (band('hang')) return { kind: 'hang' };
  if (band('refusal')) {
    return { kind: 'refusal', message: 'HTTP 400: the request was blocked by the provider content filter', latencyMs };
  }
  const output = passes ? item.expected : wrong;
  return { kind: 'answer', output, passes, latencyMs: band('slow') ? 6 * latencyMs : latencyMs };
}

/**
 * A function target simulating `profile` on `items` (looked up by id, so the target needs nothing from
 * the runner but the context it always gives): it waits the call's latency (honouring the signal),
 * then answers and reports tokens and cost, or throws as the call's plan says.
 */
export function simulatedModel(
  profile: SimulatedModelProfile,
  items: readonly SimulatedItem[],
  { seed = 0 }: SimulatedModelOptions = {},
): TargetFunction {
  const byId = new Map(items.map((item) => [String(item.id), item]));
  return async (_input: unknown, ctx: TargetContext): Promise<string> => {
    const item = byId.get(String(ctx.item.id));
    if (item === undefined) throw new Error(`simulated ${profile.name}: unknown item ${JSON.stringify(ctx.item.id)}`);
    const call = simulateCall(profile, item, ctx, seed);
    if (call.kind === 'hang') return untilAborted(ctx.signal); // the runner's deadline ends it
    await abortableDelay(call.latencyMs, { signal: ctx.signal });
    if (call.kind === 'transient') {
      throw new TransientError(
        call.message,
        call.retryAfterMs === undefined ? {} : { retryAfterMs: call.retryAfterMs },
      );
    }
    if (call.kind === 'refusal') throw new Error(call.message);
    const tokens = {
      prompt: 60 + Math.ceil(String(item.input).length / 4),
      completion: 4 + Math.ceil(call.output.length / 3),
    };
    ctx.report({ tokens, costUsd: ((tokens.prompt + tokens.completion) * profile.usdPerMillionTokens) / 1e6 });
    return call.output;
  };
}

function cumulativeBands(): Record<keyof typeof DEMO_FAULTS, number> {
  let total = 0;
  const bands = {} as Record<keyof typeof DEMO_FAULTS, number>;
  for (const [name, rate] of Object.entries(DEMO_FAULTS) as [keyof typeof DEMO_FAULTS, number][]) {
    total += rate;
    bands[name] = total;
  }
  return bands;
}

/** Never settle, until `signal` aborts: then reject with its reason. */
function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
