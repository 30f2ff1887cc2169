import type { ClusterTable } from './types';
import { assertSameLength, describeValue } from './validate';

/** One cluster's paired table and its id, as {@link pairedTablesByCluster} returns it. */
export interface ClusterPairedTable extends ClusterTable {
  readonly cluster: string | number;
}

/** A binary outcome: true or false, or 1 or 0. */
export type BinaryOutcome = boolean | 0 | 1;

function passed(fn: string, name: string, i: number, value: unknown): boolean {
  if (value === true || value === 1) return true;
  if (value === false || value === 0) return false;
  throw new TypeError(`${fn}: \`${name}[${i}]\` must be a boolean or 0/1, got ${describeValue(value)}`);
}

/**
 * Per-cluster paired tables from per-item outcomes: item i (baseline outcome `baseline[i]`, candidate outcome
 * `candidate[i]`) counts in the table of cluster `clusters[i]`, as n11 (both pass), n10 (baseline passes,
 * candidate fails), n01 (baseline fails, candidate passes) or n00 (both fail). Clusters come in the order of
 * their first item. The input of `clusteredMcNemarTest`, `clusteredPairedDifference` and
 * `clusteredDesignEffect`; R clust.bin.pair's `paired.to.contingency(group, t1 = baseline, t2 = candidate)`
 * (whose ak, bk, ck, dk are n11, n10, n01, n00).
 *
 * @param baseline each item's baseline outcome (true/false or 1/0)
 * @param candidate each item's candidate outcome, same length
 * @param clusters each item's cluster id (a string or a finite number), same length; 1 and "1" are different ids
 * @throws {TypeError} if an argument is not an array, an outcome is not a boolean or 0/1, or an id is neither a
 *   string nor a finite number
 * @throws {RangeError} if the lengths differ
 * @example pairedTablesByCluster([1, 1, 0, 1], [1, 0, 1, 1], ['p1', 'p1', 'p2', 'p2']) // [{ cluster: 'p1', n11: 1, n10: 1, n01: 0, n00: 0 }, { cluster: 'p2', n11: 1, n10: 0, n01: 1, n00: 0 }]
 */
export function pairedTablesByCluster(
  baseline: readonly BinaryOutcome[],
  candidate: readonly BinaryOutcome[],
  clusters: readonly (string | number)[],
): ClusterPairedTable[] {
  const fn = 'pairedTablesByCluster';
  const arguments_ = { baseline, candidate, clusters };
  for (const [name, value] of Object.entries(arguments_)) {
    if (!Array.isArray(value)) throw new TypeError(`${fn}: \`${name}\` must be an array, got ${describeValue(value)}`);
  }
  assertSameLength(fn, ['baseline', 'candidate'], baseline, candidate);
  assertSameLength(fn, ['baseline', 'clusters'], baseline, clusters);
  const tables = new Map<
    string | number,
    { cluster: string | number; n11: number; n10: number; n01: number; n00: number }
  >();
  // An index loop, not forEach, so that a hole in a sparse array is caught, not skipped.
  for (let i = 0; i < baseline.length; i++) {
    const id = clusters[i];
    if (typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id))) {
      throw new TypeError(`${fn}: \`clusters[${i}]\` must be a string or a finite number, got ${describeValue(id)}`);
    }
    const a = passed(fn, 'baseline', i, baseline[i]);
    const b = passed(fn, 'candidate', i, candidate[i]);
    let table = tables.get(id);
    if (!table) {
      table = { cluster: id, n11: 0, n10: 0, n01: 0, n00: 0 };
      tables.set(id, table);
    }
    if (a && b) table.n11++;
    else if (a) table.n10++;
    else if (b) table.n01++;
    else table.n00++;
  }
  return [...tables.values()];
}
