import type { ColumnTable } from 'arquero';
import type { VariantSource } from '../formats/name-variants';
import type { RunInput } from '../formats/results-input';
import { countOf, formatBounds, formatDifference } from '../schema/format-number';
import { InputError } from '../schema/input-error';
import type {
  Comparison,
  IncompleteReason,
  MissingData,
  PairedComparison,
  Policy,
  RunState,
  VariantSummary,
  VerdictDocument,
} from '../schema/verdict-document';
import { adjustFamily, familyMember } from './adjust-family';
import { checkFields } from './check-fields';
import { checkOutcomes } from './check-outcomes';
import { checkedAt } from './checked-at';
import { type CompareVariantsOptions, compareVariants, powerSummary, usesMargin, withLevel } from './compare-variants';
import { countExclusions } from './count-exclusions';
import { decideVerdict, worstVerdictIndex } from './decide-verdict';
import type { FlipListing } from './find-flips';
import { gateFor } from './gate';
import { latestCells } from './latest-cells';
import type { PlannedCells } from './missing-data';
import { type PolicyOptions, resolvePolicy } from './policy';
import { verdictPower } from './power-summary';
import { buildProvenance, type ProvenanceOptions } from './provenance';
import type { ResultsColumns } from './results-columns';
import { isColumnTable, type LoadedResults, resultsFromRecords, resultsFromTable } from './results-table';
import { type StoppingDesign, withoutCalibration } from './sequential-analysis';
import { summariseVariants } from './summarise-variants';

export interface CompareOptions extends ProvenanceOptions {
  /** The variant every candidate is compared with (A). */
  readonly baseline: string;
  /** One or more candidates (B), each compared with the baseline. */
  readonly candidates: readonly string[];
  /** Flip items listed per direction; null lists every one (the counts are complete either way). @default 200 */
  readonly flipLimit?: CompareVariantsOptions['flipLimit'];
  /** The records come from verdict's simulated demo models. @default false */
  readonly simulated?: boolean;
  /**
   * With `policy.analysis` `sequential`: the design alternative the drop and gain tests are tuned to (proportions,
   * `verdict compare --design-difference/--design-discordance`), the likelihood ratio of
   * stats/design-likelihood-ratio.ts instead of the mixture. Valid only if chosen before the results were seen (a
   * design picked to fit them is not). No final look is taken, as the end of these results may not have been fixed
   * in advance; a run that stopped on a design is analysed with its own (and a different one here is refused).
   * With `truncation` (`--design-calibrated`, planned by `calibratedDesignPlan`): the calibrated truncated design,
   * whose end is its own K-th discordant pair in the recorded order, where its final exact look is taken (valid
   * up to K only: later pairs do not change its tests).
   * @default the design of the run that stopped early on this pair, else none (the mixture)
   */
  readonly sequentialDesign?: StoppingDesign['design'];
}

/**
 * Compare candidates with a baseline on paired items and decide: the Verdict document. Pure given its inputs
 * (the clock and the runtime version are options). Steps (docs/decision.md):
 * 1. keep the last row of each cell; summarise every variant (baseline, candidates, then the rest);
 * 2. for each candidate, account for every planned cell (`missingData`) and run the paired analysis the data
 *    call for on the primary pairs, with the sensitivity analysis beside it (`compareVariants`);
 * 3. adjust the candidates together (`adjustFamily`): p-values with `policy.correction`, each headline interval
 *    rebuilt at the level that keeps it dual to its adjusted test (Bonferroni when the decision reads intervals
 *    against a margin, so they cover simultaneously);
 * With `policy.analysis` `sequential` every paired analysis (candidates, sensitivity, slices) is the anytime-valid one
 * (`sequentialAnalysis`), and the same rule decides on its p-value and interval.
 * 4. decide each (`decideVerdict`): `incomplete` first when a run is unfinished, a variant misses more than
 *    `policy.maxMissing` of its planned cells, or the candidate misses more items than the baseline; the overall
 *    verdict is the worst; the gate (exit code) follows from it (`gateFor`).
 *
 * @throws {InputError} for an unknown variant, a baseline among the candidates, rows without the metric's
 *   outcome, a --by or --cluster field no row has, or no paired items
 * @throws {RangeError} for a policy field out of range (naming it)
 * @param input loaded results (`loadResults`), an arquero table of them a notebook filtered (`results.table`, validated
 *   again), or records in memory (validated as `resultsFromRecords` does)
 * @example const doc = compare(await loadResults(['results.jsonl']), { margin: 0.02 }, { baseline: 'v1', candidates: ['v2'] })
 */
