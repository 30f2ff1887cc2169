import { type Command, Option } from 'commander';
import { renderHtmlReport, renderJsonReport, renderJUnitReport, renderMarkdownReport } from '../../../reports/index';
import type { VerdictDocument } from '../../../reports/verdict-document';
import { compare } from '../../analysis/compare';
import { loadResults } from '../../analysis/load-results';
import {
  CORRECTIONS,
  DEFAULT_ALPHA,
  DEFAULT_BOOTSTRAP_RESAMPLES,
  DEFAULT_BOOTSTRAP_SEED,
  DEFAULT_MARGIN,
  INTERVALS,
  METRICS,
  PASS_TESTS,
  type PolicyOptions,
  REQUIREMENTS,
  SCORE_TESTS,
} from '../../analysis/policy';
import { InputError } from '../../schema/input-error';
import { chooseVariants, variantNames } from '../choose-variants';
import { exitCodeFor } from '../exit-code-for';
import { formatCompareSummary } from '../format-compare-summary';
import { collect, formatCommandLine, parseInteger, parseNonNegative, parseOpenProbability } from '../parse-options';
import { writeStderr, writeStdout } from '../terminal-output';
import { writeOutputFile } from '../write-output-file';

/** The flags as commander hands them over (parsed by the option parsers). */
interface CompareFlags {
  readonly baseline?: string;
  readonly candidate?: string[];
  readonly metric: PolicyOptions['metric'];
  readonly alpha: number;
  readonly margin: number;
  readonly test?: string;
  readonly interval: PolicyOptions['interval'];
  readonly by?: string[];
  readonly cluster?: string;
  readonly correction: PolicyOptions['correction'];
  readonly require: PolicyOptions['require'];
  readonly seed: number;
  readonly resamples: number;
  readonly html?: string;
  readonly md?: string;
  readonly junit?: string;
  readonly json?: string;
  readonly jsonStdout?: boolean;
}

const EXAMPLES = `
Verdict rule (docs/decision.md), d = difference (candidate - baseline), [L, U] its interval, m = margin:
  no-regression     regressed if p <= alpha and d <= -m (d < 0); improved if p <= alpha and d >= m (d > 0);
                    equivalent if m > 0 and [L, U] lies within [-m, m]; otherwise no-change
  non-inferiority   regressed if U < -m; inconclusive unless L > -m; otherwise as above
Exit codes: 0 passed, 1 regressed, 2 usage or input error, 3 inconclusive under non-inferiority.

Examples (runs/demo/ is what \`verdict demo\` writes; any files in the record schema work the same):
  $ verdict compare runs/demo/results.jsonl --baseline model-v1 --candidate model-v2
    paired McNemar test (exact), Newcombe interval; exit 1 on a significant drop
  $ verdict compare runs/demo --baseline model-v1 --candidate model-v2 --by tags.category --md summary.md
    the same per category (p-values Holm-adjusted across categories), and a Markdown report
  $ verdict compare runs/demo --baseline model-v1 --candidate model-v2 --require non-inferiority --margin 0.02 --html report.html
    fail (exit 3) unless the interval's lower bound clears -2 points; the HTML report
  $ verdict compare runs/qa-4 --baseline calculator-v1 --candidate calculator-v2 --junit junit.xml
    several samples per item (see \`verdict run --help\`): per-item pass rates, paired SE, bootstrap, pass@k; JUnit
Continuous scores: --metric score (paired t, Wilcoxon, bootstrap), --cluster FIELD for clustered standard errors.
Several candidates: repeat --candidate (p-values adjusted across them with --correction, Holm by default).
`;

