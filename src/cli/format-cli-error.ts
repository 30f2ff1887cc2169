import { InputError } from '../schema/input-error';

export interface FormatCliErrorOptions {
  /** Include the stack trace. @default false */
  readonly verbose?: boolean;
}

/**
 * One line for a user's mistake (`verdict: <message>`), with up to 20 further problems of the same
 * input on the lines after it. The stack trace only with `verbose`: a user's mistake is not a crash.
 */
export function formatCliError(error: unknown, { verbose = false }: FormatCliErrorOptions = {}): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = [`verdict: ${message}`];
  if (error instanceof InputError && error.details.length > 0) lines.push(...error.details.map((d) => `  ${d}`));
  if (verbose && error instanceof Error && error.stack) lines.push(error.stack);
  return lines.join('\n');
}
