import type { VerdictDocument } from '../schema/verdict-document';
import type { ExitCode } from './exit-codes';

/**
 * The CLI's exit code for a Verdict document: its gate's (src/analysis/gate.ts): 1 when regressed, 4 when
 * incomplete, 3 when inconclusive under `non-inferiority`, otherwise 0.
 *
 * @example process.exitCode = exitCodeFor(doc)
 */
export const exitCodeFor = (doc: Pick<VerdictDocument, 'gate'>): ExitCode => doc.gate.exitCode;
