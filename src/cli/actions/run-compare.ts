import { DEFAULT_HTML_MAX_FLIPS, DEFAULT_MARKDOWN_MAX_FLIPS } from '../../../reports/flip-list-defaults';
import { compareListingFlips } from '../../analysis/compare';
import type { FlipListing } from '../../analysis/find-flips';
import { loadResults } from '../../analysis/load-results';
import type { PolicyOptions } from '../../analysis/policy';
import { InputError } from '../../schema/input-error';
import { PASS_TESTS, SCORE_TESTS } from '../../schema/policy-choices';
import { calibratedTruncation, type TruncationRecord } from '../../schema/stopping-policy';
import type { VerdictDocument } from '../../schema/verdict-document';
import { chooseVariants, variantNames } from '../choose-variants';
import { exitCodeFor } from '../exit-code-for';
import { formatCompareSummary } from '../format-compare-summary';
import { type FormatFlags, formatChoices } from '../format-options';
import { parseDesignFlags, parseNonNegative, parsePoints } from '../parse-options';
import type { ChartSvgWorker } from '../start-chart-svg-worker';
import { writeStderr, writeStdout, writeStdoutPiece } from '../terminal-output';
import { writeOutputFile } from '../write-output-file';

/** The flags as commander hands them over (parsed by the option parsers). */
export interface CompareFlags extends FormatFlags {
  readonly baseline?: string;
  readonly candidate?: string[];
  readonly metric: PolicyOptions['metric'];
  readonly alpha: number;
  /** As typed: points for --metric pass, score units for --metric score (converted in `toPolicy`). */
  readonly margin?: string;
  readonly detect?: string;
  readonly maxMissing: number;
  readonly missingAlpha: number;
  readonly errors: PolicyOptions['errors'];
  readonly allowIncomplete?: boolean;
  readonly test?: PolicyOptions['test'];
  readonly interval?: PolicyOptions['interval'];
  readonly by?: string[];
  readonly cluster?: string;
  readonly correction: PolicyOptions['correction'];
  readonly require: PolicyOptions['require'];
  readonly seed: number;
  readonly resamples: number;
  /** Flipped items listed per direction in the HTML and Markdown reports. */
  readonly flips?: number;
  readonly html?: string;
  readonly md?: string;
  readonly junit?: string;
  readonly json?: string;
  readonly jsonStdout?: boolean;
  readonly sequential?: boolean;
  readonly designDifference?: string;
  readonly designDiscordance?: string;
  readonly designCalibrated?: boolean;
  readonly designPower?: string;
}

/**
 * `verdict compare`'s action: load the results, compare, write the reports asked for, print the summary and set
 * the exit code. Each renderer is loaded only when its report is asked for (the HTML one brings vega).
 */
export async function runCompare(files: readonly string[], flags: CompareFlags, command: string): Promise<void> {
  const design = sequentialDesignOption(flags);
  const policy = toPolicy(flags);
  // Only the fields the comparison slices and clusters by are kept per row (records shown whole are re-read).
  const fields = [...(policy.by ?? []), ...(policy.cluster ? [policy.cluster] : [])];
  // With --html the charts' worker starts now, so that loading vega overlaps reading and comparing.
  const charts = flags.html === undefined ? null : (await import('../start-chart-svg-worker')).takeChartSvgWorker();
  try {
    await compareAndReport(files, flags, command, { policy, design, fields, charts });
  } finally {
    await charts?.close();
  }
}

async function compareAndReport(
  files: readonly string[],
  flags: CompareFlags,
  command: string,
  {
    policy,
    design,
    fields,
    charts,
  }: {
    policy: PolicyOptions;
    design: ReturnType<typeof sequentialDesignOption>;
    fields: string[];
    charts: ChartSvgWorker | null;
  },
): Promise<void> {
  const results = await loadResults(files, { ...formatChoices(flags), fields });
  const chosen = chooseVariants(variantNames(results), {
    baseline: flags.baseline,
    candidates: flags.candidate ?? [],
  });
  if (chosen.note) writeStderr(`verdict: ${chosen.note}\n`);
  const smallMargin = unitNote(flags);
  if (smallMargin) writeStderr(`verdict: note: ${smallMargin}\n`);
  // The document lists the flips the HTML and Markdown reports show (--flips); the JSON one lists every flip,
  // written from the listings as they are described, never all held (issue 14).
  const { doc, flipListings } = compareListingFlips(results, policy, {
    baseline: chosen.baseline,
    candidates: chosen.candidates,
    command,
    flipLimit: Math.max(
      flags.html === undefined ? 0 : (flags.flips ?? DEFAULT_HTML_MAX_FLIPS),
      flags.md === undefined ? 0 : (flags.flips ?? DEFAULT_MARKDOWN_MAX_FLIPS),
    ),
    ...design,
  });
  const written = await writeReports(doc, flipListings, flags, charts);
  const summary = formatCompareSummary(doc) + written.map((file) => `Wrote ${file}\n`).join('');
  if (flags.jsonStdout) {
    writeStderr(summary);
    const { jsonReportChunks } = await import('../../../reports/json/render-json-report');
    for (const chunk of jsonReportChunks(doc, { everyFlip: flipListings })) {
      if (process.stdout.destroyed) break; // its reader closed it (`| head`): no one reads the rest
      await writeStdoutPiece(chunk);
    }
  } else writeStdout(summary);
  process.exitCode = exitCodeFor(doc);
}

