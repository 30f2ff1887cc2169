import { type Command, Option } from 'commander';
import { DEFAULT_HTML_MAX_FLIPS, DEFAULT_MARKDOWN_MAX_FLIPS } from '../../../reports/flip-list-defaults';
import {
  DEFAULT_ALPHA,
  DEFAULT_BOOTSTRAP_RESAMPLES,
  DEFAULT_BOOTSTRAP_SEED,
  DEFAULT_DETECTABLE_EFFECT,
  DEFAULT_MAX_MISSING,
  DEFAULT_MISSING_ALPHA,
} from '../../analysis/policy';
import {
  CORRECTIONS,
  ERROR_TREATMENTS,
  INTERVALS,
  METRICS,
  PASS_TESTS,
  REQUIREMENTS,
  SCORE_TESTS,
} from '../../schema/policy-choices';
import type { CompareFlags } from '../actions/run-compare';
import { addFormatOptions } from '../format-options';
import {
  collect,
  formatCommandLine,
  parseInteger,
  parseOpenProbability,
  parseOutputFile,
  parsePercent,
} from '../parse-options';

const EXAMPLES = `
Verdict rule (docs/decision.md), d = difference (candidate - baseline), [L, U] the interval dual to the test,
m = margin, in points for --metric pass:
  incomplete        a run is unfinished, a variant misses more than --max-missing of its planned cells, or the
                    candidate misses items the baseline has (differential check, one-sided p <= --missing-alpha)
  no-regression     regressed if p <= alpha and d <= -m (d < 0); improved if p <= alpha and d >= m (d > 0);
                    equivalent if m > 0 and [L, U] lies within [-m, m]; below-margin if p <= alpha but |d| < m;
                    otherwise underpowered when the eval cannot detect m (or --detect) with 80% power, else
                    no significant difference
  non-inferiority   regressed if U < -m; inconclusive unless L > -m; otherwise improved, equivalent or non-inferior
Exit codes: 0 passed, 1 regressed, 2 usage or input error, 3 inconclusive under non-inferiority, 4 incomplete.

Examples (runs/demo/ is what \`verdict demo\` writes; any files in the record schema work the same):
  $ verdict compare runs/demo/results.jsonl --baseline model-v1 --candidate model-v2
    McNemar score test with Tango's interval (they agree by construction); exit 1 on a significant drop
  $ verdict compare runs/demo --baseline model-v1 --candidate model-v2 --by tags.category --md summary.md
    the same per category (p-values Holm-adjusted across categories), and a Markdown report
  $ verdict compare runs/demo --baseline model-v1 --candidate model-v2 --require non-inferiority --margin 2 --html report.html
    fail (exit 3) unless the interval's lower bound clears -2 points; the HTML report
  $ verdict compare runs/demo --baseline model-v1 --candidate model-v2 --flips 25 --html report.html --md summary.md
    list 25 flipped items per direction in both reports, each with its question, expected answer and reasons
  $ verdict compare runs/demo --baseline model-v1 --candidate model-v2 --errors count-as-fail --max-missing 10
    count errors and timeouts as failures of the variant that had them (intention to treat), allow 10% missing
  $ verdict compare runs/demo --baseline model-v1 --candidate model-v2 --sequential
    the anytime-valid analysis (betting confidence sequence, Waudby-Smith & Ramdas 2024) over the pairs in the
    order they completed: valid after \`verdict run --stop-early\` or any peeking; fixed-n stays the default
  $ verdict compare runs/qa-4 --baseline calculator-v1 --candidate calculator-v2 --junit junit.xml
    several samples per item (see \`verdict run --help\`): per-item pass rates, paired t, pass@k; JUnit
Continuous scores: --metric score (paired t, or --test wilcoxon with its Hodges-Lehmann interval).
Correlated items: --cluster FIELD (test, interval, power and verdict from the clustered analysis).
Several candidates: repeat --candidate (p-values and intervals adjusted together with --correction).
`;

