import { createHash } from 'node:crypto';
import { canonicalJson } from '../schema/canonical-json';
import type { TargetIdentity } from './target-identity';

/** What one cached output answers: which target, on which input, as which sample, with which seed. */
export interface CacheKeyParts {
  /** From {@link targetIdentity}. */
  readonly target: TargetIdentity;
  /** The item's input, as the target receives it. */
  readonly input: unknown;
  /** The sample index (0, 1, ... for pass@k): each sample is its own entry, never another sample's answer. */
  readonly sample: number;
  /** The cell's seed (derived from the experiment seed, item, variant and sample). */
  readonly seed: number;
}

/**
 * The content address of a cell's output: SHA-256 (hex) of the canonical JSON (keys sorted at every level) of
 * `{ cache: 1, target, input, sample, seed }`. The same target, input, sample and seed give the same key in any
 * run, on any machine; a change to any of them (a parameter, the prompt template, the function's source, the
 * seed) gives another. The key holds no secret and cannot be turned back into the input.
 *
 * @throws {RangeError} if `sample` is not a non-negative integer or `seed` is not a finite number
 * @example cacheKey({ target: targetIdentity(fn), input: 'What is 2 + 2?', sample: 0, seed: 17 }) // '9c1e…' (64 hex digits)
 */
export function cacheKey({ target, input, sample, seed }: CacheKeyParts): string {
  if (!Number.isInteger(sample) || sample < 0) {
    throw new RangeError(`cacheKey: \`sample\` must be a non-negative integer, got ${sample}`);
  }
  if (!Number.isFinite(seed)) throw new RangeError(`cacheKey: \`seed\` must be a finite number, got ${seed}`);
  return createHash('sha256')
    .update(canonicalJson({ cache: 1, target, input, sample, seed }))
    .digest('hex');
}

/** What `cacheKey` returns: 64 lowercase hex digits (a SHA-256). */
export const CACHE_KEY_PATTERN = /^[0-9a-f]{64}$/;

/**
 * Refuse anything but a key from `cacheKey`: a cache names its file or Redis key after it, so anything else could
 * name a place outside the cache. `owner` names the cache in the message (`DirectoryCache`, `RedisCache`).
 *
 * @throws {TypeError} for any other value
 */
export function checkCacheKey(owner: string, key: string): void {
  if (typeof key !== 'string' || !CACHE_KEY_PATTERN.test(key)) {
    throw new TypeError(
      `${owner}: \`key\` must be 64 lowercase hex digits (from cacheKey), got ${JSON.stringify(key)}`,
    );
  }
}