export function compare(
  input: LoadedResults | ColumnTable | readonly unknown[],
  policyOptions: PolicyOptions,
  options: CompareOptions,
): VerdictDocument {
  return compareListingFlips(input, policyOptions, options).doc;
}

/**
 * {@link compare}, with every flip of each comparison (`flipListings[i]` for `doc.comparisons[i]`) described on
 * demand beside the document, whose lists stop at `flipLimit`: the JSON report writes every flip as it is
 * described instead of holding them all (issue 14: 314k flips at 10^6 items, 90 MB of JSON).
 */
export function compareListingFlips(
  input: LoadedResults | ColumnTable | readonly unknown[],
  policyOptions: PolicyOptions,
  options: CompareOptions,
): { doc: VerdictDocument; flipListings: FlipListing[] } {
  const results = Array.isArray(input)
    ? resultsFromRecords(input)
    : isColumnTable(input)
      ? resultsFromTable(input)
      : (input as LoadedResults);
  const policy = resolvePolicy(policyOptions);
  checkSequential(policy, options);
  const { baseline, candidates, flipLimit, simulated = false } = options;
  const { cells, duplicates } = latestCells(results.columns);
  const summaries = summariseVariants(cells, { confidence: policy.confidence });
  checkVariants(
    baseline,
    candidates,
    summaries.map((v) => v.variant),
  );
  const compared = [baseline, ...candidates];
  checkOutcomes(cells, compared, policy.metric);
  checkFields(cells, compared, [
    ...policy.by.map((field) => ['--by', field] as const),
    ...(policy.cluster === null ? [] : [['--cluster', policy.cluster] as const]),
  ]);
  const variants = orderVariants(summaries, compared);
  const summaryOf = (variant: string) => foundFor(variants, variant, 'summary');
  const runs = runStates(results.runs ?? [], cells);

  const analyses = candidates.map((candidate) =>
    compareVariants(cells, {
      baseline,
      candidate,
      policy,
      plan: policy.allowIncomplete ? null : planOf(results.runs ?? [], baseline, candidate),
      ...leftOutOfPlan(results.sources ?? [], baseline, candidate),
      stoppingDesign: inFamily(
        chosenDesign(stoppingDesignOf(results.runs ?? [], baseline, candidate), options, candidate),
        candidates.length > 1 && policy.correction !== 'none',
      ),
      ...(flipLimit === undefined ? {} : { flipLimit }),
    }),
  );
  const family = adjustFamily(
    analyses.map((analysis) => analysis.primary.paired.test.pValue),
    { alpha: policy.alpha, correction: policy.correction, simultaneous: usesMargin(policy) },
  );
  const comparisons: Comparison[] = analyses.map((analysis, i) => {
    const candidate = checkedAt(candidates, i, 'candidates');
    const { adjustedPValue, level } = familyMember(family, i);
    const paired = withLevel(analysis.primary, level, policy.alpha);
    const holding = (results.runs ?? [])
      .map((run, r) => ({ run, state: checkedAt(runs, r, 'runs') }))
      .filter(({ run }) => holdsEither(run, baseline, candidate));
    const incomplete = incompleteReasons(holding, analysis.missing, { baseline, candidate }, policy);
    // The power of the test at the level it is judged at (the family's level for this candidate).
    const power =
      level === policy.alpha
        ? analysis.power
        : powerSummary(paired, { ...policy, alpha: level }, analysis.maxDifference);
    const powerAtEffect = verdictPower(power);
    const sensitivityPaired = analysis.sensitivity && withLevel(analysis.sensitivity.analysis, level, policy.alpha);
    const sensitivity = analysis.sensitivity &&
      sensitivityPaired && {
        errors: analysis.sensitivity.errors,
        paired: sensitivityPaired,
        verdict: decideVerdict(
          {
            ...sensitivityPaired.difference,
            pValue: adjustedSensitivityP(sensitivityPaired.test.pValue, level, policy.alpha),
            powerAtEffect,
          },
          policy,
        ).verdict,
      };
    let decided = decideVerdict({ ...paired.difference, pValue: adjustedPValue, powerAtEffect, incomplete }, policy);
    // Never a pass that the missing results could overturn: if the same comparison with the missing cells treated
    // the other way (as failures of the variant that had them, or left out) is a regression, the verdict depends on
    // results that are not there.
    if (sensitivity?.verdict === 'regressed' && gateFor(decided.verdict, policy).passed) {
      incomplete.push(
        tippingPoint(analysis.missing, sensitivity.paired, policy, { baseline, candidate }, resumeCommand(holding)),
      );
      decided = decideVerdict({ ...paired.difference, pValue: adjustedPValue, powerAtEffect, incomplete }, policy);
    }
    const { verdict, reason } = decided;
    return {
      baseline: summaryOf(baseline),
      candidate: summaryOf(candidate),
      verdict,
      reason,
      incomplete,
      paired,
      adjustedPValue,
      missing: analysis.missing,
      sensitivity,
      slices: analysis.slices,
      power,
      flips: analysis.flips,
      passAtK: analysis.passAtK,
    };
  });

  const unpaired = new Map<string, number>();
  const baselineUnpaired = new Map<string, number>();
  analyses.forEach((analysis, i) => {
    unpaired.set(checkedAt(candidates, i, 'candidates'), analysis.unpairedCandidateRows);
    for (const [key, rows] of analysis.unpairedBaselineItems) baselineUnpaired.set(key, rows);
  });
  unpaired.set(
    baseline,
    [...baselineUnpaired.values()].reduce((sum, rows) => sum + rows, 0),
  );

  const first = checkedAt(comparisons, 0, 'comparisons');
  const worst = checkedAt(comparisons, worstVerdictIndex(comparisons.map((c) => c.verdict)), 'comparisons');
  const doc: VerdictDocument = {
    schemaVersion: 2,
    verdict: worst.verdict,
    reason: worst.reason,
    gate: gateFor(worst.verdict, policy),
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
    excluded: countExclusions({ variants: compared, summaries: variants, duplicates, unpaired }),
    runs,
    policy,
    provenance: buildProvenance(results.inputs, options),
  };
  return { doc, flipListings: analyses.map((analysis) => analysis.flipListing) };
}

