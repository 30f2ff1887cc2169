import type { Command } from 'commander';
import { DEFAULT_DEMO_OUT_DIR } from '../../demo/default-demo-out-dir';
import { parseInteger } from '../parse-options';
import { writeStdout } from '../terminal-output';

interface DemoFlags {
  readonly out: string;
  readonly fresh?: boolean;
  readonly items?: string;
  readonly json?: boolean;
}

const EXAMPLES = `
Two simulated versions of a model (model-v1, the baseline; model-v2, a cheaper candidate that is
truly 4 points worse) answer 400 questions through the real runner, with retries, timeouts, latency
and cost. Then the paired comparison, by category, and the HTML and Markdown reports.

Examples:
  $ verdict demo
    runs (or resumes) the demo in ${DEFAULT_DEMO_OUT_DIR}/ and prints the verdict; open ${DEFAULT_DEMO_OUT_DIR}/report.html
  $ verdict demo --out runs/demo-small --items 100 --fresh
    a quicker look: 100 items (20 per category), starting over
`;

/** `verdict demo`: the built-in demo, end to end, on simulated models. */
export function demoCommand(program: Command): void {
  program
    .command('demo')
    .description('run the built-in demo: two simulated model versions, compared, with an HTML report')
    .option('--out <dir>', 'run directory', DEFAULT_DEMO_OUT_DIR)
    .option('--fresh', 'start over instead of resuming the run in --out')
    .option('--items <n>', 'run on n of the 400 items (the same number from each category)')
    .option('--json', 'print the Verdict document as JSON on stdout (the summary goes to stderr)')
    .addHelpText('after', EXAMPLES)
    .action(async (flags: DemoFlags) => {
      // Loaded when the demo runs: the runner, the analysis and the reports stay out of other commands.
      const [{ demoIntroduction, formatDemoSummary, runLine }, { demoItemCount, runDemo }] = await Promise.all([
        import('../../demo/format-demo-summary'),
        import('../../demo/run-demo'),
      ]);
      const items =
        flags.items === undefined ? undefined : parseInteger('--items', { min: 5, max: demoItemCount() })(flags.items);
      const say = (text: string) => (flags.json ? process.stderr : process.stdout).write(`${text}\n`);
      say(demoIntroduction(demoItemCount(items), flags.out));
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        const result = await runDemo({
          outDir: flags.out,
          fresh: flags.fresh === true,
          ...(items === undefined ? {} : { items }),
          signal: controller.signal,
          command: ['verdict', ...process.argv.slice(2)],
        });
        say(runLine(result.run));
        say('');
        say(formatDemoSummary(result).trimEnd());
        if (flags.json) writeStdout(`${JSON.stringify(result.document, null, 2)}\n`);
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    });
}
