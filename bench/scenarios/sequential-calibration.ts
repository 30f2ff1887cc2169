/**
 * Calibration and savings of the anytime-valid sequential gate (issue 17): seeded simulations of runs monitored
 * after every pair (`updatePairedSequence`, as `verdict run --stop-early` would) and stopped at the first
 * rejection, up to 2,000 pairs.
 *
 * - Identical variants (discordance 15%): the false-alarm rate must stay at or below alpha plus Monte Carlo error;
 *   the same pairs checked every 25 items with the fixed-n exact McNemar test show what peeking costs.
 * - A true 5-point drop (p10 = 0.10, p01 = 0.05, discordance 15%): detection rate and the items used, beside the
 *   fixed-n exact McNemar design of the same power (`mcnemarSampleSize`, method `exact`); the saving is
 *   1 - mean items / fixed n (goal: at least 30%). Truncating the same runs earlier gives the sequential designs
 *   of lower power (a cap N detects exactly the runs that stopped by N), each beside its own fixed-n design.
 * - The design-tuned gate (`design`: the likelihood-ratio e-value at the 5-point drop, discordance 15%) truncated
 *   at the maximum of its exact plan for power 0.8 / 0.9 / 0.95 (`truncatedDesignPlan`), with the final look:
 *   simulated power, mean and median items, the saving against the fixed-n exact McNemar design of the same power,
 *   and the false-alarm rate of identical variants at that maximum and at 2,000; beside it the same e-value capped
 *   without the final look.
 * - Non-inferiority within a 3-point margin: a false claim at the margin (true d = -0.03) at most alpha / 2, and
 *   how often identical variants are shown non-inferior.
 * - Bounded scores: the same false-alarm check and a drop of 0.05 in mean score.
 * Figures are single simulations (no runs): rates with their binomial standard errors in the notes.
 */
import { mcnemarSampleSize, type PairedSequenceState, truncatedDesignPlan } from '../../stats/index';
import { derived } from '../harness/figures';
import {
  binaryPairs,
  scorePairs,
  simulatePairedMonitoring,
  simulateTruncatedDesign,
} from '../harness/simulate-paired-monitoring';
import type { BenchMode, Figure, Scenario, ScenarioContext, ScenarioOutcome } from '../harness/types';

const SIZES: Record<BenchMode, { paths: number; marginPaths: number; scorePaths: number }> = {
  smoke: { paths: 20, marginPaths: 5, scorePaths: 5 },
  quick: { paths: 2_000, marginPaths: 400, scorePaths: 400 },
  full: { paths: 10_000, marginPaths: 2_000, scorePaths: 2_000 },
};
const ALPHA = 0.05;
const MAX_PAIRS = 2000;
const MARGIN = 0.03;
const SAVING_GOAL = 0.3;
const IDENTICAL = { p11: 0.525, p10: 0.075, p01: 0.075, p00: 0.325 };
const DROP = { p11: 0.5, p10: 0.1, p01: 0.05, p00: 0.35 };
const AT_MARGIN = { p11: 0.5, p10: 0.09, p01: 0.06, p00: 0.35 };
const DESIGN = { difference: 0.05, discordance: 0.15 };
const POWERS = [0.8, 0.9, 0.95];

const gate = (state: PairedSequenceState): string | null =>
  state.tests.drop.rejectedAt !== null ? 'drop' : state.tests.gain.rejectedAt !== null ? 'gain' : null;
const nonInferior = (state: PairedSequenceState): string | null =>
  state.tests.nonInferiority.rejectedAt === null ? null : 'non-inferior';
const share = (values: readonly (string | null)[], value: string | null) =>
  values.filter((v) => v === value).length / values.length;
