import type { LoadedResults } from '../analysis/results-table';
import { InputError } from '../schema/input-error';

/** The variants to compare and, when verdict chose them, a note saying how. */
export interface ChosenVariants {
  readonly baseline: string;
  readonly candidates: readonly string[];
  readonly note: string | null;
}

/** The variant names of the results, in order of first appearance. */
export function variantNames(results: LoadedResults): string[] {
  return [...results.columns.variantNames];
}

/**
 * The baseline and candidates of `verdict compare`. Without --baseline and --candidate, results with
 * exactly two variants are compared in order of first appearance (the first is the baseline), and the
 * note says so; with only one of the two flags, the other of exactly two variants is taken.
 *
 * @throws {InputError} when the choice is ambiguous, listing the variants
 */
export function chooseVariants(
  names: readonly string[],
  { baseline, candidates }: { readonly baseline?: string | undefined; readonly candidates: readonly string[] },
): ChosenVariants {
  if (baseline !== undefined && candidates.length > 0) return { baseline, candidates, note: null };
  const list = names.map((name) => JSON.stringify(name)).join(', ');
  if (names.length !== 2) {
    throw new InputError(
      `name the variants with --baseline and --candidate: the results have ${names.length} variant${names.length === 1 ? '' : 's'} (${list})`,
    );
  }
  const [first, second] = names as [string, string];
  if (baseline === undefined && candidates.length === 0) {
    return {
      baseline: first,
      candidates: [second],
      note: `comparing ${JSON.stringify(second)} (candidate) with ${JSON.stringify(first)} (baseline), in order of first appearance; name them with --baseline and --candidate`,
    };
  }
  if (baseline !== undefined) {
    const other = baseline === first ? second : first;
    return { baseline, candidates: [other], note: `candidate: ${JSON.stringify(other)}, the other variant` };
  }
  const candidate = candidates[0]!;
  const other = candidate === first ? second : first;
  return { baseline: other, candidates, note: `baseline: ${JSON.stringify(other)}, the other variant` };
}
