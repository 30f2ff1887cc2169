/**
 * Statistics kernels (issue 6, item 4), in operations per second, each beside the same operation in scipy and
 * statsmodels (bench/python/kernels.py, same inputs by the same formulas): exact McNemar at 10^6 discordant
 * pairs, exact McNemar power at n = 10^4, pass@k over 10^4 problems of n = 200 samples, and a 10,000-resample
 * paired bootstrap over 10,000 items (the analysis' bootstrapMeanInterval). Both sides' values are compared, so
 * that a speed-up can never come from computing something else.
 */
import { bootstrapMeanInterval } from '../../src/analysis/paired-bootstrap';
import { mcnemarPower, mcnemarTest, meanPassAtK, seededRandom } from '../../stats/index';
import { derived, measured } from '../harness/figures';
import { findPython } from '../harness/find-python';
import { median } from '../harness/median';
import { opsPerSecond } from '../harness/ops-per-second';
import { projectPath } from '../harness/project-path';
import { runChild } from '../harness/run-child';
import type { BenchMode, Figure, Scenario, ScenarioContext, ScenarioOutcome } from '../harness/types';

interface KernelSpec {
  readonly discordant: number;
  readonly powerN: number;
  readonly problems: number;
  readonly samples: number;
  readonly k: number;
  readonly bootstrapItems: number;
  readonly resamples: number;
  readonly batches: number;
  readonly minBatchSeconds: number;
}

const FULL_SIZES = { discordant: 1_000_000, powerN: 10_000, problems: 10_000, samples: 200, k: 10 };
const SPECS: Record<BenchMode, KernelSpec> = {
  smoke: {
    discordant: 1000,
    powerN: 100,
    problems: 100,
    samples: 20,
    k: 5,
    bootstrapItems: 100,
    resamples: 100,
    batches: 1,
    minBatchSeconds: 0.001,
  },
  quick: { ...FULL_SIZES, bootstrapItems: 10_000, resamples: 10_000, batches: 3, minBatchSeconds: 0.1 },
  full: { ...FULL_SIZES, bootstrapItems: 10_000, resamples: 10_000, batches: 7, minBatchSeconds: 0.3 },
};
const PYTHON_SCRIPT = projectPath('bench', 'python', 'kernels.py');

/** One kernel: its label, the call, and how close the Python value must be (relative, or absolute). */
interface Kernel {
  readonly name: string;
  readonly label: string;
  readonly call: () => number;
  readonly tolerance: { readonly relative: number } | { readonly absolute: number };
}

const agrees = (a: number, b: number, tolerance: Kernel['tolerance']): boolean =>
  'relative' in tolerance ? Math.abs(a - b) <= tolerance.relative * Math.abs(b) : Math.abs(a - b) <= tolerance.absolute;

function kernels(spec: KernelSpec): Kernel[] {
  const { discordant, powerN, problems, samples, k, bootstrapItems, resamples } = spec;
  const n10 = Math.floor(discordant / 2) - Math.floor(discordant / 2000);
  const table = { n11: 0, n10, n01: discordant - n10, n00: 0 };
  const passProblems = Array.from({ length: problems }, (_, i) => ({ n: samples, c: (i * 7919) % (samples + 1) }));
  const differences = Float64Array.from({ length: bootstrapItems }, (_, i) => ((i * 7919) % 3) - 1);
  return [
    {
      name: 'mcnemar-exact',
      label: `exact McNemar, ${discordant} discordant pairs`,
      call: () => mcnemarTest(table).pValue,
      tolerance: { relative: 1e-6 },
    },
    {
      name: 'mcnemar-power-exact',
      label: `exact McNemar power, n = ${powerN} (p10 0.10, p01 0.12)`,
      call: () => mcnemarPower({ n: powerN, p10: 0.1, p01: 0.12, method: 'exact' }),
      tolerance: { relative: 1e-6 },
    },
    {
      name: 'pass-at-k',
      label: `mean pass@${k}, ${problems} problems of n = ${samples}`,
      call: () => meanPassAtK(passProblems, k),
      tolerance: { relative: 1e-9 },
    },
    {
      name: 'paired-bootstrap',
      label: `paired bootstrap, ${resamples} resamples of ${bootstrapItems} items`,
      // Different generators draw different resamples: the lower bounds agree only to Monte Carlo error (the
      // differences' SD is 0.82, so the bound's standard error is far below 0.1 at every size used here).
      call: () => bootstrapMeanInterval(differences, { resamples, confidence: 0.95, random: seededRandom(1) }).lower,
      tolerance: { absolute: 0.1 },
    },
  ];
}

type PythonKernels = Record<string, { opsPerSecond: number[]; value: number }>;

async function run({ mode, log }: ScenarioContext): Promise<ScenarioOutcome> {
  const spec = SPECS[mode];
  const list = kernels(spec);
  const python = await findPython();
  const notes: string[] = [];
  let pythonResults: PythonKernels | undefined;
  const verdictRuns = new Map<string, number[]>();
  for (const kernel of list) {
    log(`stats kernels: ${kernel.label}`);
    verdictRuns.set(
      kernel.name,
      opsPerSecond(kernel.call, { batches: spec.batches, minBatchMs: spec.minBatchSeconds * 1000 }),
    );
  }
  if (python.found) {
    log('stats kernels: scipy / statsmodels');
    const { stdout } = await runChild(python.stack.python, [PYTHON_SCRIPT, JSON.stringify(spec)]);
    pythonResults = JSON.parse(stdout) as PythonKernels;
  } else notes.push(`Python comparison skipped: ${python.reason}.`);

  const figures: Figure[] = [];
  for (const kernel of list) {
    const ours = measured(`verdict: ${kernel.label}`, 'ops/s', verdictRuns.get(kernel.name)!);
    figures.push(ours);
    const theirs = pythonResults?.[kernel.name];
    if (theirs === undefined) continue;
    const value = kernel.call();
    if (!agrees(value, theirs.value, kernel.tolerance))
      throw new Error(
        `${kernel.label}: verdict computed ${value}, Python ${theirs.value} (${JSON.stringify(kernel.tolerance)})`,
      );
    const pythonFigure = measured(`scipy/statsmodels: ${kernel.label}`, 'ops/s', theirs.opsPerSecond);
    figures.push(
      pythonFigure,
      derived(`speed-up on ${kernel.name}: verdict / Python`, 'x', ours.value / median(theirs.opsPerSecond)),
    );
  }
  return {
    parameters: { ...spec, ...(python.found ? { python: python.stack.versions } : {}) },
    figures,
    notes,
  };
}

export const statsKernels: Scenario = { name: 'stats-kernels', title: 'Statistics kernels', run };
