import type { cellKey } from '../schema/cell-key';
import type { ExperimentItem } from '../schema/experiment-definition';
import { InputError } from '../schema/input-error';
import { fnv1a32 } from './derive-seed';
import type { Cell } from './types';

export interface PlanCellsOptions {
  /** Repeats of each (item, variant), for pass@k. @default 1 */
  readonly samples?: number;
  /** The experiment seed that every cell's seed is derived from. @default 0 */
  readonly seed?: number;
}

/**
 * The number of cells of a plan, items x samples x variants, computed without building them.
 *
 * @example countCells(100_000, 2, 1) // 200000
 */
export function countCells(items: number, variants: number, samples = 1): number {
  checkSamples(samples);
  return items * variants * samples;
}

/**
 * @throws {InputError} on a duplicate item id (the analysis pairs by id, so ids must be unique). Ids
 *   are compared as text (see cellKey): `1` and `"1"` are one item, so both in one experiment is a duplicate.
 */
export function assertUniqueItemIds(items: readonly ExperimentItem[]): void {
  const seen = new Map<string, string | number>();
  for (let index = 0; index < items.length; index++) {
    const { id } = items[index]!;
    const text = String(id);
    const first = seen.get(text);
    if (first !== undefined) {
      const how =
        first === id
          ? ''
          : ` (${JSON.stringify(first)} and ${JSON.stringify(id)} are the same item: ids are compared as text)`;
      throw new InputError(`duplicate item id ${JSON.stringify(id)}${how}`, { field: `items[${index}].id` });
    }
    seen.set(text, id);
  }
}

/**
 * The cells of an experiment, one at a time, in the order they are run: item by item, and within an
 * item sample by sample, every variant in turn (`q1/0/A, q1/0/B, q1/1/A, q1/1/B, q2/0/A, ...`).
 * Interleaving means a run stopped at any point holds outcomes of all variants on nearly the same items,
 * so what it has is already paired. Lazy: a cell (its key and seed) exists only while it is handed out,
 * so a plan of any size costs constant memory (p-map pulls iterables as it needs them). `skip` leaves
 * out cells by key (a resume's stored cells). Keys are exactly {@link cellKey}'s. Ids are not checked here: see {@link assertUniqueItemIds}.
 *
 * @example [...iterateCells([{ id: 'q1', input: 'x' }], ['A', 'B'])].map((c) => c.key) // ['["q1","A",0]', '["q1","B",0]']
 */
export function* iterateCells(
  items: readonly ExperimentItem[],
  variants: readonly string[],
  { samples = 1, seed = 0 }: PlanCellsOptions = {},
  skip?: (key: string) => boolean,
): Generator<Cell, void, undefined> {
  checkSamples(samples);
  // cellKey(id, variant, sample) is JSON of the array, which is the JSON of its parts joined: so each id
  // and variant is serialised once, not once per cell.
  const variantJson = variants.map((variant) => JSON.stringify(variant));
  for (const item of items) {
    const idJson = JSON.stringify(String(item.id));
    for (let sample = 0; sample < samples; sample++) {
      for (let v = 0; v < variants.length; v++) {
        const variant = variants[v]!;
        const key = `[${idJson},${variantJson[v]},${sample}]`;
        if (skip?.(key)) continue;
        // deriveSeed(seed, id, variant, sample), without building the key a second time.
        yield { key, item, variant, sample, seed: fnv1a32(`${seed}:${key}`) };
      }
    }
  }
}

/**
 * The whole plan as an array ({@link iterateCells}, ids checked first). Pure and deterministic: the same
 * experiment always gives the same plan and keys. The runner itself iterates lazily.
 *
 * @throws {InputError} on a duplicate item id.
 * @example planCells([{ id: 'q1', input: 'x' }], ['A', 'B']).map((c) => c.key) // ['["q1","A",0]', '["q1","B",0]']
 */
export function planCells(
  items: readonly ExperimentItem[],
  variants: readonly string[],
  options: PlanCellsOptions = {},
): Cell[] {
  checkSamples(options.samples ?? 1);
  assertUniqueItemIds(items);
  return Array.from(iterateCells(items, variants, options));
}

function checkSamples(samples: number): void {
  if (!Number.isInteger(samples) || samples < 1)
    throw new RangeError(`planCells: \`samples\` must be an integer from 1 up, got ${samples}`);
}
