/**
 * Parsers for command-line option values, for commander's `.option(flags, description, parser)`. Each
 * turns the text into a value or throws an InputError naming the flag and the text
 * (``verdict: `--alpha`: expected a number strictly between 0 and 1, got "1.5"``, exit 2).
 */
import { InputError } from '../schema/input-error';

type Parser<T> = (raw: string) => T;

/**
 * A decimal number as people write one (`2`, `-0.5`, `.05`, `1e-3`): JavaScript's `Number` also takes `0x10`,
 * `0b1`, `Infinity` and whitespace-padded text, none of which belongs in a flag.
 */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function numberFrom(flag: string, raw: string, expected: string): number {
  const text = raw.trim();
  const value = DECIMAL.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value))
    throw new InputError(`expected ${expected}, got ${JSON.stringify(raw)}`, { field: flag });
  return value;
}

/**
 * A percentage as a proportion, shifted in decimal notation (`0.9` -> `0.9e-2`) so that the proportion is the
 * double nearest the decimal the user typed: 0.9 / 100 would give 0.009000000000000001, above 0.009.
 */
const percentToProportion = (text: string): number =>
  Number(`${text.trim()}e-2`.replace(/e([+-]?\d+)e-2$/i, (_, e) => `e${Number(e) - 2}`));

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
 * The text of a difference in percentage points, checked: a number from 0 up to below 100, a trailing `points`
 * (or `pt`) dropped. Shared by the parsers that return it as a proportion and as points.
 */
function pointsText(flag: string, raw: string): string {
  const text = raw.trim().replace(/\s*(points|point|pts|pt)$/i, '');
  const expected = 'a difference in percentage points from 0 to below 100 (2 means 2 points)';
  const value = numberFrom(flag, text, expected);
  if (value < 0 || value >= 100)
    throw new InputError(`expected ${expected}, got ${JSON.stringify(raw)}`, { field: flag });
  return text;
}

/**
 * A difference in percentage points (a margin, an effect size for --metric pass): a number from 0 up to
 * below 100, returned as a proportion (2 -> 0.02), so the flag reads in the unit every report writes.
 */
export const parsePoints =
  (flag: string): Parser<number> =>
  (raw) =>
    percentToProportion(pointsText(flag, raw));

/**
 * The design alternative of the sequential gate from its two flags, in points as the experiment file's
 * `stopping.design` writes it: `--design-difference` (the drop or gain the gate is tuned to find, above 0) at
 * `--design-discordance` (the expected share of items whose outcome differs, p10 + p01, above the difference, at
 * most 100), both or neither. The one parser of these flags, for `verdict run --stop-early`, `verdict compare
 * --sequential` and the plan `verdict power --sequential` prints.
 *
 * `--design-calibrated` (with both) opts in to the calibrated truncated design (`calibrated: true`), and
 * `--design-power` (with it) sets the power that design is planned for (`power`, default 0.8).
 *
 * @example parseDesignFlags({ designDifference: '5', designDiscordance: '15' }) // { difference: 5, discordance: 15 }
 */
export function parseDesignFlags(flags: {
  readonly designDifference?: string | undefined;
  readonly designDiscordance?: string | undefined;
  readonly designCalibrated?: boolean | undefined;
  readonly designPower?: string | undefined;
}): { difference: number; discordance: number; calibrated?: true; power?: number } | undefined {
  const { designDifference, designDiscordance } = flags;
  if (flags.designPower !== undefined && !flags.designCalibrated)
    throw new InputError('plans the calibrated design: add --design-calibrated', { field: '--design-power' });
  if (designDifference === undefined && designDiscordance === undefined) {
    if (flags.designCalibrated)
      throw new InputError(
        '--design-calibrated calibrates a design: give --design-difference and --design-discordance',
        {
          field: '--design-calibrated',
        },
      );
    return undefined;
  }
  if (designDifference === undefined || designDiscordance === undefined) {
    throw new InputError('give --design-difference and --design-discordance together (both in points)', {
      field: designDifference === undefined ? '--design-difference' : '--design-discordance',
    });
  }
  const difference = Number(pointsText('--design-difference', designDifference));
  if (!(difference > 0))
    throw new InputError(`expected a difference above 0 points, got ${JSON.stringify(designDifference)}`, {
      field: '--design-difference',
    });
  const discordanceText = designDiscordance.trim().replace(/\s*(points|point|pts|pt|%)$/i, '');
  const discordance = Number(discordanceText === '100' ? '100' : pointsText('--design-discordance', discordanceText));
  if (!(discordance > difference))
    throw new InputError(
      `expected a discordance above --design-difference (${difference} points): a difference needs at least that many discordant items, got ${JSON.stringify(designDiscordance)}`,
      { field: '--design-discordance' },
    );
  const power =
    flags.designPower === undefined ? {} : { power: parseOpenProbability('--design-power')(flags.designPower) };
  return { difference, discordance, ...(flags.designCalibrated ? { calibrated: true as const, ...power } : {}) };
}

