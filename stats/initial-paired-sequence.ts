import { calibratedCrosses } from './calibrated-design-plan';
import { designDiscordantShare } from './design-likelihood-ratio';
import type {
  PairedSequenceOptions,
  PairedSequenceOutcome,
  PairedSequenceState,
  PairedSequenceTruncation,
  SequentialAlternative,
  SequentialTest,
} from './paired-sequence-types';
import { truncatedBoundaryTable } from './truncated-design-look';
import {
  assertFiniteNumber,
  assertOneOf,
  assertOpenProbability,
  assertPositiveInteger,
  describeValue,
} from './validate';

const OUTCOMES: readonly PairedSequenceOutcome[] = ['binary', 'bounded'];

/** A test before any pair: wealth 1, p-value 1. */
function freshTest(nullValue: number, alternative: SequentialAlternative): SequentialTest {
  return { nullValue, alternative, logEValue: 0, maxLogEValue: 0, pValue: 1, rejectedAt: null };
}

/**
 * The state before any pair, from checked options, with errors naming `fn`: the body of `startPairedSequence`,
 * shared with `pairedSequentialTest` so that each names itself. Internal helper.
 *
 * @example initialPairedSequence('startPairedSequence', {}).tests.drop.pValue // 1
 */
export function initialPairedSequence(fn: string, options: PairedSequenceOptions): PairedSequenceState {
  const { alpha = 0.05, margin = 0, outcome = 'binary', bounds = [0, 1] } = options;
  assertOpenProbability(fn, 'alpha', alpha);
  assertOneOf(fn, 'outcome', outcome, OUTCOMES);
  if (!Array.isArray(bounds) || bounds.length !== 2) {
    throw new TypeError(`${fn}: \`bounds\` must be an array [a, b] of two numbers, got ${describeValue(bounds)}`);
  }
  const [a, b] = bounds as readonly [unknown, unknown];
  assertFiniteNumber(fn, 'bounds[0]', a);
  assertFiniteNumber(fn, 'bounds[1]', b);
  if (!(a < b)) throw new RangeError(`${fn}: \`bounds\` must have bounds[0] < bounds[1], got [${a}, ${b}]`);
  if (outcome === 'binary' && (a !== 0 || b !== 1)) {
    throw new RangeError(`${fn}: \`bounds\` must be [0, 1] (or left out) for binary outcomes, got [${a}, ${b}]`);
  }
  assertFiniteNumber(fn, 'margin', margin);
  if (margin < 0 || margin >= b - a) {
    throw new RangeError(
      `${fn}: \`margin\` must be at least 0 and below ${b - a} (the width of \`bounds\`), got ${margin}`,
    );
  }
  let design: PairedSequenceState['design'] = null;
  if (options.design !== undefined) {
    if (outcome !== 'binary') throw new RangeError(`${fn}: \`design\` needs binary outcomes, got outcome ${outcome}`);
    const share = designDiscordantShare(fn, options.design);
    design = { difference: options.design.difference, discordance: options.design.discordance, share };
    if (options.design.truncation !== undefined) {
      design = { ...design, truncation: checkedTruncation(fn, options.design.truncation, share, alpha) };
    }
  }
  const drop = freshTest(0, 'less');
  const gain = freshTest(0, 'greater');
  const withMargin = margin > 0;
  return {
    method: outcome === 'binary' ? 'betting-mixture' : 'betting-mixture-eb',
    outcome,
    bounds: [a, b],
    alpha,
    margin,
    design,
    n: 0,
    table: outcome === 'binary' ? { n11: 0, n10: 0, n01: 0, n00: 0 } : null,
    meanDifference: 0,
    sumSquaredDeviations: 0,
    tests: {
      drop,
      gain,
      nonInferiority: withMargin ? freshTest(-margin, 'greater') : gain,
      nonSuperiority: withMargin ? freshTest(margin, 'less') : drop,
      dropBeyondMargin: withMargin ? freshTest(-margin, 'less') : drop,
      gainBeyondMargin: withMargin ? freshTest(margin, 'greater') : gain,
    },
  };
}

/**
 * The truncation with its final look at K (the critical wins and P0(crossed within K), exact over the walk of fair
 * signs), refused when its crossings alone spend more than alpha / 2 per side (the level would not hold).
 */
function checkedTruncation(
  fn: string,
  truncation: PairedSequenceTruncation,
  share: number,
  alpha: number,
): PairedSequenceTruncation & { critical: number; spent: number } {
  const { threshold, maxDiscordant } = truncation;
  assertFiniteNumber(fn, 'design.truncation.threshold', threshold);
  if (!(threshold > 1))
    throw new RangeError(`${fn}: \`design.truncation.threshold\` must be above 1, got ${threshold}`);
  assertPositiveInteger(fn, 'design.truncation.maxDiscordant', maxDiscordant);
  const table = truncatedBoundaryTable(calibratedCrosses(share, threshold), alpha, maxDiscordant);
  const spent = table.crossed[maxDiscordant]!;
  if (spent > alpha / 2) {
    throw new RangeError(
      `${fn}: \`design.truncation\` crosses with probability ${spent} > alpha / 2 within ${maxDiscordant} discordant pairs under no difference: its level does not hold (plan it with calibratedDesignPlan)`,
    );
  }
  return { threshold, maxDiscordant, critical: table.critical[maxDiscordant]!, spent };
}
