import type { Command } from 'commander';
import type { LoadResultsOptions } from '../analysis/load-results';

/** The reading flags as commander hands them over. */
export interface FormatFlags {
  readonly format?: string;
  readonly scorer?: string;
  readonly filter?: string;
  readonly sourceMetric?: string;
}

/**
 * The flags that choose how other tools' files are read (docs/formats.md), the same on every command
 * that reads results. `--source-metric` is not `--metric`: compare's `--metric` says which outcome is
 * compared (pass or score), this one which of the tool's metrics the outcome is read from.
 */
export function addFormatOptions(command: Command, prefix = ''): Command {
  return command
    .option(
      `--format <name>`,
      `${prefix}read every input as this format (see \`verdict formats\`) instead of detecting it`,
    )
    .option(
      '--scorer <name>',
      `${prefix}inspect_ai: the scorer read as the outcome (NAME, or NAME.KEY for a dict value); default the first`,
    )
    .option(
      '--filter <name>',
      `${prefix}lm-evaluation-harness: the filter whose rows are read (needed when a file has several)`,
    )
    .option(
      '--source-metric <name>',
      `${prefix}lm-eval, HELM, OpenAI evals: the tool's metric read as the outcome (e.g. acc_norm); default the first binary one`,
    );
}

/** The loader's options from the flags (only those given). */
export function formatChoices(
  flags: FormatFlags,
): Pick<LoadResultsOptions, 'format' | 'scorer' | 'filter' | 'sourceMetric'> {
  const { format, scorer, filter, sourceMetric } = flags;
  return {
    ...(format === undefined ? {} : { format }),
    ...(scorer === undefined ? {} : { scorer }),
    ...(filter === undefined ? {} : { filter }),
    ...(sourceMetric === undefined ? {} : { sourceMetric }),
  };
}
