import type { Policy, VerdictDocument } from '../../reports/verdict-document';
import { EXIT_CODES, type ExitCode } from './exit-codes';

/**
 * The CLI's exit code for a Verdict document (ARCHITECTURE.md): 1 when regressed, 3 when inconclusive
 * under `non-inferiority`, otherwise 0.
 *
 * @example process.exitCode = exitCodeFor(doc)
 */
export function exitCodeFor(
  doc: Pick<VerdictDocument, 'verdict'>,
  policy: Pick<Policy, 'require'> = (doc as VerdictDocument).policy,
): ExitCode {
  if (doc.verdict === 'regressed') return EXIT_CODES.regression;
  if (doc.verdict === 'inconclusive' && policy.require === 'non-inferiority') return EXIT_CODES.inconclusive;
  return EXIT_CODES.passed;
}