/**
 * The sensitivity analysis is judged at the primary's adjusted level: its p-value is put on the same scale
 * (p x alpha / level, capped at 1), so "adjusted p <= alpha" is "p <= level", as for the primary.
 */
function adjustedSensitivityP(pValue: number, level: number, alpha: number): number {
  return Math.min(1, (pValue * alpha) / level);
}

/** Baseline first, then the candidates in the order given, then every other variant in order of appearance. */
function orderVariants(summaries: readonly VariantSummary[], compared: readonly string[]): VariantSummary[] {
  const rank = (variant: string) => {
    const index = compared.indexOf(variant);
    return index === -1 ? compared.length : index;
  };
  return summaries
    .map((summary, position) => ({ summary, position }))
    .sort((a, b) => rank(a.summary.variant) - rank(b.summary.variant) || a.position - b.position)
    .map(({ summary }) => summary);
}

/** Each run among the inputs: its status, and the cells of its plan that the results hold. */
function runStates(runs: readonly RunInput[], cells: ResultsColumns): RunState[] {
  return runs.map((run) => {
    let stored = run.stored ?? 0;
    const file = cells.fileNames.indexOf(run.resultsPath);
    if (run.stored === undefined && file !== -1) for (const code of cells.file) if (code === file) stored++;
    stored = Math.min(stored, run.plan.cells);
    return {
      path: run.path,
      status: run.status,
      stored,
      planned: run.plan.cells,
      complete: run.status === 'completed' && stored >= run.plan.cells,
      ...(run.detail === undefined ? {} : { detail: run.detail }),
    };
  });
}

