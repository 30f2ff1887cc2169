import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderHtmlReport, renderMarkdownReport } from '../../reports/index';
import { compare } from '../analysis/compare';
import { loadResults } from '../analysis/load-results';
import { runExperiment } from '../runner/run-experiment';
import type { RunProgress, RunSummary } from '../runner/types';
import type { Experiment } from '../schema/experiment-definition';
import { InputError } from '../schema/input-error';
import type { VerdictDocument } from '../schema/verdict-document';
import { configHash } from '../store/config-hash';
import { readManifest } from '../store/manifest';
import { loadDemoData } from './demo-data-files';
import { demoExperiment } from './demo-experiment';
import { DEMO_CATEGORIES } from './demo-tasks';
import { DEMO_ITEMS_PER_CATEGORY, type DemoData, demoTruth } from './generate-demo-data';

/** Where `verdict demo` writes its run and reports. */
export { DEFAULT_DEMO_OUT_DIR } from './default-demo-out-dir';

import { DEFAULT_DEMO_OUT_DIR } from './default-demo-out-dir';

export interface DemoOptions {
  /** Run directory. @default DEFAULT_DEMO_OUT_DIR */
  readonly outDir?: string;
  /** Start over instead of resuming the run already in `outDir`. @default false */
  readonly fresh?: boolean;
  /** Run on the first `items / 5` items of each category only (a quicker look). @default every item */
  readonly items?: number;
  readonly signal?: AbortSignal;
  /** Progress of the run, as `runExperiment` reports it. */
  readonly onProgress?: (progress: RunProgress) => void;
  /** The command line recorded in the manifest and the report. @default process.argv */
  readonly command?: readonly string[];
}

export interface DemoResult {
  readonly document: VerdictDocument;
  readonly run: RunSummary;
  /** The true pass rates of the simulated models on the items run (known only because they are simulated). */
  readonly truth: DemoData['truth'];
  /** Where the demo items came from. */
  readonly itemsSource: string;
  readonly files: {
    readonly results: string;
    readonly manifest: string;
    readonly html: string;
    readonly markdown: string;
  };
}

/**
 * verdict's built-in demo, end to end: the demo experiment (two simulated model versions on the demo
 * items, src/demo/demo-experiment.ts) through the real runner into `outDir`, resuming what is already
 * there unless `fresh`; then the paired comparison of the candidate with the baseline, sliced by
 * category, marked `simulated`; then the HTML and Markdown reports beside the results.
 *
 * @throws {InputError} when `outDir` holds a run of another experiment, a demo run of other items or of
 *   another build of verdict (without `fresh`), or is locked by a running process.
 * @throws {DOMException} `AbortError` when `signal` aborts: the cells stored so far stay, to be resumed.
 * @example const { document, files } = await runDemo({ outDir: 'runs/demo' }); document.verdict // 'regressed'
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const { outDir = DEFAULT_DEMO_OUT_DIR, fresh = false, items, signal, onProgress, command } = options;
  const loaded = await loadDemoData();
  const data = items === undefined ? loaded.data : firstItems(loaded.data, items);
  const [baseline, candidate] = data.models;
  const experiment = demoExperiment(data);
  checkDemoDirectory(outDir, experiment, fresh);
  await mkdir(outDir, { recursive: true });
  const run = await runExperiment(experiment, {
    outDir,
    ...(fresh ? { force: true } : { resume: true }),
    ...(signal === undefined ? {} : { signal }),
    ...(onProgress === undefined ? {} : { onProgress }),
    ...(command === undefined ? {} : { command }),
  });
  signal?.throwIfAborted(); // interrupted: what was stored stays, to be resumed; no verdict on part of a run
  const results = await loadResults([outDir]);
  const document = compare(
    results,
    { by: ['tags.category'] },
    {
      baseline: baseline.name,
      candidates: [candidate.name],
      simulated: true,
      command: (command ?? ['verdict', 'demo']).join(' '),
    },
  );
  const files = {
    results: join(outDir, 'results.jsonl'),
    manifest: join(outDir, 'manifest.json'),
    html: join(outDir, 'report.html'),
    markdown: join(outDir, 'report.md'),
  };
  await writeFile(files.html, await renderHtmlReport(document));
  await writeFile(files.markdown, await renderMarkdownReport(document));
  return { document, run, truth: data.truth, itemsSource: loaded.source, files };
}

/**
 * Refuse to touch a run that is not the demo's (`fresh` would delete it), and say how to start over when
 * the directory holds a demo run of other items (another `items` count), in the demo's own terms.
 */
function checkDemoDirectory(outDir: string, experiment: Experiment, fresh: boolean): void {
  const manifest = readManifest(outDir);
  if (manifest === undefined) return;
  if (manifest.name !== experiment.name) {
    throw new InputError(
      `holds a run of experiment ${JSON.stringify(manifest.name)}, not the demo; choose another --out directory`,
      { file: outDir },
    );
  }
  if (!fresh && manifest.configHash !== configHash(experiment, experiment.seed ?? 0)) {
    // The hash covers the simulated models' code by its source text, which differs between builds of verdict (the
    // installed bin's bundle and the sources run by tsx write the same functions differently): with as many items
    // as asked, the difference is the build, not the items.
    const why =
      manifest.plan?.items === experiment.items.length
        ? 'holds a demo run made by another build of verdict (its simulated models differ: the sources and the installed bin, or another version)'
        : `holds a demo run of other items (${manifest.plan?.items ?? 'another number of'} items, not ${experiment.items.length}: another --items?)`;
    throw new InputError(`${why}; start over with --fresh`, { file: outDir });
  }
}

/** How many items the demo runs when asked for `count` (the same number from each category). */
export function demoItemCount(count?: number): number {
  const perCategory = count === undefined ? DEMO_ITEMS_PER_CATEGORY : Math.ceil(count / DEMO_CATEGORIES.length);
  return perCategory * DEMO_CATEGORIES.length;
}

/** The demo data cut to `count` items, the same number from each category (the first ones). */
function firstItems(data: DemoData, count: number): DemoData {
  if (!Number.isInteger(count) || count < DEMO_CATEGORIES.length) {
    throw new RangeError(`runDemo: \`items\` must be an integer of at least ${DEMO_CATEGORIES.length}, got ${count}`);
  }
  const perCategory = demoItemCount(count) / DEMO_CATEGORIES.length;
  const kept = DEMO_CATEGORIES.flatMap((category) =>
    data.items.filter((item) => item.tags.category === category).slice(0, perCategory),
  );
  return { ...data, items: kept, truth: demoTruth(kept, ...data.models) };
}
