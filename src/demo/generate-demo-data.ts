/**
 * The demo data set and its two simulated models, generated from a seed. `scripts/generate-demo-data.ts`
 * writes the result to `datasets/`; `verdict demo` reads it from there (or, in an installed package that
 * ships no datasets, generates the same data in memory: a test checks that the two agree).
 *
 * What it models: 400 short questions in 5 categories, each with a latent difficulty (the category's
 * structural difficulty plus item-level noise, logit scale). "model-v1" is the baseline; "model-v2" is a
 * cheaper, faster candidate whose skill per category is calibrated so that its TRUE pass rate (the
 * expectation over outcomes, on these items) differs from v1's by exactly `DEMO_TRUE_DIFFERENCES`:
 * much worse on dates, a little better on strings, 4 points worse overall.
 */
import { seededRandom } from '../../stats/seeded-random';
import { DEMO_CATEGORIES, DEMO_TASK_GENERATORS, type DemoCategory } from './demo-tasks';
import { passProbability, type SimulatedItem, type SimulatedModelProfile } from './simulated-model';
import { standardNormal } from './standard-normal';

/** The seed of the committed demo data. */
export const DEMO_DATA_SEED = 20_251_121;

/** Items per category in the committed data (5 categories: 400 items). */
export const DEMO_ITEMS_PER_CATEGORY = 80;

/** The names of the demo's baseline and candidate. */
export const DEMO_BASELINE = 'model-v1';
export const DEMO_CANDIDATE = 'model-v2';

/** True difference in pass rate, candidate minus baseline, per category (equal category sizes: mean -0.04). */
export const DEMO_TRUE_DIFFERENCES: Readonly<Record<DemoCategory, number>> = {
  arithmetic: -0.01,
  units: -0.01,
  dates: -0.18,
  strings: 0.05,
  counting: -0.05,
};

/** The baseline's skill per category (logit scale). */
const BASELINE_SKILL: Readonly<Record<DemoCategory, number>> = {
  arithmetic: 3.0,
  units: 2.8,
  dates: 2.4,
  strings: 2.6,
  counting: 2.2,
};

/** Standard deviation of the item-level difficulty noise (logit scale). */
const DIFFICULTY_SPREAD = 2;

/** A demo item: the record an experiment reads, plus the latent difficulty the simulation uses. */
export interface DemoItem extends SimulatedItem {
  readonly id: string;
  readonly input: string;
}

/** True pass rates of the two models on one group of items. */
export interface DemoTruthRow {
  readonly n: number;
  readonly baseline: number;
  readonly candidate: number;
  readonly difference: number;
}

export interface DemoData {
  readonly seed: number;
  readonly items: readonly DemoItem[];
  /** Baseline first, then candidate. */
  readonly models: readonly [SimulatedModelProfile, SimulatedModelProfile];
  /** True (expected) pass rates, overall and per category. */
  readonly truth: { readonly overall: DemoTruthRow; readonly byCategory: Readonly<Record<DemoCategory, DemoTruthRow>> };
}

export interface GenerateDemoDataOptions {
  /** @default DEMO_DATA_SEED */
  readonly seed?: number;
  /** Items per category. @default 80 */
  readonly perCategory?: number;
}

/** Generate the demo items and calibrate the candidate model on them. Deterministic in `seed`. */
export function generateDemoData(options: GenerateDemoDataOptions = {}): DemoData {
  const items = generateDemoItems(options);
  const models = demoModels(items);
  return { seed: options.seed ?? DEMO_DATA_SEED, items, models, truth: demoTruth(items, ...models) };
}

/** The demo items: `perCategory` questions of each category, with their latent difficulty. */
function generateDemoItems({ seed = DEMO_DATA_SEED, perCategory = 80 }: GenerateDemoDataOptions = {}): DemoItem[] {
  const random = seededRandom(seed);
  const items: DemoItem[] = [];
  for (const category of DEMO_CATEGORIES) {
    for (let i = 1; i <= perCategory; i++) {
      const task = DEMO_TASK_GENERATORS[category](random);
      const difficulty = task.structure + DIFFICULTY_SPREAD * standardNormal(random);
      items.push({
        id: `${category}-${String(i).padStart(3, '0')}`,
        input: task.question,
        expected: task.expected,
        tags: { category, difficulty: difficultyLevel(difficulty) },
        difficulty: Math.round(difficulty * 1000) / 1000,
      });
    }
  }
  return items;
}

/** The latent difficulty as a level, written as `tags.difficulty` (logit scale: below -1 easy, from 1.5 hard). */
function difficultyLevel(difficulty: number): 'easy' | 'medium' | 'hard' {
  return difficulty < -1 ? 'easy' : difficulty < 1.5 ? 'medium' : 'hard';
}

/** The two simulated models: the baseline as fixed, the candidate calibrated on `items` to `DEMO_TRUE_DIFFERENCES`. */
export function demoModels(items: readonly SimulatedItem[]): [SimulatedModelProfile, SimulatedModelProfile] {
  const baseline: SimulatedModelProfile = {
    name: DEMO_BASELINE,
    description: 'the current model (baseline)',
    skill: BASELINE_SKILL,
    latencyMedianMs: 40,
    usdPerMillionTokens: 3,
  };
  const skill = {} as Record<DemoCategory, number>;
  for (const category of DEMO_CATEGORIES) {
    const inCategory = items.filter((item) => item.tags.category === category);
    skill[category] = calibrateSkill(baseline, inCategory, DEMO_TRUE_DIFFERENCES[category]);
  }
  const candidate: SimulatedModelProfile = {
    name: DEMO_CANDIDATE,
    description: 'a cheaper, faster distilled model (candidate)',
    skill,
    latencyMedianMs: 25,
    usdPerMillionTokens: 1.2,
  };
  return [baseline, candidate];
}

/** True pass rates of `baseline` and `candidate` on `items`, overall and per category. */
export function demoTruth(
  items: readonly SimulatedItem[],
  baseline: SimulatedModelProfile,
  candidate: SimulatedModelProfile,
): DemoData['truth'] {
  const row = (group: readonly SimulatedItem[]): DemoTruthRow => {
    const mean = (profile: SimulatedModelProfile) =>
      group.reduce((sum, item) => sum + passProbability(profile, item), 0) / group.length;
    const [a, b] = [mean(baseline), mean(candidate)];
    return { n: group.length, baseline: a, candidate: b, difference: b - a };
  };
  const byCategory = {} as Record<DemoCategory, DemoTruthRow>;
  for (const category of DEMO_CATEGORIES) byCategory[category] = row(items.filter((i) => i.tags.category === category));
  return { overall: row(items), byCategory };
}

/**
 * The skill (logit) at which a model's mean pass probability on `items` exceeds the baseline's by
 * `difference`, by bisection: the mean is increasing in skill.
 */
function calibrateSkill(baseline: SimulatedModelProfile, items: readonly SimulatedItem[], difference: number): number {
  const category = items[0]!.tags.category;
  const meanAt = (value: number) =>
    items.reduce((sum, item) => sum + 1 / (1 + Math.exp(-(value - item.difficulty))), 0) / items.length;
  const target = meanAt(baseline.skill[category]) + difference;
  let [low, high] = [-20, 20];
  for (let i = 0; i < 100; i++) {
    const mid = (low + high) / 2;
    if (meanAt(mid) < target) low = mid;
    else high = mid;
  }
  return Math.round(((low + high) / 2) * 1e6) / 1e6;
}