const holdsEither = (run: RunInput, baseline: string, candidate: string): boolean =>
  run.plan.variants.includes(baseline) || run.plan.variants.includes(candidate);

/**
 * The stopping design of the run that stopped early on exactly this pair of variants (`stopping.design`), so that
 * the sequential analysis uses the run's own tests; its final look applies where the run reached its planned end
 * undecided, or decided there. Null when no such run is among the inputs.
 */
function stoppingDesignOf(runs: readonly RunInput[], baseline: string, candidate: string): StoppingDesign | null {
  for (const { stopping } of runs) {
    const design = stopping?.policy.design;
    if (stopping === undefined || design === undefined) continue;
    if (stopping.policy.baseline !== baseline || stopping.policy.candidate !== candidate) continue;
    return { design, finalLook: stopping.finalLook === true || stopping.reason !== 'decided' };
  }
  return null;
}

/** The plan of the runs that hold either variant: the most items and samples they planned. */
function planOf(runs: readonly RunInput[], baseline: string, candidate: string): PlannedCells | null {
  const holding = runs.filter((run) => holdsEither(run, baseline, candidate));
  if (holding.length === 0) return null;
  return {
    items: Math.max(...holding.map((run) => run.plan.items)),
    samples: Math.max(...holding.map((run) => run.plan.samples)),
  };
}

/**
 * Third variants whose rows name no item planned for the two (missingData's `unplannedVariants`, with the items the two list: `listedItems`): when every input
 * of the two lists the items it planned (inspect_ai logs with their sample ids), so that their plan is known, a
 * third variant each of whose inputs lists its own plan too (a log of another model, often of another task, read
 * from the same folder) planned nothing for them. Otherwise none: a third variant's items are cells neither
 * compared variant ran (a plain file, a verdict run, a log without its sample ids: what the two meant to run is
 * not on record, so nothing may be left out of it).
 */
function leftOutOfPlan(
  sources: readonly VariantSource[],
  baseline: string,
  candidate: string,
): { unplannedVariants: string[]; listedItems?: ReadonlySet<string> } {
  const listsItsPlan = (source: VariantSource) => source.completeness.plannedItems !== null;
  const compared = (variant: string) => variant === baseline || variant === candidate;
  const ofTheTwo = sources.filter((source) => compared(source.variant));
  if (ofTheTwo.length === 0 || !ofTheTwo.every(listsItsPlan)) return { unplannedVariants: [] };
  const thirds = new Map<string, boolean>();
  for (const source of sources)
    if (!compared(source.variant))
      thirds.set(source.variant, (thirds.get(source.variant) ?? true) && listsItsPlan(source));
  const unplannedVariants = [...thirds].filter(([, lists]) => lists).map(([variant]) => variant);
  if (unplannedVariants.length === 0) return { unplannedVariants };
  // The items the two listed stay theirs where a left-out variant's rows name them too (a log holding samples
  // outside its own list would otherwise have its listed, unrun items read as the third's alone).
  const listedItems = new Set<string>();
  for (const source of ofTheTwo)
    for (const item of source.completeness.plannedItems ?? []) listedItems.add(String(item));
  return { unplannedVariants, listedItems };
}

