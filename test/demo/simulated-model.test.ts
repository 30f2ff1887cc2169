import { describe, expect, it } from 'vitest';
import { generateDemoData } from '../../src/demo/generate-demo-data';
import { DEMO_FAULTS, passProbability, simulateCall, simulatedModel } from '../../src/demo/simulated-model';
import { TransientError } from '../../src/runner/transient-error';
import type { TargetContext } from '../../src/schema/experiment-definition';

const data = generateDemoData();
const [baseline, candidate] = data.models;
const item = data.items[0]!;
const seeds = Array.from({ length: 4000 }, (_, i) => i * 7919 + 1);

const context = (seed: number, attempt: number, signal = new AbortController().signal): TargetContext => ({
  signal,
  item,
  variant: baseline.name,
  sample: 0,
  attempt,
  seed,
  report: () => {},
});

describe('simulateCall', () => {
  it('is a function of (cell seed, sample, attempt): the same call plans the same outcome', () => {
    for (const seed of seeds.slice(0, 200)) {
      for (const attempt of [1, 2, 3]) {
        const call = { seed, sample: 0, attempt };
        expect(simulateCall(baseline, item, call, 1)).toEqual(simulateCall(baseline, item, call, 1));
      }
    }
  });

  it('passes as often as the pass probability says, and answers wrongly otherwise', () => {
    const answers = seeds
      .map((seed, sample) => simulateCall(baseline, item, { seed, sample, attempt: 3 }))
      .filter((call) => call.kind === 'answer');
    const passes = answers.filter((call) => call.passes);
    const p = passProbability(baseline, item);
    const se = Math.sqrt((p * (1 - p)) / answers.length);
    expect(Math.abs(passes.length / answers.length - p)).toBeLessThan(5 * se);
    for (const call of answers) expect(call.output === item.expected).toBe(call.passes);
  });

  it('misbehaves at the configured rates: transient faults on early attempts only, hangs and refusals always', () => {
    const kinds = (attempt: number) => {
      const counts = { answer: 0, transient: 0, refusal: 0, hang: 0 };
      for (const seed of seeds) counts[simulateCall(baseline, item, { seed, sample: 0, attempt }).kind]++;
      return counts;
    };
    const [first, third] = [kinds(1), kinds(3)];
    const n = seeds.length;
    const within = (count: number, rate: number) =>
      expect(Math.abs(count / n - rate)).toBeLessThan(5 * Math.sqrt((rate * (1 - rate)) / n));
    within(first.transient, DEMO_FAULTS.rateLimited + DEMO_FAULTS.unavailable);
    within(first.hang, DEMO_FAULTS.hang);
    within(first.refusal, DEMO_FAULTS.refusal);
    expect(third.transient).toBe(0);
    expect([third.hang, third.refusal]).toEqual([first.hang, first.refusal]);
  });

  it('makes the two versions agree on most items: the shared draw pairs their outcomes', () => {
    let discordant = 0;
    for (const [sample, seed] of seeds.entries()) {
      const a = simulateCall(baseline, item, { seed, sample, attempt: 3 });
      const b = simulateCall(candidate, item, { seed: seed + 1, sample, attempt: 3 });
      if (a.kind === 'answer' && b.kind === 'answer' && a.passes !== b.passes) discordant++;
    }
    const [pa, pb] = [passProbability(baseline, item), passProbability(candidate, item)];
    const independentDiscordance = pa * (1 - pb) + (1 - pa) * pb;
    expect(discordant / seeds.length).toBeLessThan(independentDiscordance / 2);
  });
});

describe('simulatedModel', () => {
  it('throws a TransientError where the plan says so, and answers on a later attempt', async () => {
    const target = simulatedModel(baseline, data.items);
    const seed = seeds.find(
      (s) => simulateCall(baseline, item, { seed: s, sample: 0, attempt: 1 }).kind === 'transient',
    )!;
    await expect(target(item.input, context(seed, 1))).rejects.toBeInstanceOf(TransientError);
    const later = simulateCall(baseline, item, { seed, sample: 0, attempt: 3 });
    expect(later.kind).toBe('answer');
    await expect(target(item.input, context(seed, 3))).resolves.toBe(later.kind === 'answer' ? later.output : '');
  });

  it('hangs until its signal aborts, then rejects with the reason', async () => {
    const target = simulatedModel(baseline, data.items);
    const seed = seeds.find((s) => simulateCall(baseline, item, { seed: s, sample: 0, attempt: 1 }).kind === 'hang')!;
    const controller = new AbortController();
    const call = target(item.input, context(seed, 1, controller.signal));
    controller.abort(new Error('deadline'));
    await expect(call).rejects.toThrow('deadline');
  });
});
