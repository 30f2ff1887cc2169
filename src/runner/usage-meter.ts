import type { TargetUsage } from '../schema/experiment-definition';

type Tokens = number | Record<string, number>;

/**
 * Sums the cost and tokens a target reports over the calls of one cell (retries included: a failed
 * call that was billed is still spent). Token counts add up key by key; a plain number meeting an
 * object is kept under `total`.
 */
export class UsageMeter {
  #costUsd: number | undefined;
  #tokens: Tokens | undefined;

  add({ costUsd, tokens }: TargetUsage): void {
    if (typeof costUsd === 'number' && Number.isFinite(costUsd)) this.#costUsd = (this.#costUsd ?? 0) + costUsd;
    if (tokens !== undefined) this.#tokens = addTokens(this.#tokens, tokens);
  }

  /** `{ costUsd?, tokens? }`, with only what was reported. */
  fields(): TargetUsage {
    return {
      ...(this.#costUsd === undefined ? {} : { costUsd: this.#costUsd }),
      ...(this.#tokens === undefined ? {} : { tokens: this.#tokens }),
    };
  }
}

function addTokens(sum: Tokens | undefined, more: number | Readonly<Record<string, number>>): Tokens {
  if (sum === undefined) return typeof more === 'number' ? more : { ...more };
  if (typeof sum === 'number' && typeof more === 'number') return sum + more;
  const total: Record<string, number> = typeof sum === 'number' ? { total: sum } : { ...sum };
  const extra: Readonly<Record<string, number>> = typeof more === 'number' ? { total: more } : more;
  for (const [key, value] of Object.entries(extra)) total[key] = (Object.hasOwn(total, key) ? total[key]! : 0) + value;
  return total;
}

/**
 * One number for a call's tokens, as a tokens-per-minute limit counts them: the number itself, else
 * `total`, else the sum of the counts (`{ prompt, completion }`); 0 when nothing was reported.
 *
 * @example totalTokens({ prompt: 10, completion: 4 }) // 14
 */
export function totalTokens(tokens: number | Readonly<Record<string, number>> | undefined): number {
  if (tokens === undefined) return 0;
  if (typeof tokens === 'number') return Number.isFinite(tokens) ? tokens : 0;
  if (typeof tokens.total === 'number') return Number.isFinite(tokens.total) ? tokens.total : 0;
  let sum = 0;
  for (const value of Object.values(tokens)) if (Number.isFinite(value)) sum += value;
  return sum;
}
