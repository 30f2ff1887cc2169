import { formatCount, formatPercent } from '../../reports/index';
import type { RunProgress } from '../runner/types';
import { neutraliseTerminalControls } from '../schema/terminal-controls';
import { formatDuration } from './format-duration';
import { cutToColumns, terminalWidth } from './terminal-width';

/** How often a non-terminal stream gets a plain progress line. @default 5000 */
export const DEFAULT_PROGRESS_INTERVAL_MS = 5000;
/** How often a terminal's progress bar is redrawn at most. */
const REDRAW_MS = 100;
/** A short bar: the share is in the line too, and an 80-column terminal needs the room for the counts. */
const BAR_WIDTH = 10;
/** Width of a terminal that does not say, and of the plain lines written to a log. */
const DEFAULT_COLUMNS = 80;
const LINE_PREFIX = 'progress: ';

/** Options of {@link createProgressDisplay}. */
export interface ProgressDisplayOptions {
  /** @default process.stderr */
  readonly stream?: NodeJS.WritableStream & { readonly isTTY?: boolean };
  /** A bar redrawn in place (terminal) or a plain line every `intervalMs` (logs, CI). @default stream.isTTY */
  readonly mode?: 'bar' | 'lines' | 'off';
  /** @default DEFAULT_PROGRESS_INTERVAL_MS */
  readonly intervalMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** Columns the line may take, read at each redraw. @default the terminal's width (`stream.columns`), else 80 */
  readonly columns?: () => number;
}

/** A progress display fed by `runExperiment`'s `onProgress`. */
export interface ProgressDisplay {
  readonly update: (progress: RunProgress) => void;
  /** Draw the final state and leave the line (a terminal's bar ends with a newline); later calls do nothing. */
  readonly finish: () => void;
}

/** Options of {@link progressLine}. */
export interface ProgressLineOptions {
  /** Terminal columns the line may take. @default 80 */
  readonly columns?: number;
}

/** Longest variant name the pass rates show, in columns (the rest is cut with an ellipsis). */
const MAX_NAME_COLUMNS = 16;
const SEPARATOR = ' | ';

/**
 * One line of progress that fits in `columns` whatever the counts and names: done/total with the share, the
 * errors and timeouts, the ETA, the rate, the cost so far (when the targets report one) and each variant's pass
 * rate so far, as many variants as fit. A narrower line gives up, in this order: pass rates, the long forms of
 * the rate (`/s`) and of the failures (`err 30 t/o 4`), the rate, the cost, the share, the ETA and the failures;
 * below about 12 columns even done/total is cut. Variant names are the data's: terminal controls are
 * neutralised and wide characters count as two columns.
 *
 * @example progressLine(p) // '1,234/4,000 30.9% | error 30 timeout 4 | ETA 53.1 s | 52.1 cells/s | $1.20 | pass A 71.2% B 74.0%'
 * @example progressLine(p, { columns: 40 }) // '1,234/4,000 30.9% | err 30 t/o 4 | ETA 53.1 s'
 */
