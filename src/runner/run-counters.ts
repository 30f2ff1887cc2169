import type { CellStatus } from '../schema/cell-record';
import type { StatusCounts, VariantCounts } from '../schema/run-manifest';
import type { RunProgress } from './types';

/** The few facts of a stored cell that the counts depend on. */
export interface CountedCell {
  readonly status: CellStatus;
  readonly variant: string;
  readonly pass?: boolean | undefined;
  readonly costUsd?: number | undefined;
  /** A judge scorer's spend on the cell: counted in the run's cost (and against `maxCostUsd`) with the target's. */
  readonly judge?: { readonly costUsd?: number | undefined } | undefined;
}

type MutableCounts = { -readonly [K in keyof VariantCounts]: VariantCounts[K] };

const zero = (): MutableCounts => ({ ok: 0, error: 0, timeout: 0, skipped: 0, passes: 0 });

/**
 * Status counts of a run's stored cells, overall and per variant, kept as counters so a run of any
 * size holds no records in memory. A re-run cell replaces its earlier outcome (`replace`), so every
 * cell is counted once, by its latest record, exactly as reading the run back would count it.
 */
export class RunCounters {
  readonly #variants = new Map<string, MutableCounts>();
  #completed = 0;
  #costUsd = 0;

  constructor(variants: readonly string[]) {
    for (const variant of variants) this.#variants.set(variant, zero());
  }

  /** Count `next` as a cell's outcome, in place of `previous` when the cell had one. */
  replace(previous: CountedCell | undefined, next: CountedCell): void {
    if (previous !== undefined) this.#apply(previous, -1);
    this.#apply(next, +1);
  }

  get completed(): number {
    return this.#completed;
  }

  get costUsd(): number {
    return this.#costUsd;
  }

  totals(): StatusCounts {
    const totals = zero();
    for (const counts of this.#variants.values()) {
      totals.ok += counts.ok;
      totals.error += counts.error;
      totals.timeout += counts.timeout;
      totals.skipped += counts.skipped;
    }
    const { passes: _passes, ...statuses } = totals;
    return statuses;
  }

  perVariant(): Record<string, VariantCounts> {
    return Object.fromEntries([...this.#variants].map(([variant, counts]) => [variant, { ...counts }]));
  }

  progress(fields: Pick<RunProgress, 'planned' | 'executed' | 'toExecute' | 'elapsedMs'>): RunProgress {
    return {
      ...fields,
      ...this.totals(),
      completed: this.#completed,
      costUsd: this.#costUsd,
      variants: this.perVariant(),
    };
  }

  #apply({ status, variant, pass, costUsd, judge }: CountedCell, sign: 1 | -1): void {
    let counts = this.#variants.get(variant);
    if (counts === undefined) {
      counts = zero();
      this.#variants.set(variant, counts);
    }
    counts[status] += sign;
    if (status === 'ok' && pass === true) counts.passes += sign;
    this.#completed += sign;
    this.#costUsd += sign * ((costUsd ?? 0) + (judge?.costUsd ?? 0));
  }
}
