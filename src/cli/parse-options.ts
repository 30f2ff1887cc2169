/**
 * Parsers for command-line option values, for commander's `.option(flags, description, parser)`. Each
 * turns the text into a value or throws an InputError naming the flag and the text
 * (``verdict: `--alpha`: expected a number strictly between 0 and 1, got "1.5"``, exit 2).
 */
import { InputError } from '../schema/input-error';

type Parser<T> = (raw: string) => T;

function numberFrom(flag: string, raw: string, expected: string): number {
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(value))
    throw new InputError(`expected ${expected}, got ${JSON.stringify(raw)}`, { field: flag });
  return value;
}

/** A number strictly between 0 and 1 (alpha, power, confidence). */
export const parseOpenProbability =
  (flag: string): Parser<number> =>
  (raw) => {
    const expected = 'a number strictly between 0 and 1';
    const value = numberFrom(flag, raw, expected);
    if (!(value > 0 && value < 1))
      throw new InputError(`expected ${expected}, got ${JSON.stringify(raw)}`, { field: flag });
    return value;
  };

/** A finite number >= 0 (a margin). */
export const parseNonNegative =
  (flag: string): Parser<number> =>
  (raw) => {
    const expected = 'a number >= 0';
    const value = numberFrom(flag, raw, expected);
    if (value < 0) throw new InputError(`expected ${expected}, got ${JSON.stringify(raw)}`, { field: flag });
    return value;
  };

/**
 * A difference in percentage points (a margin, an effect size for --metric pass): a number from 0 up to
 * below 100, returned as a proportion (2 -> 0.02), so the flag reads in the unit every report writes.
 */
export const parsePoints =
  (flag: string): Parser<number> =>
  (raw) => {
    const text = raw.trim().replace(/\s*(points|point|pts|pt)$/i, '');
    const expected = 'a difference in percentage points from 0 to below 100 (2 means 2 points)';
    const value = numberFrom(flag, text, expected);
    if (value < 0 || value >= 100)
      throw new InputError(`expected ${expected}, got ${JSON.stringify(raw)}`, { field: flag });
    return value / 100;
  };

/** A share in percent, 0 to 100 (`5` or `5%`), returned as a proportion (5 -> 0.05). */
export const parsePercent =
  (flag: string): Parser<number> =>
  (raw) => {
    const expected = 'a percentage from 0 to 100 (5 means 5%)';
    const value = numberFrom(flag, raw.trim().replace(/\s*%$/, ''), expected);
    if (value < 0 || value > 100)
      throw new InputError(`expected ${expected}, got ${JSON.stringify(raw)}`, { field: flag });
    return value / 100;
  };

/** An integer (a seed), optionally at least `min`. */
export const parseInteger =
  (flag: string, min = Number.NEGATIVE_INFINITY): Parser<number> =>
  (raw) => {
    const expected = Number.isFinite(min) ? `an integer >= ${min}` : 'an integer';
    const value = numberFrom(flag, raw, expected);
    if (!Number.isInteger(value) || value < min) {
      throw new InputError(`expected ${expected}, got ${JSON.stringify(raw)}`, { field: flag });
    }
    return value;
  };

/** A repeatable option: each occurrence appends its value (`--by a --by b` -> ['a', 'b']). */
export const collect = (value: string, previous: readonly string[] = []): string[] => [...previous, value];

/** The command line as a shell would take it back: arguments with spaces or quotes single-quoted. */
export function formatCommandLine(args: readonly string[]): string {
  return args.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`)).join(' ');
}
