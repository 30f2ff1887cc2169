import type { ScoreValue } from '../schema/experiment-definition';

/**
 * A number score passes at or above this. Scores are read as fractions of full credit (inspect_ai's
 * CORRECT = 1, PARTIAL = 0.5, INCORRECT = 0), so half credit or more counts as a pass; a scorer that
 * wants another rule returns `{ pass, score }` and the pass it gives is kept.
 */
export const DEFAULT_PASS_THRESHOLD = 0.5;

/** A scorer's verdict in the one shape the record stores. */
export interface ScoreOutcome {
  readonly pass: boolean;
  readonly score?: number;
  /** A string `reason` the scorer returned (why it passed or failed), stored as the record's `reason`. */
  readonly reason?: string;
  /** Anything else the scorer returned (sub-scores, ...), stored as `scoreDetails`. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * Turn what a scorer returned into `{ pass, score?, details? }`: a boolean is the pass; a finite
 * number is the score, passing at {@link DEFAULT_PASS_THRESHOLD} or above; an object gives `pass`
 * and/or `score` (pass from the score when only a score is given), a string `reason`, and the rest as details.
 *
 * @throws {TypeError} for anything else (a non-finite number, an object with neither pass nor score,
 *   undefined): a broken scorer is the runner's error, not the model's failure.
 * @example normaliseScore(0.75) // { pass: true, score: 0.75 }
 */
export function normaliseScore(value: ScoreValue): ScoreOutcome {
  if (typeof value === 'boolean') return { pass: value };
  if (typeof value === 'number') return { pass: scorePasses(value), score: value };
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const { pass, score, ...others } = value;
    const { reason, ...rest } = others;
    if (pass !== undefined && typeof pass !== 'boolean')
      throw new TypeError(`scorer returned \`pass\` ${describe(pass)}; expected a boolean`);
    if (score !== undefined) scorePasses(score);
    if (pass === undefined && score === undefined)
      throw new TypeError('scorer returned an object with neither `pass` nor `score`');
    // A reason that is not a string stays among the details, as it was given.
    const kept = typeof reason === 'string' || reason === undefined ? rest : others;
    const details = Object.keys(kept).length > 0 ? { details: kept } : {};
    return {
      pass: pass ?? scorePasses(score as number),
      ...(score === undefined ? {} : { score }),
      ...(typeof reason === 'string' ? { reason } : {}),
      ...details,
    };
  }
  throw new TypeError(`scorer returned ${describe(value)}; expected a boolean, a number or { pass, score }`);
}

function scorePasses(score: unknown): boolean {
  if (typeof score !== 'number' || !Number.isFinite(score))
    throw new TypeError(`scorer returned \`score\` ${describe(score)}; expected a finite number`);
  return score >= DEFAULT_PASS_THRESHOLD;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}
