import type { CellStatus } from '../schema/cell-record';
import { type ReadResultsEnd, type ReadResultsOptions, readResults } from './read-results';

/** What resume needs to know of a stored cell: no output, no record, a few bytes each. */
export interface PriorCell {
  readonly status: CellStatus;
  readonly variant: string;
  readonly pass: boolean | undefined;
  /** What the cell cost: its target's calls and a judge scorer's (`judge.costUsd`). */
  readonly costUsd: number;
}

/**
 * Whether a stored cell is finished for a resumed run: an `ok` cell always is; an `error` or
 * `timeout` cell is too, unless `retryErrors` (`--retry-errors`) asks to run it again. A `skipped`
 * cell never is. A cell with no record is never done.
 */
export function cellIsDone(
  status: CellStatus,
  { retryErrors = false }: { readonly retryErrors?: boolean } = {},
): boolean {
  return status === 'ok' || (!retryErrors && (status === 'error' || status === 'timeout'));
}

/**
 * The latest stored record of every cell of a results.jsonl (last line wins, so a cell re-run after an
 * error is counted once, by its newest outcome), in constant memory per cell.
 */
export async function readPriorCells(
  file: string,
  options: ReadResultsOptions = {},
): Promise<{ readonly cells: Map<string, PriorCell>; readonly end: ReadResultsEnd }> {
  const cells = new Map<string, PriorCell>();
  const end = await readResults(
    file,
    (record, key) => {
      const judged = (record.judge as { costUsd?: unknown } | undefined)?.costUsd;
      const costUsd = (record.costUsd ?? 0) + (typeof judged === 'number' && Number.isFinite(judged) ? judged : 0);
      cells.set(key, { status: record.status, variant: record.variant, pass: record.pass, costUsd });
    },
    options,
  );
  return { cells, end };
}