export function progressLine(progress: RunProgress, { columns = DEFAULT_COLUMNS }: ProgressLineOptions = {}): string {
  const { planned, completed, executed, toExecute, elapsedMs, error, timeout, skipped } = progress;
  const perSecond = elapsedMs > 0 ? (executed * 1000) / elapsedMs : 0;
  const eta = perSecond > 0 ? formatDuration(((toExecute - executed) / perSecond) * 1000) : '?';
  const share = planned === 0 ? 1 : completed / planned;
  const cost = progress.costUsd ?? 0;
  const done = `${formatCount(completed)}/${formatCount(planned)}`;
  const skips = (word: string) => (skipped > 0 ? ` ${word} ${formatCount(skipped)}` : '');
  const failures = `error ${formatCount(error)} timeout ${formatCount(timeout)}${skips('skipped')}`;
  const shortFailures = `err ${formatCount(error)} t/o ${formatCount(timeout)}${skips('skip')}`;
  const rate = perSecond.toFixed(1);
  // Each layout a little poorer than the one before; the first that fits is shown.
  const layouts = (
    [
      [`${done} ${formatPercent(share)}`, failures, `ETA ${eta}`, `${rate} cells/s`, cost > 0 && formatUsd(cost)],
      [`${done} ${formatPercent(share)}`, failures, `ETA ${eta}`, `${rate}/s`, cost > 0 && formatUsd(cost)],
      [`${done} ${formatPercent(share)}`, shortFailures, `ETA ${eta}`, `${rate}/s`, cost > 0 && formatUsd(cost)],
      [`${done} ${formatPercent(share)}`, shortFailures, `ETA ${eta}`, cost > 0 && formatUsd(cost)],
      [`${done} ${formatPercent(share)}`, shortFailures, `ETA ${eta}`],
      [done, shortFailures, `ETA ${eta}`],
      [done, shortFailures],
      [done],
    ] as const
  ).map((layout) => layout.filter((part): part is string => typeof part === 'string').join(SEPARATOR));
  const line = layouts.find((layout) => terminalWidth(layout) <= columns) ?? layouts.at(-1)!;
  if (line !== layouts[0]) return cutToColumns(line, columns);
  // Room to spare: the pass rates so far, one variant at a time while they fit.
  let withRates = `${line}${SEPARATOR}pass`;
  let added = 0;
  for (const [name, counts] of Object.entries(progress.variants)) {
    const passRate = counts.ok === 0 ? '-' : formatPercent(counts.passes / counts.ok);
    const next = `${withRates} ${cutToColumns(neutraliseTerminalControls(name), MAX_NAME_COLUMNS)} ${passRate}`;
    if (terminalWidth(next) > columns) break;
    withRates = next;
    added++;
  }
  return added === 0 ? line : withRates;
}

/** A cost so far: cents for a dollar or more, four significant digits below. */
const formatUsd = (usd: number): string => (usd >= 1 ? `$${usd.toFixed(2)}` : `$${Number(usd.toPrecision(2))}`);

/** Columns the bar takes with the space after it; a terminal narrower than BAR_FROM_COLUMNS gets none. */
const BAR_COLUMNS = BAR_WIDTH + 3;
const BAR_FROM_COLUMNS = 60;

function bar(progress: RunProgress): string {
  const filled = progress.planned === 0 ? BAR_WIDTH : Math.floor((BAR_WIDTH * progress.completed) / progress.planned);
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`;
}

/**
 * The run command's progress on stderr: a bar redrawn in place when stderr is a terminal, a plain
 * line every few seconds otherwise (logs and CI keep no carriage returns), nothing when `off`
 * (--quiet). Writes happen inside `update` (throttled), so a hung cell shows as a line that stops
 * changing rather than as a timer that keeps ticking.
 */
export function createProgressDisplay({
  stream = process.stderr,
  mode = stream.isTTY ? 'bar' : 'lines',
  intervalMs = DEFAULT_PROGRESS_INTERVAL_MS,
  now = Date.now,
  columns = () => (stream as { columns?: number }).columns ?? DEFAULT_COLUMNS,
}: ProgressDisplayOptions = {}): ProgressDisplay {
  let latest: RunProgress | undefined;
  let drawnAt = Number.NEGATIVE_INFINITY;
  let drawn: RunProgress | undefined;
  let finished = false;
  const draw = () => {
    if (latest === undefined) return;
    drawn = latest;
    drawnAt = now();
    // One column short of the width: a line that fills the last column wraps in some terminals, and a
    // wrapped line is not erased by the next redraw. The line is neutralised (variant names come from the
    // data); the bar's own sequences are added after.
    const width = Math.max(1, Math.floor(columns()) - 1);
    if (mode === 'bar') {
      const withBar = width >= BAR_FROM_COLUMNS;
      const line = neutraliseTerminalControls(progressLine(latest, { columns: withBar ? width - BAR_COLUMNS : width }));
      stream.write(`\r\x1b[2K${withBar ? `${bar(latest)} ` : ''}${line}`);
    } else {
      const line = neutraliseTerminalControls(progressLine(latest, { columns: width - LINE_PREFIX.length }));
      stream.write(`${LINE_PREFIX}${line}\n`);
    }
  };
  return {
    update: (progress) => {
      if (mode === 'off') return;
      latest = progress;
      if (now() - drawnAt >= (mode === 'bar' ? REDRAW_MS : intervalMs)) draw();
    },
    finish: () => {
      if (mode === 'off' || latest === undefined || finished) return;
      finished = true;
      if (drawn !== latest) draw();
      if (mode === 'bar') stream.write('\n');
    },
  };
}
