import type { Command } from 'commander';
import type { FormatReader } from '../../formats/format-reader';

const EXAMPLES = `
Examples (the files are in the repository's examples/formats/ folder):
  $ verdict formats
    every format, how it is detected, one command that reads it
  $ verdict compare examples/formats/inspect/mmlu-gpt-4o.eval examples/formats/inspect/mmlu-claude.eval --cluster tags.subject
    two inspect_ai logs of two models on one task, clustered by subject: incomplete (exit 4), one errored
    sample could hide a significant drop
Mapping rules and how to override each choice: docs/formats.md.
`;

/** `verdict formats`: the formats verdict reads, detected from content, each with a command that runs. */
export function formatsCommand(program: Command): void {
  program
    .command('formats')
    .description(
      'the result formats verdict reads (inspect_ai, lm-eval, promptfoo, OpenAI evals, SWE-bench, HELM, its own)',
    )
    .addHelpText('after', EXAMPLES)
    .action(async () => {
      // The registry brings every reader (zip, zstd, zod): loaded only when the list is asked for.
      const { FORMATS } = await import('../../formats/registry');
      process.stdout.write(formatFormatsList(FORMATS));
    });
}

/** The list as `verdict formats` prints it. */
export function formatFormatsList(formats: readonly FormatReader[]): string {
  const lines = ['Formats, detected from content in this order (override with --format NAME):', ''];
  for (const format of formats) lines.push(`${format.name}`, `  ${format.describe}`, `  $ ${format.example}`, '');
  lines.push('Choices: --scorer (inspect_ai), --filter (lm-eval), --source-metric (lm-eval, HELM, OpenAI evals).');
  lines.push('Every mapping rule: docs/formats.md.');
  return `${lines.join('\n')}\n`;
}
