// Every benchmark, in the order of issue 6 and of BENCHMARKS.md (then the later issues').
import type { Scenario } from '../harness/types';
import { analysisAtScale } from './analysis-at-scale';
import { analysisEndToEnd } from './analysis-end-to-end';
import { calibrationScenario } from './calibration';
import { distributedScenario } from './distributed';
import { reportHtml } from './report-html';
import { runnerIsolation } from './runner-isolation';
import { runnerMemory } from './runner-memory';
import { runnerOverhead } from './runner-overhead';
import { sequentialCalibration } from './sequential-calibration';
import { statsKernels } from './stats-kernels';

export const SCENARIOS: readonly Scenario[] = [
  runnerOverhead,
  runnerIsolation,
  runnerMemory,
  analysisEndToEnd,
  statsKernels,
  reportHtml,
  calibrationScenario,
  sequentialCalibration,
  distributedScenario,
  analysisAtScale,
];
