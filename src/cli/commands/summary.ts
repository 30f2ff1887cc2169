import type { Command } from 'commander';
import { DEFAULT_BOOTSTRAP_RESAMPLES, DEFAULT_BOOTSTRAP_SEED } from '../../analysis/policy';
import type { SummaryFlags } from '../actions/run-summary';
import { addFormatOptions } from '../format-options';
import { parseInteger, parseOpenProbability, parseOutputFile } from '../parse-options';

const EXAMPLES = `
Examples (runs/demo/ is what \`verdict demo\` writes; runs/qa-4/ what \`verdict run --help\` shows):
  $ verdict summary runs/demo/results.jsonl
    every variant: items, samples, pass rate with its 95% Wilson interval, errors, timeouts, skipped
  $ verdict summary runs/qa-4
    4 samples per item: adds pass@k and pass^k for k = 1..4 with bootstrap intervals over items
  $ verdict summary runs/demo runs/qa-4 --json summary.json
    two run directories; the numbers also as JSON
`;

/** `verdict summary`: every variant on its own, unpaired. */
export function summaryCommand(program: Command): void {
  const command = program
    .command('summary')
    .description('every variant on its own: pass rates with Wilson intervals, errors, pass@k when samples > 1')
    .argument(
      '<results...>',
      'results files or directories: verdict records, or inspect_ai, lm-eval, promptfoo, ... (verdict formats)',
    )
    .option('--confidence <level>', 'level of the intervals', parseOpenProbability('--confidence'), 0.95)
    .option('--seed <n>', 'seed of the pass@k bootstrap', parseInteger('--seed'), DEFAULT_BOOTSTRAP_SEED)
    .option(
      '--resamples <n>',
      'bootstrap resamples',
      parseInteger('--resamples', { min: 0 }),
      DEFAULT_BOOTSTRAP_RESAMPLES,
    )
    .option('--json <file>', 'write the summary as JSON', parseOutputFile('--json'));
  addFormatOptions(command)
    .addHelpText('after', EXAMPLES)
    .action(async (files: string[], flags: SummaryFlags) => {
      // Loaded when the command runs, so that other commands never load the analysis.
      const { runSummary } = await import('../actions/run-summary');
      await runSummary(files, flags);
    });
}
