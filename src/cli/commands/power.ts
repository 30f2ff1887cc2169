import type { Command } from 'commander';
import { MCNEMAR_POWER_METHODS, type McNemarPowerMethod } from '../../../stats/mcnemar-power';
import type { planMcNemarPower } from '../../analysis/plan-mcnemar-power';
import { DEFAULT_ALPHA, DEFAULT_TARGET_POWER } from '../../analysis/policy';
import { InputError } from '../../schema/input-error';
import { addFormatOptions } from '../format-options';
import { parseInteger, parseOneOf, parseOpenProbability, parseProbability } from '../parse-options';
import type { PowerFromResultsFlags } from '../power-from-results';
import { writeStdout } from '../terminal-output';

const DEFAULT_METHOD: McNemarPowerMethod = 'connor';

/** The flags as commander hands them over (all strings: parsed and checked in `toPlanInput`). */
interface PowerFlags {
  readonly p10?: string;
  readonly p01?: string;
  readonly baselineRate?: string;
  readonly candidateRate?: string;
  readonly discordance?: string;
  readonly alpha?: string;
  readonly power?: string;
  readonly method?: string;
  readonly n?: string;
  readonly from?: string[];
  readonly sequential?: boolean;
  readonly designCalibrated?: boolean;
}

const EXAMPLES = `
Rates: p10 = P(baseline passes, candidate fails), p01 = P(baseline fails, candidate passes) per item;
their sum is the discordance, their difference p01 - p10 the change in pass rate. Two-sided test.

Examples:
  $ verdict power --p10 0.05 --p01 0.10
    pairs needed for power 0.8: 469 (Connor's formula gives 468.6)
  $ verdict power --p10 0.05 --p01 0.10 --n 500
    adds: power at n = 500: 0.825 and minimum detectable difference at n = 500: 4.84 points
  $ verdict power --from runs/demo/results.jsonl --baseline model-v1 --candidate model-v2 --margin 3
    from a pilot run's observed discordance (here the demo's): pairs needed to detect a 3-point drop
  $ verdict power --baseline-rate 0.70 --candidate-rate 0.75 --discordance 0.15 --method exact
    the same rates as pass rates (70% -> 75%, 15% of items change outcome), exact test:
    pairs needed for power 0.8: 498
  $ verdict power --p10 0.10 --p01 0.05 --sequential
    the plan of \`verdict run --stop-early\` tuned to this 5-point drop: maximum items for power 0.8: 522,
    358.6 used on average, 28% fewer than the 498 pairs of the fixed-n exact McNemar test
  $ verdict power --p10 0.10 --p01 0.05 --sequential --design-calibrated
    the calibrated truncated design instead: crosses at 33.15, truncated at K = 76 discordant pairs,
    342.5 items on average, 31.2% fewer than 498
`;

/** `verdict power`: sample size, power and minimum detectable difference of the paired McNemar test. */
export function powerCommand(program: Command): void {
  const command = program
    .command('power')
    .description('pairs needed (or power at --n) for the two-sided McNemar test of a paired comparison')
    .option('--p10 <rate>', 'P(baseline passes, candidate fails)')
    .option('--p01 <rate>', 'P(baseline fails, candidate passes)')
    .option('--baseline-rate <rate>', 'pass rate of the baseline (with --candidate-rate and --discordance)')
    .option('--candidate-rate <rate>', 'pass rate of the candidate')
    .option('--discordance <rate>', 'share of items whose outcome differs between the variants (p10 + p01)')
    .option('--alpha <p>', `two-sided significance level (default ${DEFAULT_ALPHA})`)
    .option('--power <p>', `target power (default ${DEFAULT_TARGET_POWER})`)
    .option('--method <name>', `connor (normal approximation) or exact (exact summation) (default ${DEFAULT_METHOD})`)
    .option('--n <pairs>', 'pairs available: print the power and the minimum detectable difference at this n')
    .option(
      '--from <results...>',
      "a pilot run's results: plan from its observed discordance (with --baseline, --candidate)",
    )
    .option(
      '--sequential',
      'plan the anytime-valid gate of `verdict run --stop-early` tuned to this difference: the maximum items to set, the items used on average, beside the fixed-n exact McNemar test of the same power',
    )
    .option(
      '--design-calibrated',
      'with --sequential: plan the calibrated truncated design (stopping.design.calibrated: a threshold below 2 / alpha, truncated at K discordant pairs, valid up to K only) for --power',
    )
    .option('--baseline <variant>', 'with --from: the baseline variant')
    .option('--candidate <variant>', 'with --from: the candidate variant')
    .option(
      '--margin <points>',
      'with --from: plan for a drop of this size, in percentage points (3 = 3 points), at the observed discordance',
    );
  addFormatOptions(command, 'with --from: ')
    .addHelpText('after', EXAMPLES)
    .action(async (flags: PowerFlags) => {
      // Loaded when the command runs: the report formatting (and zod with it) stays out of start-up.
      const [{ formatPowerPlan }, { planMcNemarPower }] = await Promise.all([
        import('../format-power-plan'),
        import('../../analysis/plan-mcnemar-power'),
      ]);
      if (flags.sequential) {
        writeStdout(await sequentialPlan(flags));
        return;
      }
      if (flags.designCalibrated)
        throw new InputError('plans the sequential gate only: add --sequential', {
          field: '--design-calibrated',
        });
      if (flags.from !== undefined) {
        // Loaded only with --from: planning from rates never loads the analysis.
        const { planInputFromResults } = await import('../power-from-results');
        const { input, header } = await planInputFromResults(flags as PowerFromResultsFlags);
        writeStdout(header + formatPowerPlan(planMcNemarPower(input)));
        return;
      }
      const { discordantRatesFromPassRates } = await import('../../analysis/plan-mcnemar-power');
      writeStdout(formatPowerPlan(planMcNemarPower(toPlanInput(flags, discordantRatesFromPassRates))));
    });
}

