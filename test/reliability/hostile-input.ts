import fc from 'fast-check';
import { InputError } from '../../src/index';

/** Signs of an internal failure leaking to a user: a JS error class, a stack frame, a crash message. */
export const INTERNAL_ERROR =
  /\b(TypeError|ReferenceError|SyntaxError|AssertionError|RangeError)\b|Cannot read propert|is not a function|is not iterable|Maximum call stack|\n\s+at |\(.*:\d+:\d+\)/;

/** Longest message a reader may print: a 10 MB line must never be echoed back. */
export const MAX_MESSAGE_LENGTH = 2000;

/**
 * What is wrong with how a reader refused hostile input, or undefined when the refusal is right: an
 * `InputError` whose message is one line, starts with the file's name, is short, and shows no sign of
 * an internal failure.
 */
export function userErrorProblem(error: unknown, file: string): string | undefined {
  if (!(error instanceof InputError)) return `not an InputError: ${String(error)}\n${(error as Error)?.stack}`;
  const { message } = error;
  if (!message.startsWith(file)) return `does not name the file first: ${message.slice(0, 300)}`;
  if (message.includes('\n')) return `more than one line: ${message.slice(0, 300)}`;
  if (message.length > MAX_MESSAGE_LENGTH) return `${message.length} characters long: ${message.slice(0, 300)}`;
  if (INTERNAL_ERROR.test(message)) return `looks like an internal error: ${message.slice(0, 300)}`;
  return undefined;
}

/** Odd scalars: wrong types, huge and non-finite numbers (as JSON text can carry them), odd strings. */
export const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, 1, -1, -0, 1e308, -1e308, 5e-324, 2 ** 53 + 1, '', ' ', '0', '1', 'true'),
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '\u0000', '\uFEFF', '"', '\\', '<script>', '\r\n', '🚀'),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 12 }),
);

/** Mostly `valid`, sometimes a hostile scalar in its place (so that fuzzed files often load, and often do not). */
export const mostly = <T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 9, arbitrary: valid }, { weight: 1, arbitrary: hostileScalar });

/** An object with, one time in eight, one of its keys removed. */
export const sometimesMissingKey = <T extends Record<string, unknown>>(record: fc.Arbitrary<T>) =>
  fc.tuple(record, fc.nat(63)).map(([value, pick]) => {
    const keys = Object.keys(value);
    if (pick >= 8 || keys.length === 0) return value;
    const { [keys[pick % keys.length]!]: _dropped, ...rest } = value;
    return rest;
  });

/** Text-level damage done to a serialised file: the hostile forms that no value can express. */
export type Damage =
  | 'none'
  | 'truncate'
  | 'bom'
  | 'crlf'
  | 'invalid-utf8'
  | 'huge-number'
  | 'nan-literal'
  | 'duplicate-key'
  | 'empty'
  | 'only-blank';

export const damage: fc.Arbitrary<{ kind: Damage; at: number }> = fc.record({
  kind: fc.oneof(
    { weight: 10, arbitrary: fc.constant<Damage>('none') },
    {
      weight: 9,
      arbitrary: fc.constantFrom<Damage>(
        'truncate',
        'bom',
        'crlf',
        'invalid-utf8',
        'huge-number',
        'nan-literal',
        'duplicate-key',
        'empty',
        'only-blank',
      ),
    },
  ),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
});

/** Apply a damage to a file's text, giving its bytes. `at` (0..1) picks the place. */
export function damaged(text: string, { kind, at }: { kind: Damage; at: number }): Buffer {
  const place = Math.floor(at * text.length);
  switch (kind) {
    case 'truncate':
      return Buffer.from(text.slice(0, place));
    case 'bom':
      return Buffer.from(`\uFEFF${text}`);
    case 'crlf':
      return Buffer.from(text.replace(/\n/g, '\r\n'));
    case 'invalid-utf8':
      return Buffer.concat([
        Buffer.from(text.slice(0, place)),
        Buffer.from([0xff, 0xfe, 0xc3]),
        Buffer.from(text.slice(place)),
      ]);
    case 'huge-number':
      return Buffer.from(text.replace(/(\d+)/, '1e400'));
    case 'nan-literal':
      return Buffer.from(text.replace(/:\s*(true|false|\d+(\.\d+)?)/, ': NaN'));
    case 'duplicate-key':
      return Buffer.from(text.replace(/\{"(\w+)":/, '{"$1":"dup","$1":'));
    case 'empty':
      return Buffer.alloc(0);
    case 'only-blank':
      return Buffer.from('\n\r\n  \n');
    default:
      return Buffer.from(text);
  }
}

/** How a fuzzed reader answered: both counts must be above zero, or the fuzz tested only one side. */
export interface FuzzTally {
  accepted: number;
  refused: number;
}
