import { cellKey } from '../schema/cell-key';

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * 32-bit FNV-1a hash of a string's UTF-16 code units (Fowler, Noll and Vo; the reference parameters
 * of draft-eastlake-fnv). Stable across machines and Node versions, unlike any built-in hash.
 *
 * @example fnv1a32('') // 2166136261
 */
export function fnv1a32(text: string): number {
  let hash = FNV_OFFSET_BASIS;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
}

/**
 * The seed a target receives for one cell: FNV-1a of the experiment seed followed by the cell's key,
 * an unsigned 32-bit integer. The same (seed, item, variant, sample) always gives the same value, on
 * any machine, in any order of execution; changing any part gives an unrelated one.
 *
 * @example deriveSeed(0, 'q1', 'A', 0) === deriveSeed(0, 'q1', 'A', 0) // true
 */
export function deriveSeed(experimentSeed: number, item: string | number, variant: string, sample: number): number {
  return fnv1a32(`${experimentSeed}:${cellKey(item, variant, sample)}`);
}
