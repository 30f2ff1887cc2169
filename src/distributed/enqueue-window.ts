import type { Cell } from '../runner/types';

export interface EnqueueWindowOptions {
  /** Cells in the queue and not yet stored, at most. */
  readonly size: number;
  /** Cells added in one round trip (at most a quarter of `size`); the window is topped up once this many have room. */
  readonly batch: number;
  /** The cells to enqueue, in plan order, those already stored left out; called again on `restart`. */
  readonly cells: () => Iterator<Cell>;
  /** Add these cells to the queue (one round trip). */
  readonly add: (cells: readonly Cell[]) => Promise<void>;
  /** Stop adding (the run is stopping). */
  readonly stopped?: () => boolean;
}

/**
 * Backpressure between a coordinator and its queue: at most `size` cells are in Redis and not yet
 * stored, however large the plan, and the window is topped up as records come back (a 100k-cell run
 * never holds 100k jobs in Redis: its memory, and the time BullMQ takes to list or clean them, stay
 * bounded). BullMQ has no bound of its own on a queue's length (its flows and `addBulk` add what they
 * are given), so this is the producer's job.
 *
 * Cells are taken lazily from `cells()` (iterateCells, which skips the stored ones as it reaches them).
 * `restart` begins the walk again from the first cell not stored, with an empty window: after Redis
 * lost its data, every cell not stored must be enqueued again (those Redis kept are not added twice:
 * their job ids exist).
 */
export class EnqueueWindow {
  readonly #options: EnqueueWindowOptions;
  #outstanding = new Set<string>();
  #cells: Iterator<Cell>;
  #exhausted = false;
  /** The round of adding under way, while `#active`. */
  #filling: Promise<void> = Promise.resolve();
  #active = false;
  #again = false;
  #held = 0;

  constructor(options: EnqueueWindowOptions) {
    if (!Number.isInteger(options.size) || options.size < 1)
      throw new RangeError(`EnqueueWindow: \`size\` must be a positive integer, got ${options.size}`);
    if (!Number.isInteger(options.batch) || options.batch < 1)
      throw new RangeError(`EnqueueWindow: \`batch\` must be a positive integer, got ${options.batch}`);
    // At most a quarter of the window per round trip, so that it is topped up long before it runs dry.
    this.#options = { ...options, batch: Math.min(options.batch, Math.ceil(options.size / 4)) };
    this.#cells = options.cells();
  }

  /** Cells enqueued and not yet stored. */
  get outstanding(): number {
    return this.#outstanding.size;
  }

  /** Whether every cell of the plan has been enqueued (or was stored before). */
  get exhausted(): boolean {
    return this.#exhausted;
  }

  /** Top the window up (once one batch has room); resolves when this round of adding is done. */
  fill(): Promise<void> {
    // A round under way that has not yet ended takes the request over: it walks on (`#again`) before it ends. The
    // round says it has ended in its own last step (`#active`), not in a callback a turn later: a request made in
    // between (Redis's return restarting the window as a round that found nothing to add ended) was dropped, and
    // a coordinator with nothing left in flight then waited for ever (test/distributed/enqueue-window.test.ts).
    if (this.#active) {
      this.#again = true;
      return this.#filling;
    }
    this.#active = true;
    this.#filling = this.#fill();
    return this.#filling;
  }

  /** A cell's record is stored: its room in the window is free, and a batch is added once one has room (resolved when it is). */
  settled(key: string): Promise<void> {
    if (this.#outstanding.delete(key) && this.#room() >= this.#options.batch) return this.fill();
    return Promise.resolve();
  }

  /**
   * Run `task` with no cell being added meanwhile: the round of adding under way ends after its batch, none begins
   * until `task` has settled, and the window is topped up after. A coordinator that takes cells back out of the queue
   * does so here, so that the walk never adds a cell again that `task` has just removed.
   */
  async exclusive<T>(task: () => Promise<T>): Promise<T> {
    this.#held++;
    let result: T;
    try {
      if (this.#active) await this.#filling;
      result = await task();
    } finally {
      this.#held--;
    }
    // A round asked for meanwhile (a record stored, a restart) returned at once, held: it is made now.
    if (this.#held === 0) await this.fill();
    return result;
  }

  /** Walk the plan again from its first cell not stored, with an empty window, and fill it. */
  restart(): Promise<void> {
    this.#outstanding = new Set();
    this.#cells = this.#options.cells();
    this.#exhausted = false;
    return this.fill();
  }

  #room(): number {
    return this.#options.size - this.#outstanding.size;
  }

  async #fill(): Promise<void> {
    const { batch: batchSize, add, stopped } = this.#options;
    try {
      do {
        this.#again = false;
        while (!this.#exhausted && this.#room() > 0) {
          // Held: `exclusive` makes the round once its task has ended.
          if (stopped?.() || this.#held > 0) return;
          const source = this.#cells;
          const want = Math.min(batchSize, this.#room());
          const batch: Cell[] = [];
          while (batch.length < want) {
            const next = source.next();
            if (next.done) {
              this.#exhausted = true;
              break;
            }
            batch.push(next.value);
          }
          if (batch.length === 0) break;
          for (const cell of batch) this.#outstanding.add(cell.key);
          await add(batch);
          // Restarted meanwhile: begin the new walk.
          if (source !== this.#cells) this.#again = true;
        }
      } while (this.#again);
    } finally {
      // In the same step as the last look at `#again`: no request can come in between and be dropped.
      this.#active = false;
    }
  }
}