/** `verdict compare`: the paired comparison of candidates with a baseline, a terminal summary, reports and a CI exit code. */
export function compareCommand(program: Command): void {
  program
    .command('compare')
    .description('compare candidates with a baseline on paired items: the verdict, reports and an exit code for CI')
    .argument('<results...>', 'results files (JSON Lines, CSV or JSON) or run directories')
    .option('--baseline <variant>', 'the baseline variant (A)')
    .option('--candidate <variant>', 'a candidate variant (B); repeat for several', collect)
    .addOption(new Option('--metric <metric>', 'outcome compared').choices(METRICS).default('pass'))
    .option('--alpha <p>', 'significance level', parseOpenProbability('--alpha'), DEFAULT_ALPHA)
    .option(
      '--margin <m>',
      'smallest difference that matters (proportion for pass, score units for score)',
      parseNonNegative('--margin'),
      DEFAULT_MARGIN,
    )
    .addOption(
      new Option('--test <method>', 'test: exact, mid-p or asymptotic (pass); paired-t or wilcoxon (score)').choices([
        ...PASS_TESTS,
        ...SCORE_TESTS,
      ]),
    )
    .addOption(
      new Option('--interval <method>', 'interval of the difference (one sample per item)')
        .choices(INTERVALS)
        .default('newcombe'),
    )
    .option('--by <field>', 'compare per value of a field too, e.g. tags.category (repeatable)', collect)
    .option('--cluster <field>', 'field whose items are correlated (clustered standard errors), e.g. tags.passage')
    .addOption(
      new Option('--correction <method>', 'multiple-comparison correction').choices(CORRECTIONS).default('holm'),
    )
    .addOption(new Option('--require <rule>', 'what fails the gate').choices(REQUIREMENTS).default('no-regression'))
    .option('--seed <n>', 'seed of the bootstrap', parseInteger('--seed'), DEFAULT_BOOTSTRAP_SEED)
    .option('--resamples <n>', 'bootstrap resamples', parseInteger('--resamples', 0), DEFAULT_BOOTSTRAP_RESAMPLES)
    .option('--html <file>', 'write the HTML report')
    .option('--md <file>', 'write the Markdown report')
    .option('--junit <file>', 'write JUnit XML')
    .option('--json <file>', 'write the Verdict document as JSON')
    .option('--json-stdout', 'print the Verdict document on stdout (the summary goes to stderr)')
    .addHelpText('after', EXAMPLES)
    .action(async (files: string[], flags: CompareFlags, command: Command) => {
      const results = await loadResults(files);
      const chosen = chooseVariants(variantNames(results), {
        baseline: flags.baseline,
        candidates: flags.candidate ?? [],
      });
      if (chosen.note) writeStderr(`verdict: ${chosen.note}\n`);
      const doc = compare(results, toPolicy(flags), {
        baseline: chosen.baseline,
        candidates: chosen.candidates,
        command: commandLine(command),
      });
      const written = await writeReports(doc, flags);
      const summary = formatCompareSummary(doc) + written.map((file) => `Wrote ${file}\n`).join('');
      if (flags.jsonStdout) {
        writeStderr(summary);
        writeStdout(renderJsonReport(doc));
      } else writeStdout(summary);
      process.exitCode = exitCodeFor(doc, doc.policy);
    });
}

/** The command line as typed (commander keeps the raw argv on the program, untyped). */
function commandLine(command: Command): string {
  const raw = (command.parent as unknown as { rawArgs?: string[] } | null)?.rawArgs ?? [];
  return formatCommandLine(['verdict', ...raw.slice(2)]);
}

function toPolicy(flags: CompareFlags): PolicyOptions {
  const tests: readonly string[] = flags.metric === 'score' ? SCORE_TESTS : PASS_TESTS;
  if (flags.test !== undefined && !tests.includes(flags.test)) {
    throw new InputError(`${flags.test} does not apply to --metric ${flags.metric}; use ${tests.join(', ')}`, {
      field: '--test',
    });
  }
  return {
    metric: flags.metric,
    alpha: flags.alpha,
    margin: flags.margin,
    ...(flags.test === undefined ? {} : { test: flags.test }),
    interval: flags.interval,
    correction: flags.correction,
    require: flags.require,
    seed: flags.seed,
    bootstrapResamples: flags.resamples,
    by: flags.by ?? [],
    cluster: flags.cluster ?? null,
  };
}

async function writeReports(doc: VerdictDocument, flags: CompareFlags): Promise<string[]> {
  const outputs: [string | undefined, () => string | Promise<string>][] = [
    [flags.json, () => renderJsonReport(doc)],
    [flags.md, () => renderMarkdownReport(doc)],
    [flags.junit, () => renderJUnitReport(doc)],
    [flags.html, () => renderHtmlReport(doc)],
  ];
  const written: string[] = [];
  for (const [file, render] of outputs) {
    if (file === undefined) continue;
    await writeOutputFile(file, await render());
    written.push(file);
  }
  return written;
}
