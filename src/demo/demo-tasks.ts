/**
 * The five kinds of task in the demo data set. Each task is a small question with one exact answer that
 * a program can check (so the demo's scorer is plain exact match), a structural difficulty on the logit
 * scale: longer numbers, longer words and more steps are harder, as they are for real models.
 */
import type { RandomSource } from '../../stats/seeded-random';

/** The categories, in the order the demo data lists them (`tags.category`). */
export const DEMO_CATEGORIES = ['arithmetic', 'units', 'dates', 'strings', 'counting'] as const;
export type DemoCategory = (typeof DEMO_CATEGORIES)[number];

/** One generated task, before the item id and the latent noise are added. */
export interface DemoTask {
  readonly question: string;
  readonly expected: string;
  /** Structural difficulty on the logit scale (0 = typical). */
  readonly structure: number;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const WORDS = [
  'planet',
  'orange',
  'library',
  'window',
  'elephant',
  'keyboard',
  'mountain',
  'umbrella',
  'notebook',
  'triangle',
  'calendar',
  'sandwich',
  'lighthouse',
  'telescope',
  'pineapple',
  'waterfall',
  'chocolate',
  'microscope',
  'strawberry',
  'encyclopedia',
  'independence',
  'refrigerator',
  'mississippi',
  'parallelogram',
  'bookkeeper',
];

const integer = (random: RandomSource, low: number, high: number): number =>
  low + Math.floor(random() * (high - low + 1));
const pick = <T>(random: RandomSource, values: readonly T[]): T => values[Math.floor(random() * values.length)]!;

function arithmetic(random: RandomSource): DemoTask {
  const multiply = random() < 0.5;
  const digits = integer(random, 1, 3);
  const a = integer(random, 10 ** digits, 10 ** (digits + 1) - 1);
  const b = integer(random, multiply ? 3 : 10, multiply ? 9 * digits + 3 : 10 ** (digits + 1) - 1);
  const answer = multiply ? a * b : a + b;
  return {
    question: `What is ${a} ${multiply ? '×' : '+'} ${b}?`,
    expected: String(answer),
    structure: digits - 2 + (multiply ? 0.8 : -0.4),
  };
}

const CONVERSIONS = [
  { from: 'kilometres', to: 'metres', factor: 1000, steps: 0 },
  { from: 'hours', to: 'minutes', factor: 60, steps: 0.5 },
  { from: 'kilograms', to: 'grams', factor: 1000, steps: 0 },
  { from: 'days', to: 'hours', factor: 24, steps: 0.5 },
  { from: 'hours', to: 'seconds', factor: 3600, steps: 1.5 },
  { from: 'weeks', to: 'minutes', factor: 10080, steps: 2.5 },
] as const;

function units(random: RandomSource): DemoTask {
  const conversion = pick(random, CONVERSIONS);
  const half = random() < 0.4;
  const amount = integer(random, 2, 40) + (half ? 0.5 : 0);
  const answer = amount * conversion.factor;
  return {
    question: `Convert ${amount} ${conversion.from} to ${conversion.to}.`,
    expected: String(answer),
    structure: conversion.steps + (half ? 0.7 : 0) - 1,
  };
}

function dates(random: RandomSource): DemoTask {
  const year = integer(random, 1950, 2030);
  const date = new Date(Date.UTC(year, integer(random, 0, 11), integer(random, 1, 28)));
  const iso = date.toISOString().slice(0, 10);
  const weekday = date.getUTCDay();
  // Dates far from the present are rarer in training text, hence harder.
  return {
    question: `What day of the week is ${iso}?`,
    expected: WEEKDAYS[weekday]!,
    structure: Math.abs(year - 2015) / 25 - 0.3,
  };
}

/** One word, or two for a longer (harder) text: about 650 distinct texts. */
const text = (random: RandomSource): string =>
  random() < 0.5 ? pick(random, WORDS) : `${pick(random, WORDS)} ${pick(random, WORDS)}`;

function strings(random: RandomSource): DemoTask {
  const word = text(random);
  const reversed = [...word].reverse().join('');
  return {
    question: `Reverse the letters of "${word}".`,
    expected: reversed,
    structure: (word.length - 9) / 2,
  };
}

function counting(random: RandomSource): DemoTask {
  const word = text(random);
  const letters = [...new Set(word.replace(' ', ''))];
  const letter = pick(random, letters);
  const answer = [...word].filter((c) => c === letter).length;
  return {
    question: `How many times does the letter "${letter}" appear in "${word}"?`,
    expected: String(answer),
    structure: (word.length - 9) / 3 + (answer - 1) * 0.6,
  };
}

/** The task generator of each category. */
export const DEMO_TASK_GENERATORS: Readonly<Record<DemoCategory, (random: RandomSource) => DemoTask>> = {
  arithmetic,
  units,
  dates,
  strings,
  counting,
};
