import { describeValue } from '../../stats/validate';

/**
 * Where in a user's input a problem is: a file, optionally a line (1-based) or an entry of an archive
 * (a zip's `samples/3_epoch_1.json`), and a field path (a JSON path inside a document: `samples[3].scores`).
 */
export interface InputLocation {
  readonly file?: string;
  readonly line?: number;
  readonly entry?: string;
  readonly field?: string;
}

/**
 * A mistake in a user's input (a file, a record, an option). The CLI prints `message` as one line
 * on stderr, without a stack trace, and exits 2. The message reads like a zod issue pinned to a
 * line: ``results.jsonl:12: `pass`: expected boolean or 0/1, got "yes"``.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly entry: string | undefined;
  readonly field: string | undefined;
  /** Further problems of the same input, already formatted, when several were found. */
  readonly details: readonly string[];
  /** The problem without its location (`expected a string, got 3`). */
  readonly problem: string;

  constructor(problem: string, location: InputLocation = {}, details: readonly string[] = []) {
    super(formatInputProblem(problem, location));
    this.problem = problem;
    this.file = location.file;
    this.line = location.line;
    this.entry = location.entry;
    this.field = location.field;
    this.details = details;
  }
}

/** `file:line: \`field\`: problem` (or `file:entry: ...` in an archive), leaving out what is not known. */
export function formatInputProblem(problem: string, { file, line, entry, field }: InputLocation = {}): string {
  const place = line ?? entry;
  const where = file === undefined ? '' : place === undefined ? `${file}: ` : `${file}:${place}: `;
  const what = field === undefined || field === '' ? '' : `\`${field}\`: `;
  // One line, whatever the problem quotes (JSON.parse's messages carry the text's own line breaks).
  return `${where}${what}${problem}`.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ');
}

/** "expected X, got Y" with Y rendered as a user would have written it. */
export function expectedGot(expected: string, got: unknown): string {
  return `expected ${expected}, got ${describeValue(got)}`;
}

/**
 * The error for a file the system would not let us read (missing, a directory, no permission): its errno code, or
 * the error as text. One wording for every reader (probe, results files, Parquet).
 * @example cannotReadFile('a.jsonl', Object.assign(new Error(), { code: 'ENOENT' })).message // 'a.jsonl: cannot read the file (ENOENT)'
 */
export function cannotReadFile(file: string, error: unknown): InputError {
  return new InputError(`cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { file });
}
