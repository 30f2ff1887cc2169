import { formatPercent } from '../../reports/index';
import type { RunProgress } from '../runner/types';
import { neutraliseTerminalControls } from '../schema/terminal-controls';
import { formatDuration } from './format-duration';

/** How often a non-terminal stream gets a plain progress line. @default 5000 */
export const DEFAULT_PROGRESS_INTERVAL_MS = 5000;
/** How often a terminal's progress bar is redrawn at most. */
const REDRAW_MS = 100;
const BAR_WIDTH = 20;

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
}

/** A progress display fed by `runExperiment`'s `onProgress`. */
export interface ProgressDisplay {
  readonly update: (progress: RunProgress) => void;
  /** Draw the final state and leave the line (a terminal's bar ends with a newline); later calls do nothing. */
  readonly finish: () => void;
}

/**
 * One line of progress: done/total, ok/error/timeout, each variant's pass rate so far, rate and ETA.
 *
 * @example progressLine(p) // '1234/4000 (30.9%) | ok 1200 error 30 timeout 4 | pass A 71.2% B 74.0% | 52.1 cells/s | ETA 53.0 s'
 */
export function progressLine(progress: RunProgress): string {
  const { planned, completed, executed, toExecute, elapsedMs, ok, error, timeout } = progress;
  const rates = Object.entries(progress.variants)
    .map(([name, counts]) => `${name} ${counts.ok === 0 ? '-' : formatPercent(counts.passes / counts.ok)}`)
    .join(' ');
  const perSecond = elapsedMs > 0 ? (executed * 1000) / elapsedMs : 0;
  const eta = perSecond > 0 ? formatDuration(((toExecute - executed) / perSecond) * 1000) : '?';
  const share = planned === 0 ? 1 : completed / planned;
  return `${completed}/${planned} (${formatPercent(share)}) | ok ${ok} error ${error} timeout ${timeout} | pass ${rates} | ${perSecond.toFixed(1)} cells/s | ETA ${eta}`;
}

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
}: ProgressDisplayOptions = {}): ProgressDisplay {
  let latest: RunProgress | undefined;
  let drawnAt = Number.NEGATIVE_INFINITY;
  let drawn: RunProgress | undefined;
  let finished = false;
  const draw = () => {
    if (latest === undefined) return;
    drawn = latest;
    drawnAt = now();
    // The line is neutralised (variant names come from the data); the bar's own sequences are added after.
    const line = neutraliseTerminalControls(progressLine(latest));
    if (mode === 'bar') stream.write(`\r\x1b[2K${bar(latest)} ${line}`);
    else stream.write(`progress: ${line}\n`);
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