/** `verdict compare`: the paired comparison of candidates with a baseline, a terminal summary, reports and a CI exit code. */
export function compareCommand(program: Command): void {
  const command = program
    .command('compare')
    .description('compare candidates with a baseline on paired items: the verdict, reports and an exit code for CI')
    .argument(
      '<results...>',
      'results files or directories: verdict records, or inspect_ai, lm-eval, promptfoo, ... (verdict formats)',
    )
    .option('--baseline <variant>', 'the baseline variant (A)')
    .option('--candidate <variant>', 'a candidate variant (B); repeat for several', collect)
    .addOption(new Option('--metric <metric>', 'outcome compared').choices(METRICS).default('pass'))
    .option('--alpha <p>', 'significance level', parseOpenProbability('--alpha'), DEFAULT_ALPHA)
    .option(
      '--margin <m>',
      'smallest difference that matters, in percentage points for --metric pass (2 = 2 points), in score units for --metric score (default 0)',
    )
    .option(
      '--detect <m>',
      `with margin 0, the drop the eval must be able to detect (80% power), else the verdict is underpowered: points for pass, score units for score; "none" to skip (default ${DEFAULT_DETECTABLE_EFFECT * 100} points for pass, none for score)`,
    )
    .option(
      '--max-missing <percent>',
      `largest share of a variant's planned cells that may be missing (error, timeout, skipped, absent) before the comparison is incomplete (exit 4)`,
      parsePercent('--max-missing'),
      DEFAULT_MAX_MISSING,
    )
    .option(
      '--missing-alpha <p>',
      'level of the check that the candidate misses no more items than the baseline',
      parseOpenProbability('--missing-alpha'),
      DEFAULT_MISSING_ALPHA,
    )
    .addOption(
      new Option(
        '--errors <treatment>',
        'non-ok cells: left out of the paired analysis (exclude), or counted as failures of the variant that had them (count-as-fail, intention to treat); the other is shown as the sensitivity analysis',
      )
        .choices(ERROR_TREATMENTS)
        .default('exclude'),
    )
    .option(
      '--sequential',
      "the anytime-valid analysis instead of the fixed-n one: valid however often the results were looked at and whenever the run stopped (pairs in the order their cells finished, by the records' finishedAt)",
    )
    .option(
      '--design-difference <points>',
      'with --sequential: tune the drop and gain tests to this difference in points (the likelihood ratio at that alternative, chosen before the results were seen; no final look); a run that stopped on a design uses its own',
    )
    .option(
      '--design-discordance <points>',
      'with --design-difference: the expected share of items whose outcome differs (p10 + p01), in points',
    )
    .option(
      '--design-calibrated',
      "with --design-difference: the calibrated truncated design of `run --stop-early --design-calibrated` (threshold and K planned at --alpha for power 0.8 or --design-power; its final exact look at the K-th discordant pair in the records' order, valid up to K only)",
    )
    .option(
      '--design-power <p>',
      'with --design-calibrated: the power the calibrated design is planned for (default 0.8; stopping.design.power)',
    )
    .option('--allow-incomplete', 'judge an unfinished run on the cells it stored (every report says so)')
    .addOption(
      new Option(
        '--test <method>',
        'test: score (default), exact, mid-p or asymptotic (pass); paired-t (default) or wilcoxon (score); the interval shown is the one dual to it',
      ).choices([...PASS_TESTS, ...SCORE_TESTS]),
    )
    .addOption(
      new Option(
        '--interval <method>',
        'a further interval of the difference to show beside the dual one (one sample per item)',
      ).choices(INTERVALS),
    )
    .option('--by <field>', 'compare per value of a field too, e.g. tags.category (repeatable)', collect)
    .option(
      '--cluster <field>',
      'field whose items are correlated, e.g. tags.passage: the test, interval and verdict come from the clustered analysis',
    )
    .addOption(
      new Option('--correction <method>', 'multiple-comparison correction').choices(CORRECTIONS).default('holm'),
    )
    .addOption(new Option('--require <rule>', 'what fails the gate').choices(REQUIREMENTS).default('no-regression'))
    .option('--seed <n>', 'seed of the bootstrap', parseInteger('--seed'), DEFAULT_BOOTSTRAP_SEED)
    .option(
      '--resamples <n>',
      'bootstrap resamples',
      parseInteger('--resamples', { min: 0 }),
      DEFAULT_BOOTSTRAP_RESAMPLES,
    )
    .option(
      '--flips <n>',
      `flipped items listed per direction in the HTML and Markdown reports, with question, expected answer, outputs and the scorers' reasons; 0 lists none (default ${DEFAULT_HTML_MAX_FLIPS} in HTML, ${DEFAULT_MARKDOWN_MAX_FLIPS} in Markdown; the JSON document lists every one)`,
      parseInteger('--flips', { min: 0 }),
    )
    .option('--html <file>', 'write the HTML report', parseOutputFile('--html'))
    .option('--md <file>', 'write the Markdown report', parseOutputFile('--md'))
    .option('--junit <file>', 'write JUnit XML', parseOutputFile('--junit'))
    .option('--json <file>', 'write the Verdict document as JSON', parseOutputFile('--json', '--json-stdout'))
    .option('--json-stdout', 'print the Verdict document on stdout (the summary goes to stderr)');
  addFormatOptions(command)
    .addHelpText('after', EXAMPLES)
    .action(async (files: string[], flags: CompareFlags, command: Command) => {
      // Loaded when the command runs: `verdict --version`, `--help` and the other commands never load the analysis.
      const { runCompare } = await import('../actions/run-compare');
      await runCompare(files, flags, commandLine(command));
    });
}

/** The command line as typed (commander keeps the raw argv on the program, untyped). */
function commandLine(command: Command): string {
  const raw = (command.parent as unknown as { rawArgs?: string[] } | null)?.rawArgs ?? [];
  return formatCommandLine(['verdict', ...raw.slice(2)]);
}
