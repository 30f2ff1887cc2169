// The runner's defaults, apart from the modules that use them: `verdict run --help` prints them, and a module of
// constants keeps zod and the runner out of the CLI's start-up (issue 14; BENCHMARKS.md "CLI start-up").

/** Retries after the first attempt, by default. */
export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_TIMEOUT_MS = 60_000;
/**
 * Longest output a cell stores, in characters of its JSON (4 Mi, about 4 MB of ASCII): far above any
 * answer worth scoring, far below the ~512 MiB at which V8 cannot build the string at all.
 */
export const DEFAULT_MAX_OUTPUT_CHARS = 4 * 1024 * 1024;
export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_SAMPLES = 1;
export const DEFAULT_SEED = 0;
/** Where results go without --out: `runs/<experiment name>`. */
export const DEFAULT_RUNS_DIR = 'runs';
