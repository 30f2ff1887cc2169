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

function valueAt(input: unknown, path: IssuePath): unknown {
  let value = input;
  for (const key of path) value = value instanceof Object ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

/** One zod issue as `{ path, problem }` in verdict's wording ("unknown field", "expected X, got Y"). */
function describeIssue(issue: z.core.$ZodIssue, input: unknown): { path: IssuePath; problem: string }[] {
  const path = issue.path as IssuePath;
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: [...path, key], problem: 'unknown field' }));
  }
  const value = valueAt(input, path);
  if (issue.code === 'invalid_type') {
    if (value === undefined) return [{ path, problem: 'missing required field' }];
    return [{ path, problem: `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}, got ${describeValue(value)}` }];
  }
  if (issue.code === 'invalid_format') {
    const expected = issue.format === 'url' ? 'an http(s) URL' : issue.message.replace(/^expected /, '');
    return [{ path, problem: `expected ${expected}, got ${describeValue(value)}` }];
  }
  if (issue.code === 'too_small' || issue.code === 'too_big') {
    const bound = issue.code === 'too_small' ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
    const what =
      issue.origin === 'array' || issue.origin === 'string' || issue.origin === 'set' ? 'a length' : 'a value';
    return [
      {
        path,
        problem: `expected ${what} ${bound} ${String(issue.code === 'too_small' ? issue.minimum : issue.maximum)}, got ${describeValue(value)}`,
      },
    ];
  }
  if (issue.code === 'invalid_value') {
    return [
      {
        path,
        problem: `expected one of ${issue.values.map((v) => describeValue(v)).join(', ')}, got ${describeValue(value)}`,
      },
    ];
  }
  if (issue.code === 'invalid_union' && issue.message === 'Invalid input') {
    return [{ path, problem: `invalid value ${describeValue(value)}` }];
  }
  return [{ path, problem: issue.message }];
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
  const problems = error.issues.flatMap((issue) => describeIssue(issue, input));
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
