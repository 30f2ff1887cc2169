import { formatConfidence, formatCount, formatPercent, formatSignificant } from '../../reports/index';
import type { ResultsSummary } from '../analysis/summarise-results';
import { alignColumns } from './align-columns';

/**
 * The terminal output of `verdict summary`: one row per variant (items, samples, passes, pass rate over all ok
 * rows with its interval: Wilson's, at the effective sample size of samples clustered by item where an item has
 * several, with the design effect; errors, timeouts, skipped; mean score, median latency and total cost when the
 * results have them), then pass@k and pass^k per variant with several samples per item.
 */
export function formatResultsSummary({ variants, passAtK, duplicates }: ResultsSummary): string {
  const confidence = variants[0]?.interval.confidence ?? 0.95;
  const hasScore = variants.some((v) => v.meanScore !== null);
  const hasLatency = variants.some((v) => v.latencyMs !== null);
  const hasCost = variants.some((v) => v.costUsd !== null);
  const clustered = variants.some((v) => v.designEffect > 1);
  const header = [
    'variant',
    'items',
    'n',
    'passes',
    'pass rate',
    `${formatConfidence(confidence)} ${clustered ? 'CI (samples clustered by item)' : 'Wilson CI'}`,
    ...(clustered ? ['design effect'] : []),
    'errors',
    'timeouts',
    'skipped',
  ];
  if (hasScore) header.push('mean score');
  if (hasLatency) header.push('median latency');
  if (hasCost) header.push('total cost');
  const rows = variants.map((v) => {
    const row = [
      v.variant,
      formatCount(v.items),
      formatCount(v.n),
      formatCount(v.passes),
      v.n > 0 ? formatPercent(v.rate) : '-',
      v.n > 0 ? `${formatPercent(v.interval.lower)} to ${formatPercent(v.interval.upper)}` : '-',
      ...(clustered ? [v.designEffect.toFixed(2)] : []),
      formatCount(v.errors),
      formatCount(v.timeouts),
      formatCount(v.skipped),
    ];
    if (hasScore) row.push(v.meanScore === null ? '-' : formatSignificant(v.meanScore, 4));
    if (hasLatency) row.push(v.latencyMs === null ? '-' : `${formatSignificant(v.latencyMs.median, 3)} ms`);
    if (hasCost) row.push(v.costUsd === null ? '-' : `$${formatSignificant(v.costUsd.total, 3)}`);
    return row;
  });
  const lines = alignColumns([header, ...rows]);
  const replaced = Object.entries(duplicates).filter(([, count]) => count > 0);
  if (replaced.length > 0) {
    lines.push(
      '',
      `Replaced by a later row of the same cell (not counted): ${replaced.map(([v, c]) => `${v} ${c}`).join(', ')}`,
    );
  }
  for (const variant of new Set(passAtK.map((point) => point.variant))) {
    const points = passAtK.filter((point) => point.variant === variant);
    lines.push(
      '',
      `pass@k and pass^k of ${variant} (${Math.round(confidence * 100)}% bootstrap intervals over items):`,
    );
    const table = points.map((p) => [
      `  k = ${p.k}`,
      formatPercent(p.passAtK),
      `${formatPercent(p.passAtKLower)} to ${formatPercent(p.passAtKUpper)}`,
      formatPercent(p.passHatK),
      `${formatPercent(p.passHatKLower)} to ${formatPercent(p.passHatKUpper)}`,
    ]);
    lines.push(...alignColumns([['', 'pass@k', 'interval', 'pass^k', 'interval'], ...table]));
  }
  return `${lines.join('\n')}\n`;
}
