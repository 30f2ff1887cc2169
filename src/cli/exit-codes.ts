import { GATE_EXIT_CODES } from '../analysis/gate';

/** Exit codes of the CLI, as docs/cli.md lists them, with 4 for an incomplete comparison. */
export const EXIT_CODES = {
  ...GATE_EXIT_CODES,
  /** Usage or input error (one line on stderr naming the file, line and field). */
  usage: 2,
  /** Interrupted by SIGINT/SIGTERM; results written so far are kept. */
  interrupted: 130,
} as const;
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
