import type { Excluded, ExclusionCounts, VariantSummary } from '../schema/verdict-document';

export interface ExclusionInputs {
  /** The compared variants, baseline first. */
  readonly variants: readonly string[];
  /** Summaries of every variant (their error / timeout / skipped counts). */
  readonly summaries: readonly VariantSummary[];
  /** Per variant, rows replaced by a later row of the same cell. */
  readonly duplicates: Readonly<Record<string, number>>;
  /** Per variant, ok rows left out because the other variant of a comparison lacks the item. */
  readonly unpaired: ReadonlyMap<string, number>;
}

/**
 * What the paired analysis left out, by reason and by compared variant: non-ok rows (error, timeout,
 * skipped), rows of items the other side lacks (unpaired), and rows a later row of the same cell replaced
 * (duplicate). Each row is counted once, under one reason.
 */
export function countExclusions({ variants, summaries, duplicates, unpaired }: ExclusionInputs): Excluded {
  const byReason: ExclusionCounts = { error: 0, timeout: 0, skipped: 0, unpaired: 0, duplicate: 0 };
  // Keyed by variant names, which may be any string: a null prototype, so `toString` is just a name.
  const byVariant: Record<string, ExclusionCounts> = Object.create(null);
  for (const variant of variants) {
    const summary = summaries.find((s) => s.variant === variant);
    const counts: ExclusionCounts = {
      error: summary?.errors ?? 0,
      timeout: summary?.timeouts ?? 0,
      skipped: summary?.skipped ?? 0,
      unpaired: unpaired.get(variant) ?? 0,
      duplicate: own(duplicates, variant) ?? 0,
    };
    byVariant[variant] = counts;
    for (const reason of Object.keys(byReason) as (keyof ExclusionCounts)[]) byReason[reason] += counts[reason];
  }
  const total = Object.values(byReason).reduce((sum, count) => sum + count, 0);
  return { total, byReason, byVariant };
}

/** `counts[name]` when it is the object's own entry (a plain object inherits `constructor` and the like). */
const own = (counts: Readonly<Record<string, number>>, name: string): number | undefined =>
  Object.hasOwn(counts, name) ? counts[name] : undefined;
