/**
 * Argument checks shared by every function in stats/. Each check names the calling function,
 * the argument and the value it got, so that an error reads like scipy's
 * "k (11) must not be greater than n (10)" and never like a bare NaN.
 *
 * Wrong kind of value (not a number, not an array): TypeError. Right kind, out of range: RangeError.
 */

/** Render a value for an error message: strings quoted, numbers as written, the rest as JSON. */
export function describeValue(value: unknown): string {
  const text = describeWhole(value);
  // A value echoed in an error must not flood the terminal (a 10 MB field in a user's file).
  return text.length <= MAX_DESCRIBED_LENGTH
    ? text
    : `${text.slice(0, MAX_DESCRIBED_LENGTH)}… (${text.length} characters)`;
}

/** Longest description of a value in a message before it is cut. */
const MAX_DESCRIBED_LENGTH = 120;

function describeWhole(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A finite number (not NaN, not ±Infinity). */
export function assertFiniteNumber(fn: string, name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') {
    throw new TypeError(`${fn}: \`${name}\` must be a number, got ${describeValue(value)} (${typeof value})`);
  }
  if (!Number.isFinite(value)) throw new RangeError(`${fn}: \`${name}\` must be a finite number, got ${value}`);
}

/** A count: an integer >= 0. */
export function assertCount(fn: string, name: string, value: unknown): asserts value is number {
  assertFiniteNumber(fn, name, value);
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${fn}: \`${name}\` must be a non-negative integer, got ${value}`);
  }
}

/** An integer >= 1. */
export function assertPositiveInteger(fn: string, name: string, value: unknown): asserts value is number {
  assertFiniteNumber(fn, name, value);
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${fn}: \`${name}\` must be a positive integer, got ${value}`);
  }
}

/** A number > 0. */
export function assertPositive(fn: string, name: string, value: unknown): asserts value is number {
  assertFiniteNumber(fn, name, value);
  if (!(value > 0)) throw new RangeError(`${fn}: \`${name}\` must be greater than 0, got ${value}`);
}

/** A probability in the closed interval [0, 1]. */
export function assertProbability(fn: string, name: string, value: unknown): asserts value is number {
  assertFiniteNumber(fn, name, value);
  if (value < 0 || value > 1) throw new RangeError(`${fn}: \`${name}\` must be in [0, 1], got ${value}`);
}

/** A probability in the open interval (0, 1): confidence levels, alpha, power. */
export function assertOpenProbability(fn: string, name: string, value: unknown): asserts value is number {
  assertFiniteNumber(fn, name, value);
  if (!(value > 0 && value < 1)) {
    throw new RangeError(`${fn}: \`${name}\` must be strictly between 0 and 1, got ${value}`);
  }
}

/** One of a fixed set of method names. */
export function assertOneOf<T extends string>(
  fn: string,
  name: string,
  value: unknown,
  allowed: readonly T[],
): asserts value is T {
  if (!allowed.includes(value as T)) {
    throw new RangeError(
      `${fn}: \`${name}\` must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describeValue(value)}`,
    );
  }
}

/** A boolean flag. */
export function assertBoolean(fn: string, name: string, value: unknown): asserts value is boolean {
  if (typeof value !== 'boolean') {
    throw new TypeError(`${fn}: \`${name}\` must be a boolean, got ${describeValue(value)} (${typeof value})`);
  }
}

/** A non-empty array of finite numbers (at least `minLength` of them). */
export function assertFiniteArray(
  fn: string,
  name: string,
  value: unknown,
  minLength = 1,
): asserts value is readonly number[] {
  if (!Array.isArray(value)) {
    throw new TypeError(`${fn}: \`${name}\` must be an array of numbers, got ${describeValue(value)}`);
  }
  if (value.length < minLength) {
    throw new RangeError(`${fn}: \`${name}\` must hold at least ${minLength} value(s), got ${value.length}`);
  }
  for (let i = 0; i < value.length; i++) assertFiniteNumber(fn, `${name}[${i}]`, value[i]);
}

/** Two arrays of the same length (paired data). */
export function assertSameLength(
  fn: string,
  names: readonly [string, string],
  a: readonly unknown[],
  b: readonly unknown[],
): void {
  if (a.length !== b.length) {
    throw new RangeError(
      `${fn}: \`${names[0]}\` and \`${names[1]}\` must have the same length (paired data), got ${a.length} and ${b.length}`,
    );
  }
}

/** An options argument: undefined or a plain object. */
export function assertOptions(fn: string, value: unknown): void {
  if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    throw new TypeError(`${fn}: \`options\` must be an object, got ${describeValue(value)}`);
  }
}

/**
 * A paired 2x2 table `{ n11, n10, n01, n00 }` where only the discordant cells are needed: n10 and n01 must be
 * counts; n11 and n00 may be omitted, but a value that is given must be a count too (a NaN or negative cell is a
 * mistake upstream even when the function would not use it).
 */
export function assertDiscordantTable(fn: string, table: unknown): void {
  if (typeof table !== 'object' || table === null || Array.isArray(table)) {
    throw new TypeError(`${fn}: \`table\` must be an object { n11, n10, n01, n00 }, got ${describeValue(table)}`);
  }
  const { n11, n10, n01, n00 } = table as Record<string, unknown>;
  if (n11 !== undefined) assertCount(fn, 'table.n11', n11);
  assertCount(fn, 'table.n10', n10);
  assertCount(fn, 'table.n01', n01);
  if (n00 !== undefined) assertCount(fn, 'table.n00', n00);
}
