/**
 * Report size and speed (issue 6, item 5): renderHtmlReport on the Verdict document of N items x 2 variants
 * (one million in full mode). The document is built once (loadResults + compare, untimed); rendering is timed
 * over several runs. The report must stay small however many items there are: it aggregates, and lists flips up
 * to a cap (DEFAULT_FLIP_LIMIT per direction) with a count of the rest.
 */

import { renderHtmlReport, renderJsonReport } from '../../reports/index';
import { compare } from '../../src/analysis/compare';
import { loadResults } from '../../src/analysis/load-results';
import { derived, measured } from '../harness/figures';
import { syntheticFile } from '../harness/synthetic-file';
import type { BenchMode, Scenario, ScenarioContext, ScenarioOutcome } from '../harness/types';

const SIZES: Record<BenchMode, { items: number; runs: number }> = {
  smoke: { items: 500, runs: 1 },
  quick: { items: 100_000, runs: 5 },
  full: { items: 1_000_000, runs: 7 },
};
/** "Small": a report mailed or attached to a CI run. The inlined vega bundles alone are about 0.9 MB. */
const SIZE_GOAL_MB = 2;

async function run({ mode, tmpDir, log }: ScenarioContext): Promise<ScenarioOutcome> {
  const { items, runs } = SIZES[mode];
  log(`report: building the Verdict document of ${items} items`);
  const { file } = syntheticFile(tmpDir, items);
  const doc = compare(await loadResults([file]), { by: ['tags.category'] }, { baseline: 'A', candidates: ['B'] });
  const times: number[] = [];
  let html = '';
  await renderHtmlReport(doc); // warm-up: the first call reads the vega bundles from node_modules
  for (let r = 0; r < runs; r++) {
    log(`report: rendering HTML, run ${r + 1}/${runs}`);
    const started = performance.now();
    html = await renderHtmlReport(doc);
    times.push(performance.now() - started);
  }
  const flipsListed = doc.flips.passToFail.length + doc.flips.failToPass.length;
  return {
    parameters: { items, variants: 2, slices: 'tags.category (8 values)' },
    figures: [
      measured('renderHtmlReport: time', 'ms', times),
      derived('HTML report size', 'MB', Buffer.byteLength(html) / 1e6, {
        text: `<= ${SIZE_GOAL_MB} MB`,
        met: (v) => v <= SIZE_GOAL_MB,
      }),
      derived('JSON report (Verdict document) size', 'MB', Buffer.byteLength(renderJsonReport(doc)) / 1e6),
      derived('flips listed in the report (the rest counted)', 'items', flipsListed),
    ],
    notes: [],
  };
}

export const reportHtml: Scenario = { name: 'report-html', title: 'HTML report at scale', run };
