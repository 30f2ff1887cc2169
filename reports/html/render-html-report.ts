import type { TopLevelSpec } from 'vega-lite';
import { parseVerdictDocument } from '../../src/schema/parse-verdict-document';
import type { VerdictDocument } from '../../src/schema/verdict-document';
import { reportCharts } from '../charts/report-charts';
import { DEFAULT_HTML_MAX_FLIPS } from '../flip-list-defaults';
import { decisiveComparison, verdictHeadline, verdictLabel } from '../messages';
import { comparisonsTable, slicesTable, variantsTable } from '../tables/verdict-tables';
import { contentSecurityPolicy } from './content-security-policy';
import { CHART_SPECS_ELEMENT_ID, EMBED_CHARTS_SCRIPT } from './embed-charts-script';
import { htmlFlipTables } from './html-flip-tables';
import { htmlMethods, htmlProvenance } from './html-methods';
import { HTML_STYLES } from './html-styles';
import { htmlSummary } from './html-summary';
import { htmlTable } from './html-table';
import { html, trustedHtml } from './html-template';
import { jsonForScript } from './json-for-script';
import { renderChartSvg } from './render-chart-svg';
import { readVegaBundles } from './vega-bundles';

/** Options of {@link renderHtmlReport}. */
export interface RenderHtmlReportOptions {
  /** The page title. @default 'verdict: <verdict>: <candidate> vs <baseline>' (of the decisive comparison) */
  readonly title?: string;
  /** Most flipped items listed in each direction (0 lists none; the counts are always shown). @default 50 */
  readonly maxFlips?: number;
  /** Longest model output or scorer's reason held per flipped item, in characters; the rest is cut with a note. @default 2000 */
  readonly maxOutputChars?: number;
  /** Longest input or expected answer held per flipped item, in characters. @default 8192 */
  readonly maxItemChars?: number;
  /**
   * Renders one chart's spec to SVG. `verdict compare --html` passes one that runs in a worker thread started before
   * the comparison, so that loading vega overlaps it (the same `renderChartSvg` there, the same SVG).
   * @default renderChartSvg (vega in this thread)
   */
  readonly renderChartSvg?: (spec: TopLevelSpec) => Promise<string>;
}

/** Default {@link RenderHtmlReportOptions.maxOutputChars}. */
export const DEFAULT_MAX_OUTPUT_CHARS = 2000;
/** Default {@link RenderHtmlReportOptions.maxItemChars}: what `verdict run` stores of an item inline. */
export const DEFAULT_MAX_ITEM_CHARS = 8192;

/**
 * The self-contained HTML report of a Verdict document: one file that makes no network request when opened
 * (vega, vega-lite and vega-embed inlined, a Content-Security-Policy that forbids loading anything), readable
 * without JavaScript (each chart is also rendered on the server to SVG, which vega-embed replaces with the
 * interactive chart when scripts run). Every string from the data is HTML-escaped; the specs travel as JSON in a
 * non-executable script element. Its size does not grow with the number of items: the document is aggregated,
 * at most `maxFlips` flips are listed per direction, and their texts are cut at `maxOutputChars` and `maxItemChars`.
 * @throws {ZodError} if `doc` is not a valid Verdict document
 * @throws {RangeError} if `maxFlips`, `maxOutputChars` or `maxItemChars` is not a whole number (maxFlips >= 0, the others >= 1)
 * @example await writeFile('report.html', await renderHtmlReport(doc))
 */
export async function renderHtmlReport(doc: VerdictDocument, options: RenderHtmlReportOptions = {}): Promise<string> {
  const valid = parseVerdictDocument(doc);
  const {
    maxFlips = DEFAULT_HTML_MAX_FLIPS,
    maxOutputChars = DEFAULT_MAX_OUTPUT_CHARS,
    maxItemChars = DEFAULT_MAX_ITEM_CHARS,
  } = options;
  checkCount('maxFlips', maxFlips, 0);
  checkCount('maxOutputChars', maxOutputChars, 1);
  checkCount('maxItemChars', maxItemChars, 1);
  const decisive = decisiveComparison(valid);
  const title =
    options.title ??
    `verdict: ${verdictLabel(valid.verdict)}: ${decisive.candidate.variant} vs ${decisive.baseline.variant}`;
  const charts = reportCharts(valid);
  // The charts are asked for first and the rest of the page is built while they render: `compare --html` renders
  // them in a worker thread, which took about as long as the comparison on a small file while this thread waited
  // (BENCHMARKS.md "CLI start-up (issue 14): branch issue-14-startup5"). The page is the same.
  const rendering = Promise.all(charts.map((c) => (options.renderChartSvg ?? renderChartSvg)(c.spec)));
  // Awaited below; marked handled so that a throw before then does not also end the process as an unhandled rejection.
  rendering.catch(() => undefined);
  const bundles = await readVegaBundles();
  const specs = Object.fromEntries(charts.map((c) => [c.id, c.spec]));
  const scripts = [bundles.vega, bundles.vegaLite, bundles.vegaEmbed, EMBED_CHARTS_SCRIPT];
  const metric = valid.policy.metric;
  const limits = { maxOutputChars, maxItemChars };
  const slices = slicesTable(valid.comparisons, metric);
  const head = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(scripts)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="${verdictHeadline(decisive, valid.policy)}">
<title>${title}</title>
<style>${trustedHtml(HTML_STYLES)}</style>
</head>
<body>
${htmlSummary(valid)}
<main>
${valid.comparisons.length > 1 ? html`<h2 id="comparisons">Comparisons</h2>${htmlTable(comparisonsTable(valid.comparisons, metric), limits)}` : ''}
<h2 id="charts">Charts</h2>
<div class="charts">
`;
  const tail = html`
</div>
<h2 id="flips">Flipped items</h2>
${htmlFlipTables(valid.comparisons, maxFlips, limits)}
<h2 id="slices">Slices</h2>
${slices.rows.length === 0 ? html`<p class="muted">No slices (use <code>--by FIELD</code>).</p>` : htmlTable(slices, limits)}
<h2 id="variants">Variants</h2>
${htmlTable(variantsTable(valid.variants, valid.excluded), limits)}
<h2 id="methods">Methods</h2>
${htmlMethods(valid)}
<h2 id="provenance">Provenance</h2>
${htmlProvenance(valid, limits)}
</main>
<script type="application/json" id="${CHART_SPECS_ELEMENT_ID}">${trustedHtml(jsonForScript(specs))}</script>
${scripts.map((source) => html`<script>${trustedHtml(source)}</script>\n`)}
</body>
</html>
`;
  const svgs = await rendering;
  const page = html`${head}${charts.map(
    (c, i) => html`<figure id="chart-${c.id}" data-chart="${c.id}">
<div class="chart-static">${trustedHtml(svgs[i]!)}</div><div class="chart-live"></div>
<figcaption>${c.caption}</figcaption>
</figure>`,
  )}${tail}`;
  return page.value;
}

function checkCount(name: string, value: number, least: number): void {
  if (!Number.isInteger(value) || value < least)
    throw new RangeError(`renderHtmlReport: \`${name}\` must be an integer >= ${least}, got ${value}`);
}
