import type { RandomSource } from '../../stats/seeded-random';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/**
 * A wrong answer of the kind models give, for the demo's simulated models: a number off by one or by ten
 * (or ten times too large), the weekday before or after, two neighbouring letters swapped.
 *
 * @example plausibleWrongAnswer('Friday', seededRandom(1)) // 'Thursday' or 'Saturday'
 */
export function plausibleWrongAnswer(expected: string, random: RandomSource): string {
  if (/^\d+$/.test(expected)) {
    const value = Number(expected);
    const slips = value >= 20 ? [value - 1, value + 1, value + 10, value - 10, value * 10] : [value + 1, value + 2];
    return String(slips[Math.floor(random() * slips.length)]);
  }
  const day = WEEKDAYS.indexOf(expected);
  if (day >= 0) return WEEKDAYS[(day + (random() < 0.5 ? 1 : 6)) % 7]!;
  const letters = [...expected];
  const i = Math.floor(random() * (letters.length - 1));
  [letters[i], letters[i + 1]] = [letters[i + 1]!, letters[i]!];
  const swapped = letters.join('');
  return swapped === expected ? `${expected.slice(1)}` : swapped;
}
