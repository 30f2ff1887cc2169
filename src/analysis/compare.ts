import type { Comparison, VerdictDocument } from '../../reports/verdict-document';
import { adjustPValues } from '../../stats/index';
import { InputError } from '../schema/input-error';
import { checkOutcomes } from './check-outcomes';
import { type CompareVariantsOptions, compareVariants, type VariantComparison } from './compare-variants';
import { countExclusions } from './count-exclusions';
import { decideVerdict, worstVerdictIndex } from './decide-verdict';
import { latestCells } from './latest-cells';
import { type PolicyOptions, resolvePolicy } from './policy';
import { buildProvenance, type ProvenanceOptions } from './provenance';
import { type LoadedResults, resultsFromRecords } from './results-table';
import { summariseVariants } from './summarise-variants';

export interface CompareOptions extends ProvenanceOptions {
  /** The variant every candidate is compared with (A). */
  readonly baseline: string;
  /** One or more candidates (B), each compared with the baseline. */
  readonly candidates: readonly string[];
  /** Flip items listed per direction. @default 200 */
  readonly flipLimit?: CompareVariantsOptions['flipLimit'];
  /** The records come from verdict's simulated demo models. @default false */
  readonly simulated?: boolean;
}

/**
 * Compare candidates with a baseline on paired items and decide: the Verdict document. Pure given its
 * inputs (the clock and the runtime version are options). Steps: keep the last row of each cell;
 * summarise every variant; for each candidate, pair items with ok outcomes on both sides and run the
 * paired analysis the data call for (`compareVariants`); adjust the candidates' p-values with
 * `policy.correction`; apply the verdict rule (`decideVerdict`, docs/decision.md) to each; the overall
 * verdict is the worst. Everything left out is counted in `excluded`.
 *
 * @throws {InputError} for an unknown variant, a baseline among the candidates, rows without the
 *   metric's outcome, or no paired items
 * @throws {RangeError} for a policy field out of range (naming it)
 * @param input loaded results (`loadResults`), or records in memory (validated as `resultsFromRecords` does)
 * @example const doc = compare(await loadResults(['results.jsonl']), { margin: 0.02 }, { baseline: 'v1', candidates: ['v2'] })
 */
export function compare(
  input: LoadedResults | readonly unknown[],
  policyOptions: PolicyOptions,
  options: CompareOptions,
): VerdictDocument {
  const results = Array.isArray(input) ? resultsFromRecords(input) : (input as LoadedResults);
  const policy = resolvePolicy(policyOptions);
  const { baseline, candidates, flipLimit, simulated = false } = options;
  const { cells, duplicates } = latestCells(results.table);
  const variants = summariseVariants(cells, { confidence: policy.confidence });
  checkVariants(
    baseline,
    candidates,
    variants.map((v) => v.variant),
  );
  checkOutcomes(cells, [baseline, ...candidates], policy.metric);

  const analyses: VariantComparison[] = candidates.map((candidate) =>
    compareVariants(cells, { baseline, candidate, policy, ...(flipLimit === undefined ? {} : { flipLimit }) }),
  );
  const raw = analyses.map((analysis) => analysis.paired.test.pValue);
  const adjusted = policy.correction === 'none' ? raw : adjustPValues(raw, policy.correction);
  const summaryOf = (variant: string) => variants.find((v) => v.variant === variant)!;
  const comparisons: Comparison[] = analyses.map((analysis, i) => {
    const adjustedPValue = adjusted[i]!;
    const { verdict, reason } = decideVerdict({ ...analysis.paired.difference, pValue: adjustedPValue }, policy);
    return {
      baseline: summaryOf(baseline),
      candidate: summaryOf(candidates[i]!),
      verdict,
      reason,
      paired: analysis.paired,
      adjustedPValue,
      slices: analysis.slices,
      power: analysis.power,
      flips: analysis.flips,
      passAtK: analysis.passAtK,
    };
  });

  const unpaired: Record<string, number> = Object.create(null); // keyed by variant name: no prototype
  const baselineUnpaired = new Map<string, number>();
  analyses.forEach((analysis, i) => {
    unpaired[candidates[i]!] = analysis.unpairedCandidateRows;
    for (const [key, rows] of analysis.unpairedBaselineItems) baselineUnpaired.set(key, rows);
  });
  unpaired[baseline] = [...baselineUnpaired.values()].reduce((sum, rows) => sum + rows, 0);

  const first = comparisons[0]!;
  const worst = comparisons[worstVerdictIndex(comparisons.map((c) => c.verdict))]!;
  return {
    schemaVersion: 1,
    verdict: worst.verdict,
    reason: worst.reason,
    simulated,
    baseline: first.baseline,
    candidate: first.candidate,
    paired: first.paired,
    slices: first.slices,
    power: first.power,
    flips: first.flips,
    passAtK: first.passAtK,
    comparisons,
    variants,
    excluded: countExclusions({ variants: [baseline, ...candidates], summaries: variants, duplicates, unpaired }),
    policy,
    provenance: buildProvenance(results.inputs, options),
  };
}

function checkVariants(baseline: string, candidates: readonly string[], known: readonly string[]): void {
  const list = known.map((v) => JSON.stringify(v)).join(', ');
  if (candidates.length === 0) throw new InputError('no candidate given: name one with --candidate');
  for (const [role, variant] of [['baseline', baseline], ...candidates.map((c) => ['candidate', c])] as const) {
    if (!known.includes(variant)) {
      throw new InputError(`unknown ${role} variant ${JSON.stringify(variant)}; the results have ${list}`);
    }
  }
  if (candidates.includes(baseline)) {
    throw new InputError(
      `the baseline ${JSON.stringify(baseline)} is also a candidate: compare it with another variant`,
    );
  }
  const repeated = candidates.find((c, i) => candidates.indexOf(c) !== i);
  if (repeated !== undefined) throw new InputError(`candidate ${JSON.stringify(repeated)} is given twice`);
}
