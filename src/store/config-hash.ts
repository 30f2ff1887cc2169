import { createHash, type Hash } from 'node:crypto';
import { canonicalJson } from '../schema/canonical-json';
import type { Experiment } from '../schema/experiment-definition';

/**
 * SHA-256 (hex) of what decides a cell's outcome: the items, the variants' targets, the scorer and the
 * seed, as canonical JSON with functions hashed by their source text. Resuming a run whose hash
 * differs would mix results of two different experiments, so it is refused unless forced.
 *
 * Left out on purpose, so that they can change between a run and its resume: the name, `samples`
 * (more samples only add cells), and the execution policy (concurrency, timeout, retries, rate limit,
 * cost cap). A function's closure is not part of its source: a target built by a factory from a
 * changed argument hashes the same; give such values to the hash through the experiment's fields.
 *
 * @example configHash(experiment, 0) // '3f7a...' (64 hex digits)
 */
export function configHash(experiment: Experiment, seed: number): string {
  const { items, variants, score } = experiment;
  // The hash of canonicalJson({ items, score, seed, variants }) (keys sorted, undefined dropped), fed
  // in pieces: the text of a million items would be one string of hundreds of MB at its peak.
  const hash = createHash('sha256');
  let separator = '{';
  for (const [key, value] of [['items', items] as const, ['score', score], ['seed', seed], ['variants', variants]]) {
    if (value === undefined) continue;
    hash.update(`${separator}${JSON.stringify(key)}:`);
    separator = ',';
    if (key === 'items' && Array.isArray(value)) hashArray(hash, value);
    else hash.update(canonicalJson(value));
  }
  return hash.update(separator === '{' ? '{}' : '}').digest('hex');
}

/** Feed the canonical JSON of an array, a few thousand elements at a time. */
function hashArray(hash: Hash, values: readonly unknown[]): void {
  const CHUNK = 4096;
  hash.update('[');
  for (let start = 0; start < values.length; start += CHUNK) {
    const parts = values.slice(start, start + CHUNK).map((value) => canonicalJson(value));
    hash.update(start === 0 ? parts.join(',') : `,${parts.join(',')}`);
  }
  hash.update(']');
}
