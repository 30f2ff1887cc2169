import { EXIT_CODES } from './exit-codes';

/** Options of {@link interruptOnSignals}. */
export interface InterruptOnSignalsOptions {
  /** Where the notices go. @default process.stderr */
  readonly stream?: NodeJS.WritableStream;
  /** Called on the second signal, in place of `process.exit(130)` (tests). @default process.exit */
  readonly exit?: (code: number) => void;
  /** Which signals. @default ['SIGINT', 'SIGTERM'] */
  readonly signals?: readonly NodeJS.Signals[];
}

/** Signal handlers, removed by `dispose`. */
export interface SignalHandlers {
  /** The signal received first, if any. */
  readonly received: () => NodeJS.Signals | undefined;
  readonly dispose: () => void;
}

/**
 * The CLI's SIGINT/SIGTERM handling during a run. The first signal aborts `controller` (the run stops
 * scheduling, aborts its in-flight cells, keeps everything written and marks the manifest
 * `interrupted`; the command then exits 130). A second signal exits at once with 130: the one place
 * verdict calls `process.exit()`, as promptfoo and inspect_ai do for a second Ctrl-C. The store stays
 * sound even then: results.jsonl only ever gets whole lines appended (a torn last line is cut on
 * resume), and the manifest is replaced atomically.
 *
 * @example const handlers = interruptOnSignals(controller); try { await runExperiment(e, { signal: controller.signal }) } finally { handlers.dispose() }
 */
export function interruptOnSignals(
  controller: AbortController,
  {
    stream = process.stderr,
    exit = (code) => process.exit(code),
    signals = ['SIGINT', 'SIGTERM'],
  }: InterruptOnSignalsOptions = {},
): SignalHandlers {
  let first: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (first !== undefined) {
      stream.write(`\nverdict: ${signal} again: exiting now; results written so far are kept (resume with --resume)\n`);
      exit(EXIT_CODES.interrupted);
      return;
    }
    first = signal;
    stream.write(
      `\nverdict: ${signal}: stopping (in-flight cells are aborted, results kept); press Ctrl-C again to exit at once\n`,
    );
    controller.abort(new DOMException(`interrupted by ${signal}`, 'AbortError'));
  };
  for (const signal of signals) process.on(signal, onSignal);
  return {
    received: () => first,
    dispose: () => {
      for (const signal of signals) process.off(signal, onSignal);
    },
  };
}
