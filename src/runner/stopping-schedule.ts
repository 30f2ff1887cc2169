import type { Experiment } from '../schema/experiment-definition';
import {
  resolveStoppingPolicy,
  type StoppingPolicy,
  type StoppingPolicyInput,
  type StoppingRecord,
} from '../schema/stopping-policy';
import { iterateCells, type PlanCellsOptions } from './plan-cells';
import { type MonitoredCell, StoppingMonitor, shuffledItems } from './stopping-monitor';
import type { Cell } from './types';

/**
 * The stopping policy of a run asked to stop early (`stopEarly`: `true` for the experiment's `stopping`, an object
 * for overrides of it), every default filled in; undefined when the run is not to stop early.
 *
 * @throws {RangeError} for a policy that names no variant, or an impossible one (resolveStoppingPolicy).
 */
export function stoppingPolicyOf(
  experiment: Experiment,
  stopEarly: boolean | StoppingPolicyInput | undefined,
  variants: readonly string[],
): StoppingPolicy | undefined {
  if (stopEarly === undefined || stopEarly === false) return undefined;
  return resolveStoppingPolicy(
    { ...experiment.stopping, ...(typeof stopEarly === 'object' ? stopEarly : {}) },
    variants,
    experiment.items.length,
  );
}

/**
 * What an early-stopping run starts, and when it stops starting: the items in the seeded order (shuffledItems), item
 * by item with each item's cells together, none new once the StoppingMonitor has decided or `maxItems` items have
 * been walked; and the manifest's record of why. The one schedule of the local runner (runExperiment pulls `cells()`
 * lazily as cells finish) and of a distributed run's coordinator (its enqueue window pulls it as records come back).
 *
 * The items started are a set, not a count of the walk: an item is started when the walk reaches it, when a resume
 * finds it started, and whenever a cell of it is stored (`add`), so that the record counts every item with a stored
 * cell however the walk and a coordinator's queue raced; an item taken back before any of its cells ran (`withdraw`)
 * is not started, and is never walked again.
 *
 * The walk may be begun again (`cells()` once more: the coordinator after Redis lost its queue); a started item is
 * walked again (its cells not stored are yielded again) even once decided, and counted once.
 */
export class StoppingSchedule {
  readonly policy: StoppingPolicy;
  readonly #monitor: StoppingMonitor;
  readonly #order: ReturnType<typeof shuffledItems>;
  readonly #variants: readonly string[];
  readonly #plan: PlanCellsOptions;
  /** Items started (walked, found started on a resume, or with a stored cell), withdrawn ones aside. */
  readonly #started = new Set<string>();
  /** Items with a stored cell: never withdrawn. */
  readonly #stored = new Set<string>();
  /** Positions of the order walked: every item before it has been started or withdrawn. */
  #walked = 0;
  #exhausted = false;

  constructor(
    policy: StoppingPolicy,
    experiment: Experiment,
    {
      variants,
      samples,
      seed,
    }: { readonly variants: readonly string[]; readonly samples: number; readonly seed: number },
  ) {
    this.policy = policy;
    this.#monitor = new StoppingMonitor(policy, { samples });
    this.#order = shuffledItems(experiment.items, seed);
    this.#variants = variants;
    this.#plan = { samples, seed };
  }

  /**
   * A resume: feed the monitor the stored cells that will not run again (`isDone`), in the order they were stored,
   * and walk on from the last item in the order that has a stored cell or is `queued`. The record then counts them
   * as started, and the walk yields their cells not stored again even when the stored ones have already decided: a
   * run resumed after its decision finishes the items it had started and starts none, as it would have unkilled.
   *
   * The items before that one with no stored cell: a local run's were in flight when it was killed, and are walked
   * again. A coordinator passes `queued`, the items whose cells the killed coordinator left in the queue (waiting,
   * on a worker, or done and not yet stored: one atomic listing, and a job's hash outlives its moves between states);
   * for it an item with neither a stored nor a queued cell was taken back by the coordinator that decided (or lost
   * with Redis's data), so once decided it is not started again.
   */
  resumeFrom(
    prior: ReadonlyMap<string, Omit<MonitoredCell, 'item'>>,
    isDone: (key: string) => boolean,
    queued?: Iterable<string>,
  ): void {
    const found = new Set(queued);
    for (const [key, cell] of prior) {
      const item = String(JSON.parse(key)[0]);
      found.add(item);
      this.#stored.add(item);
      if (isDone(key)) this.#monitor.add({ item, ...cell });
    }
    const items = this.#order.items;
    items.forEach((item, position) => {
      if (found.has(String(item.id))) this.#walked = Math.max(this.#walked, position + 1);
    });
    const walkedAgain = queued === undefined || !this.#monitor.decided;
    for (const item of items.slice(0, this.#walked)) {
      const id = String(item.id);
      if (found.has(id) || walkedAgain) this.#started.add(id);
    }
  }

  /**
   * Count a stored cell; its item is started. Returns whether that starts it again (it had been taken back,
   * `withdraw`): a coordinator whose Redis lost the queue takes back every item with no stored cell, a worker may
   * have been running a cell of one, and its record then arrives; the item's cells not stored must then be enqueued
   * again (the walk yields them once more), so that it runs whole.
   */
  add(cell: MonitoredCell): boolean {
    const again = !this.#started.has(cell.item);
    this.#stored.add(cell.item);
    this.#started.add(cell.item);
    this.#monitor.add(cell);
    return again;
  }

  /** Whether the comparison has reached a finding: no new item starts. */
  get decided(): boolean {
    return this.#monitor.decided;
  }

  /** The cells to run, lazily, in the schedule's order (`skip`: the stored ones). */
  *cells(skip?: (key: string) => boolean): Generator<Cell, void, undefined> {
    let position = 0;
    for (const item of this.#order.items) {
      const id = String(item.id);
      const fresh = position >= this.#walked;
      if (fresh && (this.#walked >= this.policy.maxItems || this.#monitor.decided)) return;
      position++;
      if (fresh) {
        this.#walked = position;
        this.#started.add(id);
      }
      if (!this.#started.has(id)) continue;
      // Withdrawn while this item's cells were being taken (a coordinator's enqueue window pulls them in batches):
      // its remaining cells are not yielded either, so that it runs whole or not at all.
      for (const cell of iterateCells([item], this.#variants, this.#plan, skip)) {
        if (!this.#started.has(id)) break;
        yield cell;
      }
    }
    this.#exhausted = true;
  }

  /**
   * These items' cells were taken back before any of them ran (a coordinator does so once decided): they count as
   * not started and are not walked again. An item with a stored cell has started and stays so: the ones withdrawn are
   * returned, so that a coordinator takes back the cells of those only.
   */
  withdraw(itemIds: Iterable<string>): string[] {
    const withdrawn: string[] = [];
    for (const id of itemIds) {
      if (this.#stored.has(id)) continue;
      this.#started.delete(id);
      withdrawn.push(id);
    }
    return withdrawn;
  }

  /**
   * Take back every started item with no stored cell (`withdraw`), and return them: a coordinator whose Redis lost
   * its queue after the decision cannot tell which of them a worker had begun. None starts again unless a record of
   * it arrives (`add`: a cell that was on a worker).
   */
  withdrawUnstored(): string[] {
    return this.withdraw([...this.#started]);
  }

  /** The manifest's record, once the run has ended (StoppingMonitor.record). */
  record(): StoppingRecord {
    return this.#monitor.record(this.#started.size, this.#order.orderSeed, this.#exhausted);
  }
}