/** A share in percent, 0 to 100 (`5` or `5%`), returned as a proportion (5 -> 0.05). */
export const parsePercent =
  (flag: string): Parser<number> =>
  (raw) => {
    const expected = 'a percentage from 0 to 100 (5 means 5%)';
    const text = raw.trim().replace(/\s*%$/, '');
    const value = numberFrom(flag, text, expected);
    if (value < 0 || value > 100)
      throw new InputError(`expected ${expected}, got ${JSON.stringify(raw)}`, { field: flag });
    return percentToProportion(text);
  };

/** Bounds of {@link parseInteger}. */
export interface IntegerBounds {
  /** @default Number.MIN_SAFE_INTEGER */
  readonly min?: number;
  /** @default Number.MAX_SAFE_INTEGER */
  readonly max?: number;
}

/**
 * An integer written as one (`42`, `-7`, `+3`): digits only, so `0x10`, `1e3`, `4.0` and `Infinity` are refused
 * rather than read as something the user may not have meant, and within [min, max] and the safe integers (a seed
 * above 2^53 would silently round). The one integer parser of every command and flag.
 *
 * @example parseInteger('--concurrency', { min: 1 })('8') // 8
 */
export const parseInteger =
  (
    flag: string,
    { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER }: IntegerBounds = {},
  ): Parser<number> =>
  (raw) => {
    const value = Number(raw);
    if (!/^\s*[-+]?\d+\s*$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
      const expected =
        min === Number.MIN_SAFE_INTEGER
          ? 'an integer'
          : max === Number.MAX_SAFE_INTEGER
            ? `an integer >= ${min}`
            : `an integer from ${min} to ${max}`;
      throw new InputError(`expected ${expected}, got ${JSON.stringify(raw)}`, { field: flag });
    }
    return value;
  };

/** A rate or probability in [0, 1] (p10, a pass rate, a discordance). */
export const parseProbability =
  (flag: string): Parser<number> =>
  (raw) => {
    const expected = 'a rate in [0, 1]';
    const value = numberFrom(flag, raw, expected);
    if (!(value >= 0 && value <= 1))
      throw new InputError(`expected ${expected}, got ${JSON.stringify(raw)}`, { field: flag });
    return value;
  };

/**
 * One of a fixed list of names (a method): the text itself, typed as that list's member.
 *
 * @example parseOneOf('--method', ['connor', 'exact'])('exact') // 'exact'
 */
export const parseOneOf =
  <T extends string>(flag: string, choices: readonly T[]): Parser<T> =>
  (raw) => {
    if (!(choices as readonly string[]).includes(raw))
      throw new InputError(`expected ${choices.join(' or ')}, got ${JSON.stringify(raw)}`, { field: flag });
    return raw as T;
  };

/** A repeatable option: each occurrence appends its value (`--by a --by b` -> ['a', 'b']). */
export const collect = (value: string, previous: readonly string[] = []): string[] => [...previous, value];

/** The command line as a shell would take it back: arguments with spaces or quotes single-quoted. */
export function formatCommandLine(args: readonly string[]): string {
  return args.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`)).join(' ');
}

/**
 * The path of a report file. `-` is refused: many tools read it as "standard output", and verdict would have
 * written a file named `-` without a word (found by the review of issue 14's work); an empty path too (`--json=`
 * failed only after the whole analysis, naming no flag). `stdoutFlag` names the
 * option that prints the document on standard output, where there is one.
 * @example parseOutputFile('--json', '--json-stdout')('-') // throws: `--json`: ... use --json-stdout ...
 */
export const parseOutputFile =
  (flag: string, stdoutFlag?: string): Parser<string> =>
  (raw) => {
    if (raw.trim() === '')
      throw new InputError(`expected a file to write, got ${JSON.stringify(raw)}`, { field: flag });
    if (raw !== '-') return raw;
    const instead = stdoutFlag === undefined ? '' : `; to print it on standard output use ${stdoutFlag}`;
    throw new InputError(`expected a file to write, got "-"${instead} (a file named - is ./-)`, { field: flag });
  };
