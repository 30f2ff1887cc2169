import { describe, expect, it } from 'vitest';
import { shuffledItems } from '../../src/runner/stopping-monitor';
import { StoppingSchedule, stoppingPolicyOf } from '../../src/runner/stopping-schedule';
import type { Experiment } from '../../src/schema/experiment-definition';

// The schedule's walk rules that a coordinator relies on beyond a local run's single walk: a walk begun again
// (Redis lost the queue) yields again the cells not stored of items already started, even once decided, and counts
// each item once; items taken back before they started are neither walked again nor counted.

const experiment: Experiment = {
  name: 'schedule',
  items: Array.from({ length: 200 }, (_, i) => ({ id: `q${i}`, input: i })),
  variants: { A: () => true, B: () => false },
  score: (output) => output === true,
  seed: 3,
};
const variants = ['A', 'B'];
const start = (stopEarly: Parameters<typeof stoppingPolicyOf>[1] = true) =>
  new StoppingSchedule(stoppingPolicyOf(experiment, stopEarly, variants)!, experiment, {
    variants,
    samples: 1,
    seed: 3,
  });
/** The order a local run starts items in (the schedule's). */
const order = shuffledItems(experiment.items, 3).items.map((item) => String(item.id));
/** Store both cells of an item: A passes, B fails (a clear regression). */
const storeItem = (schedule: StoppingSchedule, item: string, stored: Set<string>) => {
  for (const variant of variants) {
    schedule.add({ item, variant, status: 'ok', pass: variant === 'A' });
    stored.add(JSON.stringify([item, variant, 0]));
  }
};

/** Walk the schedule, storing each item whole as its last cell is taken, until it has decided. */
const walkUntilDecided = (schedule: StoppingSchedule, stored: Set<string>) => {
  const walk = schedule.cells((key) => stored.has(key));
  const started: string[] = [];
  while (!schedule.decided) {
    const cell = walk.next().value!;
    if (cell.variant === 'A') started.push(String(cell.item.id));
    else storeItem(schedule, String(cell.item.id), stored);
  }
  return { walk, started };
};

