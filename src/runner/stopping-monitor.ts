import {
  type PairedSequenceFinding,
  type PairedSequenceState,
  pairedSequenceDecision,
  pairedSequenceFinalLook,
  seededRandom,
  startPairedSequence,
  updatePairedSequence,
} from '../../stats/index';
import type { CellStatus } from '../schema/cell-record';
import type { ExperimentItem } from '../schema/experiment-definition';
import type { StoppingPolicy, StoppingReason, StoppingRecord } from '../schema/stopping-policy';
import { fnv1a32 } from './derive-seed';

/** One cell's outcome as the monitor needs it. */
export interface MonitoredCell {
  readonly item: string;
  readonly variant: string;
  readonly status: CellStatus;
  readonly pass: boolean | undefined;
}

/**
 * The items of an experiment in the order an early-stopping run starts them: a Fisher-Yates shuffle driven by
 * `seededRandom` from the experiment seed, so the order is random (the pairs that complete first are a random
 * sample of the items, which the sequential tests' i.i.d. model needs: an items file sorted by difficulty or
 * category would otherwise bias the first decision) and the same on every run and resume of the experiment.
 *
 * @example shuffledItems(items, 0).map((item) => item.id)
 */
export function shuffledItems(
  items: readonly ExperimentItem[],
  seed: number,
): { readonly items: ExperimentItem[]; readonly orderSeed: number } {
  const orderSeed = fnv1a32(`${seed}:stop-early-order`);
  const random = seededRandom(orderSeed);
  const order = [...items];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return { items: order, orderSeed };
}

/**
 * The anytime-valid sequential comparison of a run's baseline and candidate, fed cell by cell as cells complete:
 * an item becomes a pair when every planned sample of both variants is stored, and counts when all of them are
 * `ok` (its per-variant outcome is the pass, or with several samples the pass rate, a bounded outcome in [0, 1]);
 * an item with an error or timeout on either side is no pair (the analysis's missing-data rules judge it). The
 * state is updated as each pair completes, in completion order, so the tests are valid at every pair and the
 * run may stop at any of them (stats/paired-sequence-decision.ts). Memory: the items with a cell in flight.
 */
export class StoppingMonitor {
  readonly policy: StoppingPolicy;
  readonly #samples: number;
  readonly #pending = new Map<string, { done: number; baseline: number; candidate: number; failed: boolean }>();
  #state: PairedSequenceState;
  #decision: { finding: PairedSequenceFinding; decidedAtPair: number; finalLook?: true } | undefined;
  /** The calibrated design's K-th discordant pair came at this pair (its tests end there). */
  #truncatedAtPair: number | undefined;

  constructor(policy: StoppingPolicy, { samples }: { readonly samples: number }) {
    this.policy = policy;
    this.#samples = samples;
    if (policy.design !== undefined && samples > 1)
      throw new RangeError(
        `runExperiment: \`stopping.design\` needs one sample per item (binary outcomes), got samples ${samples}`,
      );
    this.#state = startPairedSequence({
      alpha: policy.alpha,
      margin: policy.margin,
      ...(samples > 1 ? { outcome: 'bounded' as const } : {}),
      ...(policy.design === undefined ? {} : { design: policy.design }),
    });
  }

  /** Count a stored cell (cells of other variants are ignored). */
  add({ item, variant, status, pass }: MonitoredCell): void {
    const side = variant === this.policy.baseline ? 'baseline' : variant === this.policy.candidate ? 'candidate' : null;
    if (side === null) return;
    let entry = this.#pending.get(item);
    if (entry === undefined) {
      entry = { done: 0, baseline: 0, candidate: 0, failed: false };
      this.#pending.set(item, entry);
    }
    entry.done++;
    if (status !== 'ok') entry.failed = true;
    else if (pass === true) entry[side]++;
    if (entry.done < 2 * this.#samples) return;
    this.#pending.delete(item);
    if (entry.failed) return;
    const a = entry.baseline / this.#samples;
    const b = entry.candidate / this.#samples;
    this.#state =
      this.#samples > 1 ? updatePairedSequence(this.#state, a, b) : updatePairedSequence(this.#state, a === 1, b === 1);
    if (this.#decision === undefined && this.#state.n >= this.policy.minItems) {
      const decision = pairedSequenceDecision(this.#state);
      if (decision !== null) this.#decision = { finding: decision.finding, decidedAtPair: this.#state.n };
    }
    const truncation = this.policy.design?.truncation;
    const table = this.#state.table;
    // Only while undecided: pairs of cells in flight after a crossing do not make the run end at K.
    if (
      truncation !== undefined &&
      table !== null &&
      this.#truncatedAtPair === undefined &&
      this.#decision === undefined
    ) {
      if (table.n10 + table.n01 >= truncation.maxDiscordant) this.#truncatedAtPair = this.#state.n;
      // The design ends at its K-th discordant pair, with the finding of its final look there (minItems or not:
      // its tests do not change after K).
      if (this.#truncatedAtPair !== undefined) {
        const decision = pairedSequenceDecision(this.#state);
        if (decision !== null)
          this.#decision = { finding: decision.finding, decidedAtPair: this.#state.n, finalLook: true };
      }
    }
  }

  /**
   * Whether a finding has been reached (after at least `minItems` pairs), or the calibrated design has reached its
   * K discordant pairs: start no new item.
   */
  get decided(): boolean {
    return this.#decision !== undefined || this.#truncatedAtPair !== undefined;
  }

  get state(): PairedSequenceState {
    return this.#state;
  }

  /**
   * The manifest's record, once the run has ended. With a design, a run that reached its planned end (every item,
   * or `maxItems`) undecided takes the final look of the truncated design there: valid because that end was fixed
   * before the run, not chosen from its data.
   */
  record(itemsStarted: number, orderSeed: number, exhausted: boolean): StoppingRecord {
    const plannedEnd = exhausted || itemsStarted >= this.policy.maxItems;
    if (this.#decision === undefined && this.policy.design !== undefined && plannedEnd && this.#state.n > 0) {
      this.#state = pairedSequenceFinalLook(this.#state);
      const decision = pairedSequenceDecision(this.#state);
      if (decision !== null)
        this.#decision = { finding: decision.finding, decidedAtPair: this.#state.n, finalLook: true };
    }
    const reason: StoppingReason =
      this.#decision !== undefined
        ? 'decided'
        : this.#truncatedAtPair !== undefined
          ? 'design-end'
          : itemsStarted >= this.policy.maxItems && !exhausted
            ? 'max-items'
            : 'all-items';
    return {
      policy: this.policy,
      reason,
      ...(this.#decision === undefined ? {} : this.#decision),
      ...(this.#truncatedAtPair === undefined ? {} : { truncatedAtPair: this.#truncatedAtPair }),
      itemsStarted,
      pairs: this.#state.n,
      orderSeed,
    };
  }
}
