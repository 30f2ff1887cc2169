import type { z } from 'zod';
import { describeValue } from '../../stats/validate';
import { InputError } from './input-error';

/** A path into a user's input, as zod reports it. */
export type IssuePath = readonly PropertyKey[];

/** Options of {@link inputErrorFromZod}. */
export interface InputErrorFromZodOptions {
  /** The file the input came from, as the user wrote it. */
  readonly file?: string;
  /** A line for a path (YAML/JSON files, item files); undefined where none is known. */
  readonly lineOf?: (path: IssuePath) => number | undefined;
  /** A line for every issue when the whole input is one line (JSONL, CSV). */
  readonly line?: number;
  /** Prefix the field with this path (e.g. the item's index in an inline array). */
  readonly pathPrefix?: IssuePath;
}

/** `variants.gpt.argv[0]`: dots between names, brackets around indices. */
export function formatPath(path: IssuePath): string {
  return path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text === '' ? String(key) : `${text}.${String(key)}`),
    '',
  );
}

/** zod's type names as a sentence says them. */
const TYPE_NAMES: Readonly<Record<string, string>> = {
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
  record: 'an object',
};

/** The value at `path` in `input` (own properties only), or undefined where the path leads nowhere. */
function valueAt(input: unknown, path: IssuePath): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** One problem of a user's input: where (a zod path) and what, in verdict's wording. */
export interface IssueProblem {
  readonly path: IssuePath;
  readonly problem: string;
}

/** Codes that, on a value that is not there, mean a required field is missing. */
const MISSING_CODES: ReadonlySet<string> = new Set(['invalid_type', 'invalid_union', 'invalid_value']);

/**
 * One zod issue in verdict's one wording, the same for every file a user gives (experiments, items, results,
 * run directories, cache entries):
 * - a key the schema does not know: "unknown field" (one problem per key);
 * - a refinement's own message (`code: 'custom'`) as written;
 * - a field that is not there: "missing required field";
 * - a schema's own "expected ..." text (`z.number({ error: 'expected a finite number' })`): that text and the
 *   value found, "expected a finite number, got Infinity" (the text alone where it already says what it got);
 * - otherwise an "expected X, got Y" built from the issue (zod's default messages, "Invalid input: expected
 *   number, received string", name neither the field nor the value as the user wrote it).
 */
function describeIssue(issue: z.core.$ZodIssue, input: unknown): IssueProblem[] {
  const path = issue.path as IssuePath;
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: [...path, key], problem: 'unknown field' }));
  }
  if (issue.code === 'custom') return [{ path, problem: issue.message }];
  const value = valueAt(input, path);
  if (value === undefined && MISSING_CODES.has(issue.code)) return [{ path, problem: 'missing required field' }];
  const got = `got ${describeValue(value)}`;
  // The schema's own words (every zod default message starts with a capital: "Invalid", "Too big", ...),
  // with the value found unless the schema's text already names it.
  if (issue.message.startsWith('expected ')) {
    return [{ path, problem: /, got /.test(issue.message) ? issue.message : `${issue.message}, ${got}` }];
  }
  if (issue.code === 'invalid_type') {
    return [{ path, problem: `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}, ${got}` }];
  }
  if (issue.code === 'invalid_format') {
    return [{ path, problem: `expected ${issue.format === 'url' ? 'an http(s) URL' : issue.message}, ${got}` }];
  }
  if (issue.code === 'too_small' || issue.code === 'too_big') {
    const bound = issue.code === 'too_small' ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
    const what =
      issue.origin === 'array' || issue.origin === 'string' || issue.origin === 'set' ? 'a length' : 'a value';
    const limit = String(issue.code === 'too_small' ? issue.minimum : issue.maximum);
    return [{ path, problem: `expected ${what} ${bound} ${limit}, ${got}` }];
  }
  if (issue.code === 'invalid_value') {
    return [{ path, problem: `expected one of ${issue.values.map((v) => describeValue(v)).join(', ')}, ${got}` }];
  }
  if (issue.code === 'invalid_union' && issue.message === 'Invalid input') {
    return [{ path, problem: `invalid value ${describeValue(value)}` }];
  }
  return [{ path, problem: issue.message }];
}

/**
 * Every issue of a failed zod parse of `input`, in verdict's one wording (see {@link describeIssue}), for a
 * reader that collects problems itself (the results readers add them to their `InputProblems`).
 *
 * @example describeZodIssues(ResultRecord.safeParse(row).error!.issues, row)
 *   // [{ path: ['pass'], problem: 'expected boolean or 0/1, got "yes"' }]
 */
export function describeZodIssues(issues: readonly z.core.$ZodIssue[], input: unknown): IssueProblem[] {
  return issues.flatMap((issue) => describeIssue(issue, input));
}

/**
 * Turn a failed zod parse of a user's input into one {@link InputError}: the first problem is the
 * message (`file:line: \`field\`: problem`), the rest go to `details`, so that the CLI prints one
 * clear line and a user with several mistakes sees them all at once.
 *
 * @example inputErrorFromZod(error, input, { file: 'exp.yaml', lineOf }).message
 *   // 'exp.yaml:4: `variants.gpt.modle`: unknown field'
 */
export function inputErrorFromZod(
  error: z.ZodError,
  input: unknown,
  { file, lineOf, line, pathPrefix = [] }: InputErrorFromZodOptions = {},
): InputError {
  const problems = describeZodIssues(error.issues, input);
  const located = problems.map(({ path, problem }) => {
    const full = [...pathPrefix, ...path];
    return { problem, location: { file, line: line ?? lineOf?.(full), field: formatPath(full) } };
  });
  const [first, ...rest] = located;
  if (first === undefined) return new InputError('invalid input', { file, line });
  return new InputError(
    first.problem,
    first.location,
    rest.map(({ problem, location }) => new InputError(problem, location).message),
  );
}