/**
 * `--design-difference` and `--design-discordance` (points) as the proportions of `compare`'s sequentialDesign;
 * with `--design-calibrated`, its calibrated truncated design planned at `--alpha` (the run's rule,
 * resolveStoppingPolicy's plan).
 */
function sequentialDesignOption(flags: CompareFlags): {
  sequentialDesign?: { difference: number; discordance: number; truncation?: TruncationRecord };
} {
  const design = parseDesignFlags(flags);
  if (design === undefined) return {};
  const proportions = { difference: design.difference / 100, discordance: design.discordance / 100 };
  if (!design.calibrated) return { sequentialDesign: proportions };
  return { sequentialDesign: { ...proportions, truncation: calibratedTruncation(design, flags.alpha) } };
}

function toPolicy(flags: CompareFlags): PolicyOptions {
  const tests: readonly string[] = flags.metric === 'score' ? SCORE_TESTS : PASS_TESTS;
  if (flags.test !== undefined && !tests.includes(flags.test)) {
    throw new InputError(`${flags.test} does not apply to --metric ${flags.metric}; use ${tests.join(', ')}`, {
      field: '--test',
    });
  }
  if (flags.interval !== undefined && flags.metric === 'score') {
    throw new InputError('a further interval applies to --metric pass with one sample per item', {
      field: '--interval',
    });
  }
  const difference = (flag: string, raw: string) =>
    flags.metric === 'pass' ? parsePoints(flag)(raw) : parseNonNegative(flag)(raw);
  const detect =
    flags.detect === undefined
      ? undefined
      : flags.detect.trim().toLowerCase() === 'none'
        ? null
        : difference('--detect', flags.detect);
  if (detect === 0)
    throw new InputError('expected a size above 0, or "none" to skip the check, got "0"', { field: '--detect' });
  return {
    analysis: flags.sequential ? 'sequential' : 'fixed-n',
    metric: flags.metric,
    alpha: flags.alpha,
    ...(flags.margin === undefined ? {} : { margin: difference('--margin', flags.margin) }),
    ...(detect === undefined ? {} : { detectableEffect: detect }),
    maxMissing: flags.maxMissing,
    missingAlpha: flags.missingAlpha,
    errors: flags.errors,
    allowIncomplete: flags.allowIncomplete ?? false,
    ...(flags.test === undefined ? {} : { test: flags.test }),
    ...(flags.interval === undefined ? {} : { interval: flags.interval }),
    correction: flags.correction,
    require: flags.require,
    seed: flags.seed,
    bootstrapResamples: flags.resamples,
    by: flags.by ?? [],
    cluster: flags.cluster ?? null,
  };
}

/**
 * A margin under half a point for --metric pass is almost always a proportion typed by habit (0.02 meaning
 * 2 points): it is read as points, as documented, and the note says how to write what was likely meant.
 */
function unitNote(flags: CompareFlags): string | null {
  if (flags.metric !== 'pass') return null;
  for (const [flag, raw] of [
    ['--margin', flags.margin],
    ['--detect', flags.detect],
  ] as const) {
    const value = raw === undefined ? Number.NaN : Number(raw);
    if (value > 0 && value < 0.5) {
      return `${flag} ${raw} is read in percentage points (${raw} points); for ${value * 100} points write ${flag} ${value * 100}`;
    }
  }
  return null;
}

async function writeReports(
  doc: VerdictDocument,
  flipListings: readonly FlipListing[],
  flags: CompareFlags,
  charts: ChartSvgWorker | null,
): Promise<string[]> {
  const maxFlips = flags.flips === undefined ? {} : { maxFlips: flags.flips };
  const outputs: [string | undefined, () => Promise<string | Iterable<string | Uint8Array>>][] = [
    [
      flags.json,
      async () =>
        // writeOutputFile's writeFile writes each piece before it asks for the next: one buffer serves them all.
        (await import('../../../reports/json/render-json-report')).jsonReportBytes(doc, {
          everyFlip: flipListings,
          reusePieces: true,
        }),
    ],
    [
      flags.md,
      async () =>
        (await import('../../../reports/markdown/render-markdown-report')).renderMarkdownReport(doc, maxFlips),
    ],
    [flags.junit, async () => (await import('../../../reports/junit/render-junit-report')).renderJUnitReport(doc)],
    [
      flags.html,
      async () =>
        (await import('../../../reports/html/render-html-report')).renderHtmlReport(doc, {
          ...maxFlips,
          ...(charts === null ? {} : { renderChartSvg: charts.render }),
        }),
    ],
  ];
  const written: string[] = [];
  for (const [file, render] of outputs) {
    if (file === undefined) continue;
    await writeOutputFile(file, await render());
    written.push(file);
  }
  return written;
}
