import { expect, it } from 'vitest';
import { EnqueueWindow } from '../../src/distributed/enqueue-window';
import { iterateCells } from '../../src/runner/plan-cells';
import type { Cell } from '../../src/runner/types';

const items = Array.from({ length: 50 }, (_, i) => ({ id: `q${i}`, input: i }));
const plan = (stored: Set<string>) => () => iterateCells(items, ['A', 'B'], {}, (key) => stored.has(key));

it('holds at most `size` cells unstored, tops up by batches as records come back, and enqueues every cell once', async () => {
  const stored = new Set<string>();
  const added: string[] = [];
  const batches: number[] = [];
  const window = new EnqueueWindow({
    size: 20,
    batch: 500,
    cells: plan(stored),
    add: async (cells) => {
      batches.push(cells.length);
      for (const cell of cells) added.push(cell.key);
    },
  });
  await window.fill();
  expect(added).toHaveLength(20);
  expect(window.outstanding).toBe(20);
  // Records come back in any order; the window never holds more than 20 and refills 5 at a time (a quarter).
  let maxOutstanding = 0;
  while (stored.size < 100) {
    const key = added.find((k) => !stored.has(k))!;
    stored.add(key);
    await window.settled(key);
    maxOutstanding = Math.max(maxOutstanding, window.outstanding);
  }
  expect(maxOutstanding).toBeLessThanOrEqual(20);
  expect(new Set(added).size).toBe(100);
  expect(added).toHaveLength(100);
  expect(batches.slice(1).every((n) => n === 5)).toBe(true);
  expect(window.exhausted).toBe(true);
});

it('a restart (Redis lost its data) walks the plan again from the first cell not stored, with an empty window', async () => {
  const stored = new Set<string>();
  const added: string[] = [];
  const window = new EnqueueWindow({
    size: 10,
    batch: 10,
    cells: plan(stored),
    add: async (cells) => {
      for (const cell of cells) added.push(cell.key);
    },
  });
  await window.fill();
  for (const key of added.slice(0, 4)) {
    stored.add(key);
    window.settled(key);
  }
  await window.fill();
  added.length = 0;
  await window.restart();
  // The 10 it holds are the first 10 cells not stored: the 6 that Redis lost, and 4 more.
  expect(added).toEqual(
    [...iterateCells(items, ['A', 'B'])]
      .map((c) => c.key)
      .filter((k) => !stored.has(k))
      .slice(0, 10),
  );
  expect(window.outstanding).toBe(10);
});

it('stops adding once the run stops, and refuses a size that is not a positive integer', async () => {
  let stop = false;
  const added: string[] = [];
  const window = new EnqueueWindow({
    size: 8,
    batch: 2,
    cells: plan(new Set()),
    stopped: () => stop,
    add: async (cells) => {
      for (const cell of cells) added.push(cell.key);
      stop = true;
    },
  });
  await window.fill();
  expect(added).toHaveLength(2);
  expect(() => new EnqueueWindow({ size: 0, batch: 1, cells: plan(new Set()), add: async () => undefined })).toThrow(
    'EnqueueWindow: `size` must be a positive integer, got 0',
  );
});

it('exclusive: the round of adding under way ends after its batch, none begins during the task, and it goes on after', async () => {
  const added: string[] = [];
  let release: (() => void) | undefined;
  const window = new EnqueueWindow({
    size: 40,
    batch: 10,
    cells: plan(new Set()),
    add: async (cells) => {
      // The first batch waits, as a slow round trip to Redis does, so that the task is asked for mid-round.
      if (added.length === 0) await new Promise<void>((resolve) => (release = resolve));
      for (const cell of cells) added.push(cell.key);
    },
  });
  const filling = window.fill();
  await new Promise((resolve) => setImmediate(resolve));
  const during: number[] = [];
  const task = window.exclusive(async () => {
    during.push(added.length);
    // A record settled during the task asks for a top-up: nothing is added until the task has ended.
    await window.settled(added[0]!);
    await new Promise((resolve) => setTimeout(resolve, 10));
    during.push(added.length);
    return 'done';
  });
  release!();
  expect(await task).toBe('done');
  await filling;
  // The batch under way was added before the task ran, and nothing during it.
  expect(during).toEqual([10, 10]);
  await window.fill();
  expect(added).toHaveLength(41);
  expect(new Set(added).size).toBe(41);
});

it('a restart asked for in the turn a round ends (it found nothing to add) walks again: the top-up is not lost', async () => {
  // What a --stop-early coordinator did when Redis lost its queue as it finished taking cells back: its last round
  // found nothing left to add (decided), and Redis's return restarted the window in that same turn. The restart's
  // round was folded into the ending one, nothing was enqueued again, and the coordinator waited for ever.
  const added: string[] = [];
  let source: Iterable<Cell> = [];
  const window = new EnqueueWindow({
    size: 10,
    batch: 10,
    cells: () => source[Symbol.iterator](),
    add: async (cells) => {
      for (const cell of cells) added.push(cell.key);
    },
  });
  const ending = window.fill();
  source = iterateCells(items, ['A', 'B']);
  const restarted = window.restart();
  await Promise.all([ending, restarted]);
  expect(added).toHaveLength(10);
  expect(window.outstanding).toBe(10);
});

it('exclusive: a top-up asked for during the task (a restart) is made once the task has ended, unasked', async () => {
  const added: string[] = [];
  const window = new EnqueueWindow({
    size: 10,
    batch: 10,
    cells: plan(new Set()),
    add: async (cells) => {
      for (const cell of cells) added.push(cell.key);
    },
  });
  await window.exclusive(async () => {
    await window.restart();
    expect(added).toEqual([]);
  });
  expect(added).toHaveLength(10);
});
