import { formatPercent } from '../../reports/index';
import { proportionInterval } from '../../stats/index';
import type { RunSummary } from '../runner/types';
import { alignColumns } from './align-columns';
import { formatDuration } from './format-duration';

/** Options of {@link formatRunSummary}. */
export interface FormatRunSummaryOptions {
  /** The experiment file, for the resume hint of an interrupted run. */
  readonly experimentFile?: string;
  /** Confidence of the pass-rate intervals. @default 0.95 */
  readonly confidence?: number;
}

/**
 * The one-screen summary `verdict run` ends with: how the run ended, then per variant the ok cells,
 * passes, pass rate with its Wilson interval (`proportionInterval`, the same interval `compare`
 * reports), errors and timeouts. Errors and timeouts are not failures of the model: they are outside
 * the pass rate and shown beside it. An interrupted run gets the command that resumes it.
 *
 * @example formatRunSummary(summary, { experimentFile: 'exp.ts' })
 */
export function formatRunSummary(
  summary: RunSummary,
  { experimentFile, confidence = 0.95 }: FormatRunSummaryOptions = {},
): string {
  const { status, planned, completed, executed, resumed, ok, error, timeout, durationMs } = summary;
  const reason =
    summary.stopReason === 'max-cost'
      ? ' (cost limit reached)'
      : summary.stopReason === 'signal'
        ? ' (by a signal)'
        : '';
  const lines = [
    `run ${status}${reason} in ${formatDuration(durationMs)}: ${completed}/${planned} cells stored (${executed} run now, ${resumed} from before); ok ${ok}, error ${error}, timeout ${timeout}`,
  ];
  const header = [
    'variant',
    'ok',
    'passes',
    'pass rate',
    `${Math.round(confidence * 100)}% Wilson interval`,
    'error',
    'timeout',
  ];
  const rows = Object.entries(summary.variants).map(([name, counts]) => {
    if (counts.ok === 0) return [name, '0', '0', '-', '-', String(counts.error), String(counts.timeout)];
    const interval = proportionInterval(counts.passes, counts.ok, { method: 'wilson', confidence });
    return [
      name,
      String(counts.ok),
      String(counts.passes),
      formatPercent(counts.passes / counts.ok),
      `[${formatPercent(interval.lower)}, ${formatPercent(interval.upper)}]`,
      String(counts.error),
      String(counts.timeout),
    ];
  });
  lines.push('', ...alignColumns([header, ...rows]));
  if (summary.costUsd > 0) lines.push('', `cost: $${summary.costUsd.toFixed(4)}`);
  if (summary.cache !== undefined) {
    const { hits, judgeHits, written, costSavedUsd, location } = summary.cache;
    const cost = costSavedUsd > 0 ? `, $${costSavedUsd.toFixed(4)} saved` : '';
    const calls =
      judgeHits > 0 ? `${hits + judgeHits} calls saved (${hits} target, ${judgeHits} judge)` : `${hits} calls saved`;
    lines.push('', `cache ${location}: ${calls}${cost}; ${written} entries written`);
  }
  if (summary.stopping !== undefined) {
    const { reason, finding, decidedAtPair, itemsStarted, pairs } = summary.stopping;
    const why = reason === 'decided' ? `decided (${finding} at pair ${decidedAtPair})` : reason;
    lines.push('', `stopped early: ${why}; ${itemsStarted} items started, ${pairs} pairs complete`);
  }
  if (summary.outDir !== undefined) lines.push('', `results: ${summary.outDir}`);
  if (status === 'interrupted' && summary.outDir !== undefined && experimentFile !== undefined) {
    lines.push(`resume: verdict run ${experimentFile} --out ${summary.outDir} --resume`);
  }
  if (error + timeout > 0 && status !== 'interrupted' && summary.outDir !== undefined && experimentFile !== undefined) {
    lines.push(
      `re-run errors and timeouts: verdict run ${experimentFile} --out ${summary.outDir} --resume --retry-errors`,
    );
  }
  return `${lines.join('\n')}\n`;
}