/** Why a comparison cannot be signed yet, each with the fix (docs/decision.md, "Missing results"). */
function incompleteReasons(
  runs: readonly { run: RunInput; state: RunState }[],
  missing: MissingData,
  { baseline, candidate }: { baseline: string; candidate: string },
  policy: Policy,
): IncompleteReason[] {
  const reasons: IncompleteReason[] = [];
  const resume = resumeCommand(runs);
  if (!policy.allowIncomplete) {
    for (const { run: input, state: run } of runs) {
      if (run.complete) continue;
      const how = run.detail === undefined ? '' : ` (${run.detail})`; // the tool's own words
      const finish =
        input.format === 'verdict'
          ? `finish it (verdict run EXPERIMENT --out ${run.path} --resume --retry-errors)`
          : `finish the run in the tool that wrote ${run.path}`;
      reasons.push({
        kind: 'run-unfinished',
        message: `the run ${run.path} is ${run.status === 'completed' ? 'missing cells' : run.status}: ${run.stored} of ${run.planned} planned cells are stored${how}`,
        fix: `${finish}, or judge what was stored with --allow-incomplete`,
      });
    }
  }
  for (const variant of missing.overLimit) {
    const counts = foundFor(missing.byVariant, variant, 'missing-data counts');
    const parts = (
      [
        [counts.error, 'error', 'errors'],
        [counts.timeout, 'timeout', 'timeouts'],
        [counts.skipped, 'skipped', 'skipped'],
        [counts.absent, 'absent', 'absent'],
      ] as const
    )
      .filter(([count]) => count > 0)
      .map(([count, one, many]) => countOf(count, one, many));
    reasons.push({
      kind: 'missing-share',
      message: `${variant} has no ok result for ${counts.planned - counts.ok} of ${countOf(counts.planned, 'planned cell')} (${percent(counts.share)}: ${parts.join(', ')}), above the ${percent(missing.maxMissing)} limit`,
      fix: `re-run the failed cells (${resume}), or raise the limit with --max-missing`,
    });
  }
  if (missing.differential.flagged) {
    const { candidateOnlyMissing, baselineOnlyMissing, pValue } = missing.differential;
    reasons.push({
      kind: 'differential-missingness',
      message: `${candidate} misses ${countOf(candidateOnlyMissing, 'item')} that ${baseline} has, ${baseline} misses ${baselineOnlyMissing} that ${candidate} has (one-sided exact p = ${pValue.toPrecision(3)} <= ${missing.differential.alpha}): the candidate's missing results are not at random`,
      fix: `find why ${candidate} fails on those items (its errors), fix it and re-run them (${resume})`,
    });
  }
  return reasons;
}

/**
 * How to re-run a run's missing cells: verdict's resume command (with the run's directory when the inputs hold
 * one verdict run), or, for results another tool wrote, that tool's own re-run.
 */
function resumeCommand(runs: readonly { run: RunInput }[]): string {
  const own = runs.filter(({ run }) => run.format === 'verdict');
  if (own.length === 0 && runs.length > 0) return 'in the tool that wrote the results';
  const [only] = own;
  const out = own.length === 1 && only !== undefined ? only.run.path : 'RUN';
  return `verdict run EXPERIMENT --out ${out} --resume --retry-errors`;
}

