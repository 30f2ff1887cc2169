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
 * started; and the manifest's record of why. The one schedule of the local runner (runExperiment pulls `cells()`
 * lazily as cells finish) and of a distributed run's coordinator (its enqueue window pulls it as records come back).
 *
 * The walk may be begun again (`cells()` once more: the coordinator after Redis lost its queue); an item started
 * by an earlier walk is walked again (its cells not stored are yielded again) even once decided, and counted once.
 * A coordinator that takes back the queued cells of items no worker had started (`withdraw`) has them counted as not
 * started, and never walked again.
 */
export class StoppingSchedule {
  readonly policy: StoppingPolicy;
  readonly #monitor: StoppingMonitor;
  readonly #order: ReturnType<typeof shuffledItems>;
  readonly #variants: readonly string[];
  readonly #plan: PlanCellsOptions;
  readonly #withdrawn = new Set<string>();
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
   * and count as walked every item up to the last one in the order that has a stored cell or is in `alsoStarted`
   * (a coordinator's: the items whose cells the killed coordinator left in the queue). So the record counts them as
   * started, and the walk yields their cells not stored again even when the stored ones have already decided: a
   * run resumed after its decision finishes the items it had started and starts none, as it would have unkilled.
   */
  resumeFrom(
    prior: ReadonlyMap<string, Omit<MonitoredCell, 'item'>>,
    isDone: (key: string) => boolean,
    alsoStarted: Iterable<string> = [],
  ): void {
    const started = new Set(alsoStarted);
    for (const [key, cell] of prior) {
      const item = String(JSON.parse(key)[0]);
      started.add(item);
      if (isDone(key)) this.#monitor.add({ item, ...cell });
    }
    this.#order.items.forEach((item, position) => {
      if (started.has(String(item.id))) this.#walked = Math.max(this.#walked, position + 1);
    });
  }

  /** Count a stored cell. */
  add(cell: MonitoredCell): void {
    this.#monitor.add(cell);
  }

  /** Whether the comparison has reached a finding: no new item starts. */
  get decided(): boolean {
    return this.#monitor.decided;
  }

  /** The cells to run, lazily, in the schedule's order (`skip`: the stored ones). */
  *cells(skip?: (key: string) => boolean): Generator<Cell, void, undefined> {
    let position = 0;
    for (const item of this.#order.items) {
      const fresh = position >= this.#walked;
      if (fresh && (this.#walked >= this.policy.maxItems || this.#monitor.decided)) return;
      position++;
      if (fresh) this.#walked = position;
      if (this.#withdrawn.has(String(item.id))) continue;
      yield* iterateCells([item], this.#variants, this.#plan, skip);
    }
    this.#exhausted = true;
  }

  /**
   * These items' cells were taken back before any of them started (a coordinator does so once decided): they count as
   * not started and are not walked again.
   */
  withdraw(itemIds: Iterable<string>): void {
    for (const id of itemIds) this.#withdrawn.add(id);
  }

  /** The manifest's record, once the run has ended (StoppingMonitor.record). */
  record(): StoppingRecord {
    return this.#monitor.record(this.#walked - this.#withdrawn.size, this.#order.orderSeed, this.#exhausted);
  }
}
