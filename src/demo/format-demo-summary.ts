import {
  detectableSentence,
  excludedSummary,
  keyNumbersLine,
  reasonSentence,
  simulatedNotice,
  verdictHeadline,
  verdictStatusWord,
} from '../../reports/messages';
import type { RunSummary } from '../runner/types';
import { formatCount, formatDifference, formatPValue } from '../schema/format-number';
import type { DemoResult } from './run-demo';

/** The line `verdict demo` prints before it runs anything: the models are simulated, and what they are. */
export function demoIntroduction(items: number, outDir: string): string {
  return [
    'verdict demo: the two models here are SIMULATED (src/demo/simulated-model.ts), not real ones.',
    `model-v1 (baseline) and model-v2 (a cheaper, faster candidate) answer ${formatCount(items)} short questions ` +
      `(${formatCount(2 * items)} calls) through the real runner, into ${outDir}/ ...`,
  ].join('\n');
}

const plural = (count: number, noun: string): string => `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;

/** What the run did: cells run now or found from an earlier run, and how they ended. */
export function runLine(run: RunSummary): string {
  const seconds = (run.durationMs / 1000).toFixed(1);
  const ended = `${formatCount(run.ok)} ok, ${plural(run.error, 'error')}, ${plural(run.timeout, 'timeout')}`;
  if (run.executed === 0) {
    return `Nothing left to run: all ${formatCount(run.planned)} cells were stored by an earlier run (${ended}); re-analysed them. --fresh starts over.`;
  }
  const resumed = run.resumed > 0 ? ` (resumed: ${formatCount(run.resumed)} cells were already stored)` : '';
  return `Ran ${formatCount(run.executed)} of ${formatCount(run.planned)} cells in ${seconds} s${resumed}: ${ended}.`;
}

/**
 * The demo's closing summary: the verdict, the difference with its interval and p-value, what the eval
 * can detect, the categories, what was excluded, the simulation's true difference, and where the report is.
 */
export function formatDemoSummary(result: DemoResult): string {
  const { document: doc, truth, files } = result;
  const { paired, policy } = doc;
  const lines = [
    `${verdictStatusWord(doc.verdict)}: ${verdictHeadline(doc, policy)}`,
    `  ${keyNumbersLine(paired, policy.metric)}`,
    `  ${reasonSentence(doc, policy)}`,
    `  ${detectableSentence(doc.power, policy.metric)}`,
    `  ${excludedSummary(doc.excluded)}`,
  ];
  if (doc.slices.length > 0) {
    lines.push('  By category (p adjusted for the 5 categories):');
    for (const slice of [...doc.slices].sort((a, b) => a.paired.difference.estimate - b.paired.difference.estimate)) {
      const d = formatDifference(slice.paired.difference.estimate, 'pass').padStart(13);
      const p = `p = ${formatPValue(slice.adjustedPValue)}`.padEnd(12);
      lines.push(`    ${slice.value.padEnd(11)} ${d}   ${p} ${slice.verdict}`);
    }
  }
  const contains =
    truth.overall.difference >= paired.difference.lower && truth.overall.difference <= paired.difference.upper;
  lines.push(
    '',
    `Known only because the models are simulated: the true difference is ${formatDifference(truth.overall.difference, 'pass')}` +
      ` (dates ${formatDifference(truth.byCategory.dates.difference, 'pass')}, strings ${formatDifference(truth.byCategory.strings.difference, 'pass')}); ` +
      `the interval ${contains ? 'contains' : 'misses'} it.`,
    simulatedNotice(),
    `In CI the same comparison is a gate: verdict compare ${files.results} --baseline ${doc.baseline.variant} --candidate ${doc.candidate.variant}` +
      ` (exit 1 on a regression).`,
    `Report: ${files.html} (Markdown: ${files.markdown})`,
  );
  return `${lines.join('\n')}\n`;
}