/** `verdict power --sequential`: the rates (or a pilot run's) planned as a truncated sequential design. */
async function sequentialPlan(flags: PowerFlags): Promise<string> {
  if (flags.n !== undefined)
    throw new InputError('the sequential plan gives the maximum items itself; leave --n out', { field: '--n' });
  if (flags.method !== undefined)
    throw new InputError('the sequential plan is exact and compares with the exact McNemar test; leave --method out', {
      field: '--method',
    });
  const calibrated = flags.designCalibrated === true;
  const [{ planSequentialDesign }, { formatSequentialPlan }] = await Promise.all([
    import('../../analysis/plan-sequential-design'),
    import('../format-sequential-plan'),
  ]);
  if (flags.from !== undefined) {
    const { planInputFromResults } = await import('../power-from-results');
    const { input, header } = await planInputFromResults(flags as PowerFromResultsFlags);
    return header + formatSequentialPlan(planSequentialDesign({ ...input, calibrated }));
  }
  const { discordantRatesFromPassRates } = await import('../../analysis/plan-mcnemar-power');
  return formatSequentialPlan(
    planSequentialDesign({ ...toPlanInput(flags, discordantRatesFromPassRates), calibrated }),
  );
}

function toPlanInput(
  flags: PowerFlags,
  discordantRatesFromPassRates: typeof import('../../analysis/plan-mcnemar-power').discordantRatesFromPassRates,
): Parameters<typeof planMcNemarPower>[0] {
  const alpha = flags.alpha === undefined ? DEFAULT_ALPHA : parseOpenProbability('--alpha')(flags.alpha);
  const power = flags.power === undefined ? DEFAULT_TARGET_POWER : parseOpenProbability('--power')(flags.power);
  const method = parseOneOf('--method', MCNEMAR_POWER_METHODS)(flags.method ?? DEFAULT_METHOD);
  const n = flags.n === undefined ? undefined : parseInteger('--n', { min: 1 })(flags.n);
  const byCells = flags.p10 !== undefined || flags.p01 !== undefined;
  const byRates = [flags.baselineRate, flags.candidateRate, flags.discordance].some((v) => v !== undefined);
  if (byCells === byRates) {
    throw new InputError(
      'give either --p10 and --p01, or --baseline-rate, --candidate-rate and --discordance (see verdict power --help)',
    );
  }
  let p10: number;
  let p01: number;
  if (byCells) {
    const together = 'give --p10 and --p01 together';
    p10 = parseProbability('--p10')(required('--p10', flags.p10, together));
    p01 = parseProbability('--p01')(required('--p01', flags.p01, together));
    if (p10 + p01 > 1) throw new InputError(`\`--p10\` + \`--p01\` (${p10} + ${p01}) must not exceed 1`);
  } else {
    const together = 'give --baseline-rate, --candidate-rate and --discordance together';
    const rates = {
      baselineRate: parseProbability('--baseline-rate')(required('--baseline-rate', flags.baselineRate, together)),
      candidateRate: parseProbability('--candidate-rate')(required('--candidate-rate', flags.candidateRate, together)),
      discordance: parseProbability('--discordance')(required('--discordance', flags.discordance, together)),
    };
    ({ p10, p01 } = discordantRatesFromPassRates(rates, { field: '--discordance' }));
  }
  if (p10 === p01 && n === undefined && !flags.sequential) {
    throw new InputError(
      `\`--p10\` and \`--p01\` are equal (${p10}): with no difference to detect no n is enough; give --n for the power (the test's size)`,
    );
  }
  return { p10, p01, alpha, power, method, ...(n === undefined ? {} : { n }) };
}

function required(flag: string, raw: string | undefined, hint: string): string {
  if (raw === undefined) throw new InputError(`missing (${hint})`, { field: flag });
  return raw;
}
