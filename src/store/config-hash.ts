import { createHash } from 'node:crypto';
import type { Experiment } from '../runner/types';
import { canonicalJson } from './canonical-json';

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
  return createHash('sha256').update(canonicalJson({ items, variants, score, seed })).digest('hex');
}
