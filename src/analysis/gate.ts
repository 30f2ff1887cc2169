import type { Gate, Policy, VerdictKind } from '../schema/verdict-document';

/** The gate's exit codes (docs/cli.md, plus 4 for an incomplete comparison). */
export const GATE_EXIT_CODES = {
  /** Passed the gate. */
  passed: 0,
  /** A regression was found. */
  regression: 1,
  /** Inconclusive where the policy demands evidence of non-inferiority. */
  inconclusive: 3,
  /** The data are not what was planned: missing results, an unfinished run. */
  incomplete: 4,
} as const;

/**
 * Whether the gate passes for an overall verdict, and the exit code: `regressed` -> 1, `incomplete` -> 4,
 * `inconclusive` (non-inferiority) -> 3, anything else passes (0). The one source for the CLI's exit code,
 * JUnit's failures and every report's headline.
 *
 * @example gateFor('incomplete', { require: 'no-regression' }) // { passed: false, exitCode: 4 }
 */
export function gateFor(verdict: VerdictKind, { require }: Pick<Policy, 'require'>): Gate {
  if (verdict === 'regressed') return { passed: false, exitCode: GATE_EXIT_CODES.regression };
  if (verdict === 'incomplete') return { passed: false, exitCode: GATE_EXIT_CODES.incomplete };
  if (verdict === 'inconclusive' && require === 'non-inferiority') {
    return { passed: false, exitCode: GATE_EXIT_CODES.inconclusive };
  }
  return { passed: true, exitCode: GATE_EXIT_CODES.passed };
}
