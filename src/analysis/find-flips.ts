import type { ColumnTable } from 'arquero';
import type { ResultRecord } from '../schema/result-record';
import type { FlipItem, Flips, PairedComparison } from '../schema/verdict-document';
import { columnValues } from './table-columns';

/** Items listed per direction; the counts are always complete. */
export const DEFAULT_FLIP_LIMIT = 200;
/** Outputs are cut to this many characters (an ellipsis marks the cut). */
export const MAX_OUTPUT_LENGTH = 1000;

export interface FindFlipsOptions {
  readonly design: PairedComparison['design'];
  /** @default 200 */
  readonly limit?: number;
}

/**
 * The items whose outcome changed between baseline and candidate (`pairs`: paired items from
 * `pairByItem`, `cells`: the cells its `aRow`/`bRow` point into). Design `binary`: pass -> fail and
 * fail -> pass. Designs `binary-samples` and `score`: the items whose per-item pass rate or mean score
 * fell (`passToFail`) or rose (`failToPass`), largest change first, with both values as scores. Each
 * item carries its tags and both outputs (of its lowest sample, as text, cut to 1000 characters).
 */
export function findFlips(
  pairs: ColumnTable,
  cells: ColumnTable,
  { design, limit = DEFAULT_FLIP_LIMIT }: FindFlipsOptions,
): Flips {
  const items = columnValues<string | number>(pairs, 'item');
  const aRow = columnValues<number>(pairs, 'aRow');
  const bRow = columnValues<number>(pairs, 'bRow');
  const [a, b] = design === 'score' ? ['aScore', 'bScore'] : ['aPasses', 'bPasses'];
  const aValue = columnValues<number>(pairs, a);
  const bValue = columnValues<number>(pairs, b);
  const aTrials = columnValues<number>(pairs, 'aTrials');
  const bTrials = columnValues<number>(pairs, 'bTrials');
  const records = columnValues<ResultRecord>(cells, 'record');
  const value = (values: ArrayLike<number>, trials: ArrayLike<number>, i: number) =>
    design === 'score' ? values[i]! : values[i]! / trials[i]!;
  const down: { i: number; change: number }[] = [];
  const up: { i: number; change: number }[] = [];
  for (let i = 0; i < items.length; i++) {
    const change = value(bValue, bTrials, i) - value(aValue, aTrials, i);
    if (change < 0) down.push({ i, change });
    else if (change > 0) up.push({ i, change });
  }
  down.sort((x, y) => x.change - y.change || x.i - y.i);
  up.sort((x, y) => y.change - x.change || x.i - y.i);
  const describe = ({ i }: { i: number }): FlipItem => {
    const baseline = records[aRow[i]!]!;
    const candidate = records[bRow[i]!]!;
    const flip: FlipItem = { item: items[i]! };
    const tags = baseline.tags ?? candidate.tags;
    if (tags) flip.tags = { ...tags };
    const baselineOutput = outputText(baseline.output);
    const candidateOutput = outputText(candidate.output);
    if (baselineOutput !== undefined) flip.baselineOutput = baselineOutput;
    if (candidateOutput !== undefined) flip.candidateOutput = candidateOutput;
    const baselineScore = design === 'binary' ? baseline.score : value(aValue, aTrials, i);
    const candidateScore = design === 'binary' ? candidate.score : value(bValue, bTrials, i);
    if (baselineScore !== undefined) flip.baselineScore = baselineScore;
    if (candidateScore !== undefined) flip.candidateScore = candidateScore;
    return flip;
  };
  return {
    nPassToFail: down.length,
    nFailToPass: up.length,
    passToFail: down.slice(0, limit).map(describe),
    failToPass: up.slice(0, limit).map(describe),
    limit,
  };
}

/** An output as text: strings as they are, anything else as JSON; cut to MAX_OUTPUT_LENGTH. */
export function outputText(output: unknown): string | undefined {
  if (output === undefined || output === null) return undefined;
  const text = typeof output === 'string' ? output : (JSON.stringify(output) ?? String(output));
  return text.length > MAX_OUTPUT_LENGTH ? `${text.slice(0, MAX_OUTPUT_LENGTH - 1)}…` : text;
}
