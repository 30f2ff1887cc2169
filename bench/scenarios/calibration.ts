/**
 * Calibration of the gate (issue 10), at sizes the test suite cannot afford: seeded simulated evals of the
 * designs of test/helpers/simulated-evals.ts through the whole core (records -> compare -> gate). For identical
 * variants: the share of runs whose gate fails (a false alarm: bound alpha = 0.05 plus Monte Carlo error) and
 * the headline 95% interval's coverage of the true difference 0 (band [0.93, 0.97]), beside the naive analysis
 * that treats repeated samples or clustered items as independent. Then the missing-data rules: a candidate with
 * extra errors on 20% of items (must never pass), and one whose errors match the baseline's (must pass as often
 * as with no errors).
 */

import {
  type CalibrationResult,
  CLUSTERED,
  calibrate,
  type EvalDesign,
  FEW_CLUSTERS,
  FOUR_SAMPLES,
  MISSING_AT_RANDOM,
  ONE_SAMPLE,
  TINY,
} from '../../test/helpers/simulated-evals';
import { derived } from '../harness/figures';
import type { BenchMode, Figure, Scenario, ScenarioContext, ScenarioOutcome } from '../harness/types';

const RUNS: Record<BenchMode, number> = { smoke: 20, quick: 2000, full: 10_000 };
const ALPHA = 0.05;

async function run({ mode, log }: ScenarioContext): Promise<ScenarioOutcome> {
  const runs = RUNS[mode];
  const bound = ALPHA + 3 * Math.sqrt((ALPHA * (1 - ALPHA)) / runs);
  const figures: Figure[] = [];
  const notes: string[] = [];
  const designs: readonly [EvalDesign, object][] = [
    [ONE_SAMPLE, {}],
    [FOUR_SAMPLES, {}],
    [CLUSTERED, {}],
    [FEW_CLUSTERS, {}],
    [TINY, {}],
    [MISSING_AT_RANDOM, { maxMissing: 0.2 }],
  ];
  for (const [design, policy] of designs) {
    log(`calibration: ${design.name}, ${runs} runs`);
    const result = calibrate(design, { runs, seed: 20261202, policy });
    const half = ALPHA / 2 + 3 * Math.sqrt(((ALPHA / 2) * (1 - ALPHA / 2)) / runs);
    figures.push(
      derived(`${design.name}: two-sided rejections (identical variants)`, 'share', result.significant, {
        text: `<= ${bound.toFixed(4)} (alpha + 3 MC se)`,
        met: (v) => v <= bound,
      }),
      derived(`${design.name}: regressions (gate fails on a drop)`, 'share', result.regressed, {
        text: `<= ${half.toFixed(4)} (alpha/2 + 3 MC se)`,
        met: (v) => v <= half,
      }),
      derived(`${design.name}: false alarms (gate fails, identical variants)`, 'share', result.failed, {
        text: `<= ${bound.toFixed(4)} (alpha + 3 MC se)`,
        met: (v) => v <= bound,
      }),
      derived(`${design.name}: 95% interval coverage`, 'share', result.coverage, {
        text: design === TINY ? '>= 0.93 (too few items to reach the level: conservative)' : 'in [0.93, 0.97]',
        met: (v) => v >= 0.93 && (design === TINY || v <= 0.97),
      }),
    );
    if (result.naiveCoverage !== null) {
      figures.push(
        derived(
          `${design.name}: naive coverage (samples or clustered items as independent)`,
          'share',
          result.naiveCoverage,
        ),
        derived(`${design.name}: naive false alarms (regressed)`, 'share', result.naiveRegressed!),
      );
    }
    notes.push(describe(design, result));
  }
  log(`calibration: extra errors on 20% of items, ${runs} runs`);
  for (const policy of [{}, { maxMissing: 0.25 }]) {
    const broken = calibrate({ ...ONE_SAMPLE, extraErrors: 0.2 }, { runs, seed: 7, policy });
    figures.push(
      derived(
        `extra candidate errors on 20% of items (${'maxMissing' in policy ? '25% limit' : 'default policy'}): runs that passed`,
        'runs',
        Math.round((1 - broken.failed) * runs),
        { text: '0', met: (v) => v === 0 },
      ),
    );
  }
  log(`calibration: matched errors, ${runs} runs`);
  const matched = calibrate({ ...ONE_SAMPLE, missing: { baseline: 0.02, candidate: 0.02 } }, { runs, seed: 9 });
  const clean = calibrate(ONE_SAMPLE, { runs, seed: 9 });
  const slack = 3 * Math.SQRT2 * Math.sqrt((clean.failed * (1 - clean.failed)) / runs);
  figures.push(
    derived('errors matching the baseline (2% each): gate passes', 'share', 1 - matched.failed),
    derived('no errors: gate passes', 'share', 1 - clean.failed),
    derived('difference (matched - none)', 'share', clean.failed - matched.failed, {
      text: `within +-${slack.toFixed(4)} (3 MC se)`,
      met: (v) => Math.abs(v) <= slack,
    }),
  );
  return {
    parameters: {
      runs,
      designs: designs.map(([d]) => `${d.name}: ${d.clusters * d.clusterSize} items x ${d.samples} samples`),
    },
    figures,
    notes,
  };
}

function describe(design: EvalDesign, r: CalibrationResult): string {
  const naive =
    r.naiveCoverage === null
      ? ''
      : `; naive coverage ${r.naiveCoverage.toFixed(3)}, naive regressed ${r.naiveRegressed!.toFixed(3)}`;
  return `${design.name}: gate failed in ${r.failed.toFixed(4)} of ${r.runs} runs (regressed ${r.regressed.toFixed(4)}), coverage ${r.coverage.toFixed(3)}${naive}.`;
}

export const calibrationScenario: Scenario = {
  name: 'calibration',
  title: 'Calibration of the gate: false alarms, coverage, missing results (issue 10)',
  run,
};
