import { loadResults } from '../../analysis/load-results';
import { summariseResults } from '../../analysis/summarise-results';
import { type FormatFlags, formatChoices } from '../format-options';
import { formatResultsSummary } from '../format-results-summary';
import { writeStdout } from '../terminal-output';
import { writeOutputFile } from '../write-output-file';

/** The flags of `verdict summary` as commander hands them over. */
export interface SummaryFlags extends FormatFlags {
  readonly confidence: number;
  readonly seed: number;
  readonly resamples: number;
  readonly json?: string;
}

/** `verdict summary`'s action: every variant on its own, printed (and written as JSON with --json). */
export async function runSummary(files: readonly string[], flags: SummaryFlags): Promise<void> {
  const summary = summariseResults(await loadResults(files, formatChoices(flags)), {
    confidence: flags.confidence,
    seed: flags.seed,
    resamples: flags.resamples,
  });
  if (flags.json !== undefined) await writeOutputFile(flags.json, `${JSON.stringify(summary, null, 2)}\n`);
  writeStdout(formatResultsSummary(summary) + (flags.json === undefined ? '' : `Wrote ${flags.json}\n`));
}
