import type { ResultsInput } from '../formats/results-input';
import type { Provenance } from '../schema/verdict-document';
import { VERSION } from '../version';

export interface ProvenanceOptions {
  /** The command line that produced the document. @default null */
  readonly command?: string | null;
  /** The clock (injectable for reproducible documents). @default () => new Date() */
  readonly now?: () => Date;
  /** The runtime's version. @default process.version where there is one, else null */
  readonly nodeVersion?: string | null;
}

/** Where a document came from: its inputs with their sha256, the command, verdict's and Node's versions, the time. */
export function buildProvenance(
  inputs: readonly ResultsInput[],
  { command = null, now = () => new Date(), nodeVersion = globalThis.process?.version ?? null }: ProvenanceOptions = {},
): Provenance {
  return {
    inputs: inputs.map((input) => ({ ...input })),
    command,
    tool: { name: 'verdict', version: VERSION },
    node: nodeVersion,
    createdAt: now().toISOString(),
  };
}
