/**
 * Whether an item id written as a number is the number read. An integer past 2^53 - 1 (Number.MAX_SAFE_INTEGER)
 * has no double of its own: every JSON reader of JavaScript (JSON.parse, YAML) rounds it, so ids such as
 * 9007199254740993 and 9007199254740992 are read as one, and two different items pair as the same (a review found a
 * comparison of two variants with no item in common PASS the gate on 200 "paired" items). Such an id is refused; as
 * a string it keeps its digits, and a Parquet or Arrow int64 column keeps them as text (columnar-into-columns).
 *
 * @example isExactItemNumber(2 ** 53 - 1) // true
 * @example isExactItemNumber(2 ** 53) // false: 2^53 + 1 reads as 2^53
 * @example isExactItemNumber(1.5) // true
 */
export const isExactItemNumber = (value: number): boolean =>
  Number.isFinite(value) && (Number.isSafeInteger(value) || !Number.isInteger(value));

/**
 * The refusal of a number id that is not {@link isExactItemNumber}, saying what to do; `value` is the id as read
 * (already rounded: the digits written are not known to a JSON reader).
 * @example inexactItemNumber(2 ** 53) // 'expected a string, or a number of at most 2^53 - 1, got 9007199254740992 as read (...)'
 */
export const inexactItemNumber = (value: unknown): string =>
  `expected a string, or a number of at most 2^53 - 1, got ${String(value)} as read (an integer id past 9007199254740991 loses its last digits when read, so two ids can read as one: write it as a string)`;