const standardError = (rate: number, n: number) => Math.sqrt((rate * (1 - rate)) / n);
const quantile = (sorted: Int32Array, q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const mean = (values: ArrayLike<number>) => Array.from(values).reduce((s, v) => s + v, 0) / values.length;

async function run({ mode, log }: ScenarioContext): Promise<ScenarioOutcome> {
  const { paths, marginPaths, scorePaths } = SIZES[mode];
  const figures: Figure[] = [];
  const notes: string[] = [];
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

  log(`sequential: identical variants, ${paths} runs`);
  const identical = simulatePairedMonitoring(binaryPairs(IDENTICAL), {
    paths,
    maxPairs: MAX_PAIRS,
    seed: 1,
    decide: gate,
    peekEvery: 25,
  });
  const falseAlarms = 1 - share(identical.decisions, null);
  const falseLimit = ALPHA + 3 * standardError(ALPHA, paths);
  const peeking = identical.peekRejected!.filter(Boolean).length / paths;
  figures.push(
    derived('identical variants: false-alarm rate (either direction), monitored after every pair', '', falseAlarms, {
      text: `<= alpha + 3 SE = ${falseLimit.toFixed(4)}`,
      met: (v) => v <= falseLimit,
    }),
    derived('identical variants: exact McNemar checked every 25 pairs, false-alarm rate', '', peeking),
  );
  notes.push(
    `Identical variants: ${pct(falseAlarms)} false alarms (SE ${pct(standardError(falseAlarms, paths))}; drop ${pct(share(identical.decisions, 'drop'))}, gain ${pct(share(identical.decisions, 'gain'))}); peeking at the fixed-n exact McNemar test every 25 pairs on the same pairs: ${pct(peeking)}.`,
  );

  log(`sequential: a 5-point drop, ${paths} runs`);
  const drop = simulatePairedMonitoring(binaryPairs(DROP), { paths, maxPairs: MAX_PAIRS, seed: 2, decide: gate });
  const detection = share(drop.decisions, 'drop');
  const used = Int32Array.from(drop.pairsUsed).sort();
  const meanItems = mean(drop.pairsUsed);
  // A design of power 1 does not exist: when every run detects the drop, the fixed design is sized for the rate's
  // half-count estimate 1 - 1 / (2 runs) instead (said in the notes).
  const designPower = Math.min(detection, 1 - 0.5 / paths);
  if (designPower < detection)
    notes.push(`Every run detected the drop; the fixed design is sized for power ${designPower}.`);
  const fixed = mcnemarSampleSize({
    p10: DROP.p10,
    p01: DROP.p01,
    alpha: ALPHA,
    power: designPower,
    method: 'exact',
  }).n;
  figures.push(
    derived('5-point drop: detection rate within 2,000 pairs', '', detection),
    derived('5-point drop: wrong-direction rate (gain declared)', '', share(drop.decisions, 'gain')),
    derived('5-point drop: mean items used', 'items', meanItems),
    derived('5-point drop: median items used', 'items', quantile(used, 0.5)),
    derived('5-point drop: 90th percentile of items used', 'items', quantile(used, 0.9)),
    derived('fixed-n exact McNemar design of the same power', 'items', fixed),
    derived('saving on average: 1 - mean items / fixed n', '', 1 - meanItems / fixed, {
      text: `>= ${SAVING_GOAL}`,
      met: (v) => v >= SAVING_GOAL,
    }),
    derived('saving at the median: 1 - median items / fixed n', '', 1 - quantile(used, 0.5) / fixed),
  );
  // The same runs truncated at a cap N: a run is detected iff it stopped on a drop by N, and uses min(T, N).
  const stops = Array.from(drop.pairsUsed).map((n, i) => (drop.decisions[i] === 'drop' ? n : Number.POSITIVE_INFINITY));
  for (const target of [0.8, 0.9, 0.95]) {
    const detectedBy = stops.filter(Number.isFinite).sort((a, b) => a - b);
    const needed = Math.ceil(target * paths);
    if (detectedBy.length < needed) continue;
    const cap = detectedBy[needed - 1]!;
    const capped = mean(stops.map((t) => Math.min(t, cap)));
    const fixedAt = mcnemarSampleSize({ p10: DROP.p10, p01: DROP.p01, alpha: ALPHA, power: target, method: 'exact' }).n;
    figures.push(
      derived(`power ${target}: sequential cap N`, 'items', cap),
      derived(`power ${target}: sequential mean items (cap N)`, 'items', capped),
      derived(`power ${target}: fixed-n exact McNemar design`, 'items', fixedAt),
      derived(`power ${target}: saving on average`, '', 1 - capped / fixedAt),
    );
  }

  log(`sequential: the design-tuned truncated gate, ${paths} runs each`);
  const tuned = { design: DESIGN };
  const tunedDrop = simulateTruncatedDesign(binaryPairs(DROP), {
    paths,
    maxPairs: MAX_PAIRS,
    seed: 7,
    sequence: tuned,
  });
  const tunedSame = simulateTruncatedDesign(binaryPairs(IDENTICAL), {
    paths,
    maxPairs: MAX_PAIRS,
    seed: 8,
    sequence: tuned,
  });
  const alarmsAt = (n: number) => (tunedSame.dropRejected[n]! + tunedSame.gainRejected[n]!) / paths;
  const tunedLimit = ALPHA + 3 * standardError(ALPHA, paths);
  for (const power of POWERS) {
    const plan = truncatedDesignPlan({ ...DESIGN, alpha: ALPHA, power });
    const fixedAt = mcnemarSampleSize({ p10: DROP.p10, p01: DROP.p01, alpha: ALPHA, power, method: 'exact' }).n;
    const used = Int32Array.from(tunedDrop.stops, (t) => Math.min(t, plan.maxItems)).sort();
    const meanUsed = mean(used);
    const capped = tunedDrop.dropCrossed.findIndex((r) => r >= power * paths);
    const tag = `design gate, power ${power}`;
    figures.push(
      derived(`${tag}: maximum N (exact plan)`, 'items', plan.maxItems),
      derived(`${tag}: simulated power at N`, '', tunedDrop.dropRejected[plan.maxItems]! / paths),
      derived(`${tag}: mean items (exact plan)`, 'items', plan.expectedItems),
      derived(`${tag}: mean items (simulated)`, 'items', meanUsed),
      derived(`${tag}: median items (simulated)`, 'items', quantile(used, 0.5)),
      derived(`${tag}: fixed-n exact McNemar design`, 'items', fixedAt),
      derived(`${tag}: saving on average (exact plan)`, '', 1 - plan.expectedItems / fixedAt, {
        text: `>= ${SAVING_GOAL}`,
        met: (v) => v >= SAVING_GOAL,
      }),
      derived(`${tag}: saving on average (simulated)`, '', 1 - meanUsed / fixedAt),
      derived(`${tag}: identical variants, false-alarm rate at N`, '', alarmsAt(plan.maxItems), {
        text: `<= alpha + 3 SE = ${tunedLimit.toFixed(4)}`,
        met: (v) => v <= tunedLimit,
      }),
    );
    if (capped > 0)
      figures.push(
        derived(
          `${tag}: without the final look, saving on average (cap ${capped})`,
          '',
          1 - mean(Array.from(tunedDrop.stops, (t) => Math.min(t, capped))) / fixedAt,
        ),
      );
  }
  figures.push(
    derived('design gate: identical variants, false-alarm rate truncated at 2,000', '', alarmsAt(MAX_PAIRS), {
      text: `<= alpha + 3 SE = ${tunedLimit.toFixed(4)}`,
      met: (v) => v <= tunedLimit,
    }),
  );
  notes.push(
    'Design gate: `design` { difference 0.05, discordance 0.15 } (the likelihood ratio at q1 = 2/3 of the discordant pairs for drop and gain, each rejecting at 2 / alpha), truncated at the maximum N of its exact plan with the final look of `truncatedDesignTable`; the simulated runs stop at the first crossing, and use min(stop, N) items.',
  );

  log(`sequential: non-inferiority within ${MARGIN}, ${marginPaths} runs each`);
  const nonInferiorityRuns = (cells: typeof IDENTICAL, seed: number) =>
    simulatePairedMonitoring(binaryPairs(cells), {
      paths: marginPaths,
      maxPairs: MAX_PAIRS,
      seed,
      sequence: { margin: MARGIN },
      decide: nonInferior,
    });
  const atMargin = nonInferiorityRuns(AT_MARGIN, 3);
  const falseClaims = share(atMargin.decisions, 'non-inferior');
  const claimLimit = ALPHA / 2 + 3 * standardError(ALPHA / 2, marginPaths);
  const shown = nonInferiorityRuns(IDENTICAL, 4);
  figures.push(
    derived('non-inferiority at the margin (true d = -0.03): false-claim rate', '', falseClaims, {
      text: `<= alpha / 2 + 3 SE = ${claimLimit.toFixed(4)}`,
      met: (v) => v <= claimLimit,
    }),
    derived(
      'identical variants shown non-inferior within 0.03 by 2,000 pairs',
      '',
      share(shown.decisions, 'non-inferior'),
    ),
    derived(
      'identical variants, non-inferiority: median items used',
      'items',
      quantile(Int32Array.from(shown.pairsUsed).sort(), 0.5),
    ),
  );

  log(`sequential: bounded scores, ${scorePaths} runs each`);
  const scores = { outcome: 'bounded' as const };
  const sameScores = simulatePairedMonitoring(scorePairs(0, 0.3), {
    paths: scorePaths,
    maxPairs: MAX_PAIRS,
    seed: 5,
    sequence: scores,
    decide: gate,
  });
  const scoreAlarms = 1 - share(sameScores.decisions, null);
  const scoreLimit = ALPHA + 3 * standardError(ALPHA, scorePaths);
  const scoreDrop = simulatePairedMonitoring(scorePairs(-0.05, 0.3), {
    paths: scorePaths,
    maxPairs: MAX_PAIRS,
    seed: 6,
    sequence: scores,
    decide: gate,
  });
  figures.push(
    derived('scores, identical variants: false-alarm rate', '', scoreAlarms, {
      text: `<= alpha + 3 SE = ${scoreLimit.toFixed(4)}`,
      met: (v) => v <= scoreLimit,
    }),
    derived('scores, mean drop of 0.05: detection rate', '', share(scoreDrop.decisions, 'drop')),
    derived('scores, mean drop of 0.05: mean items used', 'items', mean(scoreDrop.pairsUsed)),
  );
  notes.push(
    'Binary runs: items drawn i.i.d. from the 2x2 cell probabilities; alpha = 0.05, each direction alpha / 2 (the two-sided 95% confidence sequence), stopping at the first rejection of `drop` or `gain`.',
    "Scores: a shared item difficulty U(0, 1) plus each variant's own uniform noise of width 0.3, clipped to [0, 1] (standard deviation of the difference about 0.12).",
    'Rates are from one seeded simulation each; their standard error is sqrt(r (1 - r) / runs).',
  );
  return {
    parameters: {
      runs: paths,
      marginRuns: marginPaths,
      scoreRuns: scorePaths,
      maxPairs: MAX_PAIRS,
      alpha: ALPHA,
      identical: IDENTICAL,
      drop: DROP,
      atMargin: AT_MARGIN,
      margin: MARGIN,
      design: DESIGN,
    },
    figures,
    notes,
  };
}

export const sequentialCalibration: Scenario = {
  name: 'sequential-calibration',
  title: 'Sequential gate: calibration and savings',
  run,
};