/** The reason a pass is withheld when the sensitivity analysis regresses (the missing cells could hide a drop). */
function tippingPoint(
  missing: MissingData,
  sensitivity: PairedComparison,
  policy: Policy,
  { baseline, candidate }: { baseline: string; candidate: string },
  resume: string,
): IncompleteReason {
  const missingCells = missing.byVariant.reduce((sum, v) => sum + (v.planned - v.ok), 0);
  const treatment =
    policy.errors === 'exclude' ? 'counted as failures of the variant that had them' : 'left out of the comparison';
  const d = sensitivity.difference;
  const metric = policy.metric;
  return {
    kind: 'missing-could-hide-regression',
    message: `with its ${countOf(missingCells, 'missing cell')} ${treatment}, ${candidate} is significantly worse than ${baseline} (${formatDifference(d.estimate, metric)}, interval ${formatBounds(d.lower, d.upper, metric)}): the verdict depends on results that are not there`,
    fix: `re-run the missing cells (${resume}), and compare again`,
  };
}

const percent = (share: number): string => `${(100 * share).toFixed(share < 0.1 ? 1 : 0)}%`;

/**
 * The sequential analysis needs outcomes in a range known before the data (the bets are sized by it): pass rates
 * are in [0, 1], scores have no such range in the records. And it models the pairs as independent draws, which
 * clustered items are not.
 */
/**
 * The design the sequential analysis of one pair uses: the run's own where it stopped on one (a design given here
 * must be the same), else the one given here without a final look, else none.
 */
function chosenDesign(
  run: StoppingDesign | null,
  { sequentialDesign: given }: CompareOptions,
  candidate: string,
): StoppingDesign | null {
  if (given === undefined) return run;
  if (run === null) return { design: given, finalLook: false };
  const same = (a: number, b: number) => Math.abs(a - b) < 1e-12;
  if (
    same(run.design.difference, given.difference) &&
    same(run.design.discordance, given.discordance) &&
    (run.design.truncation === undefined) === (given.truncation === undefined)
  )
    return run;
  const points = (x: number) => `${Number((100 * x).toPrecision(12))}`;
  throw new InputError(
    `the run of ${candidate} stopped early on the design difference ${points(run.design.difference)} at discordance ${points(run.design.discordance)} points${run.design.truncation === undefined ? '' : ' (calibrated)'}, and its tests are that design's; leave the design flags out (or give that design)`,
    { field: '--design-difference' },
  );
}

/**
 * The stopping design of a candidate adjusted together with others. A calibrated threshold is valid at the one
 * level it was planned at, and the calibrated tests' `pValue` is the crossing on the gate's scale
 * (stats/advance-paired-sequence.ts), not a p-value a correction may scale: Holm's 2 p for a design that crossed
 * at p = 0.039 would hide a drop of 34 discordant pairs to 0. So in a family (several candidates and a correction)
 * the design's likelihood ratio is judged at Ville's 2 / alpha, whose p-value min(1, 2 / max E) is valid at every
 * level (docs/decision.md).
 */
function inFamily(stopping: StoppingDesign | null, adjusted: boolean): StoppingDesign | null {
  if (!adjusted || stopping?.design.truncation === undefined) return stopping;
  return { ...stopping, design: withoutCalibration(stopping.design) };
}

function checkSequential(policy: Policy, options: CompareOptions): void {
  if (options.sequentialDesign !== undefined && policy.analysis !== 'sequential') {
    throw new InputError('the design tunes the sequential tests: add --sequential', { field: '--design-difference' });
  }
  if (policy.analysis !== 'sequential') return;
  if (policy.metric === 'score') {
    throw new InputError(
      'the sequential analysis needs outcomes in a range known in advance: it works on pass rates (--metric pass), not on scores',
      { field: '--sequential' },
    );
  }
  if (policy.cluster !== null) {
    throw new InputError(
      `the sequential analysis treats items as independent draws: it cannot be combined with --cluster ${policy.cluster}`,
      { field: '--sequential' },
    );
  }
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

/** The entry of `variant` in a per-variant list that holds every compared variant by construction. */
function foundFor<T extends { readonly variant: string }>(list: readonly T[], variant: string, what: string): T {
  const found = list.find((entry) => entry.variant === variant);
  if (found === undefined) throw new Error(`compare: no ${what} for variant ${variant} (an internal error)`);
  return found;
}
