/** Exit codes of the CLI, as ARCHITECTURE.md fixes them. */
export const EXIT_CODES = {
  /** Passed the gate. */
  passed: 0,
  /** A regression was found. */
  regression: 1,
  /** Usage or input error (one line on stderr naming the file, line and field). */
  usage: 2,
  /** Inconclusive where the policy demands evidence of non-inferiority. */
  inconclusive: 3,
  /** Interrupted by SIGINT/SIGTERM; results written so far are kept. */
  interrupted: 130,
} as const;
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
