import { InputError } from '../schema/input-error';
import { cellKey } from './cell-key';
import { deriveSeed } from './derive-seed';
import type { Cell, ExperimentItem } from './types';

export interface PlanCellsOptions {
  /** Repeats of each (item, variant), for pass@k. @default 1 */
  readonly samples?: number;
  /** The experiment seed that every cell's seed is derived from. @default 0 */
  readonly seed?: number;
}

/**
 * The cells of an experiment in the order they are run: item by item, and within an item sample by
 * sample, every variant in turn (`q1/0/A, q1/0/B, q1/1/A, q1/1/B, q2/0/A, ...`). Interleaving means a
 * run stopped at any point holds outcomes of all variants on nearly the same items, so what it has is
 * already paired. Pure and deterministic: the same experiment always gives the same plan and keys.
 *
 * @throws {InputError} on a duplicate item id (the analysis pairs by id, so ids must be unique).
 * @example planCells([{ id: 'q1', input: 'x' }], ['A', 'B']).map((c) => c.key) // ['["q1","A",0]', '["q1","B",0]']
 */
export function planCells(
  items: readonly ExperimentItem[],
  variants: readonly string[],
  { samples = 1, seed = 0 }: PlanCellsOptions = {},
): Cell[] {
  if (!Number.isInteger(samples) || samples < 1)
    throw new RangeError(`planCells: \`samples\` must be an integer from 1 up, got ${samples}`);
  const seen = new Set<string>();
  const cells: Cell[] = [];
  items.forEach((item, index) => {
    const id = JSON.stringify(item.id);
    if (seen.has(id)) throw new InputError(`duplicate item id ${id}`, { field: `items[${index}].id` });
    seen.add(id);
    for (let sample = 0; sample < samples; sample++) {
      for (const variant of variants) {
        cells.push({
          key: cellKey(item.id, variant, sample),
          item,
          variant,
          sample,
          seed: deriveSeed(seed, item.id, variant, sample),
        });
      }
    }
  });
  return cells;
}
