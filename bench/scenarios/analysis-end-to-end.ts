/**
 * Analysis end to end (issue 6, item 3): `verdict compare` on a synthetic results file of N items x 2 variants
 * (JSON Lines, with tags and a status mix), per tag slice, writing the JSON and HTML reports, as a user runs
 * it: a fresh process of the bundled CLI, timed from spawn to exit, its peak RSS from getrusage. Side by side in
 * the same run (alternating), bench/python/compare.py does the same job in pandas and statsmodels; the two
 * must agree on the discordant counts, or the comparison is void.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { bundleScript } from '../harness/bundle-script';
import { derived, measured, pairedRatio } from '../harness/figures';
import { findPython } from '../harness/find-python';
import { projectPath } from '../harness/project-path';
import { runChild, runNodeChild } from '../harness/run-child';
import { compareArgs, syntheticFile } from '../harness/synthetic-file';
import type { BenchMode, Figure, Scenario, ScenarioContext, ScenarioOutcome } from '../harness/types';

const SIZES: Record<BenchMode, { items: number; runs: number }> = {
  smoke: { items: 500, runs: 1 },
  quick: { items: 100_000, runs: 3 },
  full: { items: 1_000_000, runs: 3 },
};
const CLI = projectPath('src', 'cli', 'main.ts');
const PYTHON_SCRIPT = projectPath('bench', 'python', 'compare.py');
const MB = 1e6;

interface DiscordantCounts {
  readonly n10: number;
  readonly n01: number;
}

async function run({ mode, tmpDir, log }: ScenarioContext): Promise<ScenarioOutcome> {
  const { items, runs } = SIZES[mode];
  log(`analysis: generating ${items} items x 2 variants`);
  const generated = syntheticFile(tmpDir, items);
  const data = generated.file;
  const cli = await bundleScript(CLI, tmpDir);
  const python = await findPython();
  const notes: string[] = [];
  if (!python.found) notes.push(`Python comparison skipped: ${python.reason}.`);

  const out = (name: string) => join(tmpDir, name);
  const verdictArgs = [...compareArgs(data, out('verdict.json')), '--html', out('verdict.html')];
  const verdictWall: number[] = [];
  const verdictRss: number[] = [];
  const pythonWall: number[] = [];
  const pythonRss: number[] = [];
  let pythonCounts: DiscordantCounts | undefined;
  for (let r = 0; r < runs; r++) {
    log(`analysis: verdict compare on ${items} items, run ${r + 1}/${runs}`);
    // Exit 1 is the verdict "regressed" (the synthetic candidate is a point worse), 4 "incomplete" (its status
    // mix), not a failure of the run.
    const verdictRun = await runNodeChild([cli], verdictArgs, { tmpDir, okCodes: [0, 1, 3, 4] });
    verdictWall.push(verdictRun.wallMs);
    verdictRss.push(verdictRun.peakRssBytes / MB);
    if (python.found) {
      log(`analysis: pandas + statsmodels on ${items} items, run ${r + 1}/${runs}`);
      const pythonRun = await runChild(python.stack.python, [PYTHON_SCRIPT, data, out('python.json')]);
      const reported = JSON.parse(pythonRun.stdout.trim().split('\n').at(-1)!) as DiscordantCounts & {
        peakRssBytes: number;
      };
      pythonWall.push(pythonRun.wallMs);
      pythonRss.push(reported.peakRssBytes / MB);
      pythonCounts = reported;
    }
  }
  const verdictCounts = (JSON.parse(readFileSync(out('verdict.json'), 'utf8')) as { paired: DiscordantCounts }).paired;

  const figures: Figure[] = [
    measured('verdict compare: wall time (JSON + HTML written)', 'ms', verdictWall),
    measured('verdict compare: peak RSS', 'MB', verdictRss),
    derived('input file size', 'MB', generated.bytes / MB),
    derived('HTML report size', 'kB', statSync(out('verdict.html')).size / 1e3),
    derived('JSON report size', 'kB', statSync(out('verdict.json')).size / 1e3),
  ];
  if (python.found && pythonCounts !== undefined) {
    if (pythonCounts.n10 !== verdictCounts.n10 || pythonCounts.n01 !== verdictCounts.n01)
      throw new Error(
        `verdict and pandas disagree on the discordant pairs: ${JSON.stringify(verdictCounts)} vs ${JSON.stringify(pythonCounts)}`,
      );
    figures.push(
      measured('pandas + statsmodels: wall time (JSON written)', 'ms', pythonWall),
      measured('pandas + statsmodels: peak RSS', 'MB', pythonRss),
      derived('speed-up: Python wall / verdict wall (paired runs)', 'x', pairedRatio(pythonWall, verdictWall), {
        text: '> 1 (verdict faster)',
        met: (v) => v > 1,
      }),
      derived('memory: Python peak RSS / verdict peak RSS', 'x', pairedRatio(pythonRss, verdictRss)),
    );
    notes.push(
      `Both found the same discordant pairs (n10 = ${verdictCounts.n10}, n01 = ${verdictCounts.n01}). verdict does more in its time: per-row schema validation with line numbers, every variant's summary, power and detectable difference, flips, slice intervals, provenance hashes, and the HTML report; the Python script writes JSON only.`,
    );
  }
  return {
    parameters: {
      items,
      variants: 2,
      rows: generated.rows,
      statusMix: 'error 1%, timeout 0.5%, skipped 0.2%',
      slices: 'tags.category (8 values)',
      command: `verdict ${verdictArgs.join(' ').replaceAll(tmpDir, '<tmp>')}`,
      ...(python.found ? { python: python.stack.versions } : {}),
    },
    figures,
    notes,
  };
}

export const analysisEndToEnd: Scenario = { name: 'analysis-end-to-end', title: 'Analysis end to end', run };
