import {
  formatBounds,
  formatCount,
  formatDifference,
  formatPercent,
  formatPValue,
  formatSignificant,
} from '../../src/schema/format-number';
import type {
  Comparison,
  Distribution,
  Excluded,
  Policy,
  VariantSummary,
  VerdictKind,
} from '../../src/schema/verdict-document';
import { exclusionBreakdown, verdictLabel } from '../messages';
import { html, type SafeHtml } from './html-template';

const verdictCell = (verdict: VerdictKind): SafeHtml =>
  html`<td><span class="pill verdict-${verdict}">${verdictLabel(verdict)}</span></td>`;

/** Every candidate against the baseline, with its p-value adjusted across candidates. */
export function htmlComparisonsTable(comparisons: readonly Comparison[], metric: Policy['metric']): SafeHtml {
  const rows = comparisons.map(
    (
      c,
    ) => html`<tr><td>${c.candidate.variant}</td><td>${c.baseline.variant}</td><td class="num">${formatCount(c.paired.n)}</td>
<td class="num">${formatDifference(c.paired.difference.estimate, metric)}</td><td class="num">${formatBounds(c.paired.difference.lower, c.paired.difference.upper, metric)}</td>
<td class="num">${formatPValue(c.paired.test.pValue)}</td><td class="num">${formatPValue(c.adjustedPValue)}</td>${verdictCell(c.verdict)}</tr>`,
  );
  return html`<div class="scroll"><table>
<thead><tr><th>candidate</th><th>baseline</th><th>paired items</th><th>difference</th><th>interval</th><th>p</th><th>adjusted p</th><th>verdict</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

const rate = (value: number, metric: Policy['metric']): string =>
  metric === 'pass' ? formatPercent(value) : formatSignificant(value, 4);

/** The comparison per slice, with p-values adjusted over the slices of each field; every candidate's slices. */
export function htmlSlicesTable(comparisons: readonly Comparison[], metric: Policy['metric']): SafeHtml {
  const several = comparisons.length > 1;
  const slices = comparisons.flatMap((c) => c.slices.map((s) => ({ candidate: c.candidate.variant, s })));
  if (slices.length === 0) return html`<p class="muted">No slices (use <code>--by FIELD</code>).</p>`;
  const rows = slices.map(
    ({
      candidate,
      s,
    }) => html`<tr>${several ? html`<td>${candidate}</td>` : ''}<td>${s.field}</td><td>${s.value}</td><td class="num">${formatCount(s.paired.n)}</td>
<td class="num">${rate(s.paired.baselineRate, metric)}</td><td class="num">${rate(s.paired.candidateRate, metric)}</td>
<td class="num">${formatDifference(s.paired.difference.estimate, metric)}</td><td class="num">${formatBounds(s.paired.difference.lower, s.paired.difference.upper, metric)}</td>
<td class="num">${formatPValue(s.paired.test.pValue)}</td><td class="num">${formatPValue(s.adjustedPValue)}</td>${verdictCell(s.verdict)}</tr>`,
  );
  return html`<div class="scroll"><table>
<thead><tr>${several ? html`<th>candidate</th>` : ''}<th>field</th><th>value</th><th>paired items</th><th>baseline</th><th>candidate</th><th>difference</th><th>interval</th><th>p</th><th>adjusted p</th><th>verdict</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

const median = (d: Distribution | null, format: (x: number) => string): string =>
  d === null ? '' : `${format(d.median)} (p90 ${format(d.p90)})`;

/**
 * Every variant in the inputs on its own (not paired, over all its ok rows): pass rate with its interval (Wilson's,
 * clustered by item when an item has several samples), errors, latency, cost. Baseline first, then the candidates.
 */
export function htmlVariantsTable(variants: readonly VariantSummary[], excluded: Excluded): SafeHtml {
  const rows = variants.map((v) => {
    const dropped = Object.hasOwn(excluded.byVariant, v.variant) ? excluded.byVariant[v.variant] : undefined;
    return html`<tr><td>${v.variant}</td><td class="num">${formatCount(v.items)}</td><td class="num">${formatCount(v.n)}</td>
<td class="num">${formatCount(v.passes)}</td><td class="num">${formatPercent(v.rate)}</td><td class="num">${formatPercent(v.interval.lower)} to ${formatPercent(v.interval.upper)}${v.designEffect > 1 ? html`<small> (design effect ${v.designEffect.toFixed(2)})</small>` : ''}</td>
<td class="num">${v.meanScore === null ? '' : formatSignificant(v.meanScore, 4)}</td>
<td class="num">${formatCount(v.errors)}</td><td class="num">${formatCount(v.timeouts)}</td><td class="num">${formatCount(v.skipped)}</td>
<td class="num">${median(v.latencyMs, (x) => `${formatCount(Math.round(x))} ms`)}</td><td class="num">${median(v.costUsd, (x) => `$${formatSignificant(x, 3)}`)}</td>
<td>${dropped ? exclusionBreakdown(dropped) : 'none'}</td></tr>`;
  });
  return html`<div class="scroll"><table>
<caption>Each variant over all its ok rows (the paired comparison above is over the paired items only).</caption>
<thead><tr><th>variant</th><th>items</th><th>outcomes</th><th>passes</th><th>pass rate (all ok rows)</th><th>interval</th><th>mean score</th><th>errors</th><th>timeouts</th><th>skipped</th><th>latency median</th><th>cost median</th><th>excluded</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}