describe('StoppingSchedule', () => {
  it('one walk: the seeded order, item by item, until decided; the record counts the items started', () => {
    const schedule = start();
    const stored = new Set<string>();
    const walk = schedule.cells((key) => stored.has(key));
    const started: string[] = [];
    for (const cell of walk) {
      if (cell.variant === 'A') started.push(String(cell.item.id));
      else storeItem(schedule, String(cell.item.id), stored);
    }
    expect(schedule.decided).toBe(true);
    expect(started).toEqual(order.slice(0, started.length));
    expect(schedule.record()).toMatchObject({ reason: 'decided', finding: 'worse', itemsStarted: started.length });
  });

  it('a walk begun again after the decision yields only the unstored cells of started items, each item counted once', () => {
    const schedule = start();
    const stored = new Set<string>();
    const { walk: first, started: startedItems } = walkUntilDecided(schedule, stored);
    const started = startedItems.length;
    // The walk goes on with the item it has begun; no new item once decided.
    const inFlight = first.next();
    expect(inFlight.done).toBe(true);
    // An item started, its cells not stored (in flight when Redis lost the queue): walked again, the others not.
    const [last] = [...stored].slice(-1);
    const lastItem = JSON.parse(last!)[0] as string;
    for (const variant of variants) stored.delete(JSON.stringify([lastItem, variant, 0]));
    const again = [...schedule.cells((key) => stored.has(key))].map((cell) => cell.key);
    expect(again).toEqual([JSON.stringify([lastItem, 'A', 0]), JSON.stringify([lastItem, 'B', 0])]);
    expect(schedule.record()).toMatchObject({ reason: 'decided', itemsStarted: started });
  });

  it('items withdrawn after the decision count as not started and are not walked again', () => {
    const schedule = start();
    const stored = new Set<string>();
    const walk = schedule.cells((key) => stored.has(key));
    // As a coordinator's window takes cells ahead of the workers: each item is stored two items after it is taken,
    // so at the decision the last two taken have run no cell.
    const taken: string[] = [];
    while (!schedule.decided) {
      const cell = walk.next().value!;
      if (cell.variant !== 'B') continue;
      taken.push(String(cell.item.id));
      if (taken.length > 2) storeItem(schedule, taken[taken.length - 3]!, stored);
    }
    const unstarted = taken.slice(-2);
    schedule.withdraw(unstarted);
    expect(walk.next().done).toBe(true);
    expect([...schedule.cells((key) => stored.has(key))]).toEqual([]);
    expect(schedule.record()).toMatchObject({ reason: 'decided', itemsStarted: taken.length - 2 });
  });

  it('an item withdrawn while its cells are being taken yields no more of them; one with a stored cell stays started', () => {
    const schedule = start();
    const walk = schedule.cells();
    const first = walk.next().value!;
    expect(first.variant).toBe('A');
    expect(schedule.withdraw([String(first.item.id)])).toEqual([String(first.item.id)]);
    // The walk goes on with the next item, not with the withdrawn one's B.
    const next = walk.next().value!;
    expect([String(next.item.id), next.variant]).toEqual([order[1], 'A']);
    // A cell of an item stored after all (its job could not be taken back): the item counts as started.
    schedule.add({ item: order[1]!, variant: 'A', status: 'ok', pass: true });
    // Not withdrawn: the coordinator leaves its cells in the queue.
    expect(schedule.withdraw([order[1]!])).toEqual([]);
    expect(schedule.record().itemsStarted).toBe(1);
  });

  it('resumed after the decision: the started items are counted and their cells not stored walked, no new item', () => {
    // A first run decides; its last item has one cell stored (the other in flight when it was killed), and the
    // killed coordinator left the next item's cells in the queue.
    const first = start();
    const stored = new Set<string>();
    const prior = new Map<string, { variant: string; status: 'ok'; pass: boolean }>();
    const started = walkUntilDecided(first, stored).started.length;
    for (const key of stored) {
      const [, variant] = JSON.parse(key) as [string, string];
      prior.set(key, { variant, status: 'ok', pass: variant === 'A' });
    }
    const half = JSON.stringify([order[started]!, 'A', 0]);
    prior.set(half, { variant: 'A', status: 'ok', pass: true });
    stored.add(half);
    const queued = order[started + 1]!;

    const resumed = start();
    resumed.resumeFrom(prior, (key) => stored.has(key), [queued]);
    expect(resumed.decided).toBe(true);
    const again = [...resumed.cells((key) => stored.has(key))].map((cell) => cell.key);
    expect(again).toEqual([
      JSON.stringify([order[started]!, 'B', 0]),
      JSON.stringify([queued, 'A', 0]),
      JSON.stringify([queued, 'B', 0]),
    ]);
    expect(resumed.record()).toMatchObject({ reason: 'decided', finding: 'worse', itemsStarted: started + 2 });
  });

  it('a coordinator resumed after the decision does not start again the items the killed one took back', () => {
    // The first coordinator decided and took back the next two items' cells; it left the third's in the queue.
    const first = start();
    const stored = new Set<string>();
    const started = walkUntilDecided(first, stored).started.length;
    const prior = new Map<string, { variant: string; status: 'ok'; pass: boolean }>();
    for (const key of stored) {
      const [, variant] = JSON.parse(key) as [string, string];
      prior.set(key, { variant, status: 'ok', pass: variant === 'A' });
    }
    const queued = order[started + 2]!;
    const resumed = start();
    resumed.resumeFrom(prior, (key) => stored.has(key), [queued]);
    const again = [...resumed.cells((key) => stored.has(key))].map((cell) => cell.key);
    expect(again).toEqual([JSON.stringify([queued, 'A', 0]), JSON.stringify([queued, 'B', 0])]);
    expect(resumed.record()).toMatchObject({ reason: 'decided', itemsStarted: started + 1 });
    // A local run's resume has no queue: an item before the last stored one with no stored cell was in flight when
    // the run was killed, and is walked again.
    const local = start();
    const gap = new Map(prior);
    const lastItem = order[started - 1]!;
    const keptItem = order[started - 2]!;
    for (const key of [...gap.keys()]) if (JSON.parse(key)[0] === keptItem) gap.delete(key);
    const storedLocal = new Set(gap.keys());
    local.resumeFrom(gap, (key) => storedLocal.has(key));
    expect(gap.has(JSON.stringify([lastItem, 'A', 0]))).toBe(true);
    // (Its stored cells no longer decide, so the walk goes on to new items after it.)
    const walkedAgain = [...local.cells((key) => storedLocal.has(key))].slice(0, 3).map((cell) => cell.key);
    expect(walkedAgain).toEqual([
      JSON.stringify([keptItem, 'A', 0]),
      JSON.stringify([keptItem, 'B', 0]),
      JSON.stringify([order[started]!, 'A', 0]),
    ]);
  });
  it('Redis lost the queue once decided: every started item with no stored cell is taken back, and one is started again by a record of it', () => {
    const schedule = start();
    const stored = new Set<string>();
    const walk = schedule.cells((key) => stored.has(key));
    // The first three items enqueued, none of their cells stored (in the queue Redis lost); the next stored until decided.
    for (let i = 0; i < 6; i++) walk.next();
    while (!schedule.decided) {
      const cell = walk.next().value!;
      if (cell.variant === 'B') storeItem(schedule, String(cell.item.id), stored);
    }
    const storedItems = new Set([...stored].map((key) => JSON.parse(key)[0] as string));
    expect(schedule.withdrawUnstored()).toEqual(order.slice(0, 3));
    expect(schedule.record().itemsStarted).toBe(storedItems.size);
    // A cell of one of them was on a worker: its record starts the item again, and the walk yields its other cell.
    expect(schedule.add({ item: order[1]!, variant: 'A', status: 'ok', pass: true })).toBe(true);
    stored.add(JSON.stringify([order[1], 'A', 0]));
    expect(schedule.add({ item: order[5]!, variant: 'A', status: 'ok', pass: true })).toBe(false);
    expect([...schedule.cells((key) => stored.has(key))].map((cell) => [cell.item.id, cell.variant])).toEqual([
      [order[1], 'B'],
    ]);
    expect(schedule.record().itemsStarted).toBe(storedItems.size + 1);
  });
});
