import type { ColumnTable } from 'arquero';
import type { ResultRecord } from '../schema/result-record';
import type { FlipItem, Flips, PairedComparison } from '../schema/verdict-document';
import { columnValues } from './table-columns';

/** Items listed per direction; the counts are always complete. */
export const DEFAULT_FLIP_LIMIT = 200;
/** Outputs and reasons are cut to this many characters (an ellipsis marks the cut). */
export const MAX_OUTPUT_LENGTH = 1000;
/**
 * An item's input and expected answer are cut to this many characters. `verdict run` stores them only up to
 * 8 Ki characters of JSON (DEFAULT_MAX_ITEM_CHARS, with an `itemRef` beyond), so its records are never cut; a
 * results file of another tool may carry a whole document.
 */
export const MAX_ITEM_TEXT_LENGTH = 8192;

export interface FindFlipsOptions {
  readonly design: PairedComparison['design'];
  /** Items listed per direction; `null` lists every one (the counts are complete either way). @default 200 */
  readonly limit?: number | null;
}

/**
 * The items whose outcome changed between baseline and candidate (`pairs`: paired items from
 * `pairByItem`, `cells`: the cells its `aRow`/`bRow` point into). Design `binary`: pass -> fail and
 * fail -> pass. Designs `binary-samples` and `score`: the items whose per-item pass rate or mean score
 * fell (`passToFail`) or rose (`failToPass`), largest change first, with both values as scores. Ties are
 * listed by item id (numbers in numeric order), so the lists do not depend on the order cells were written
 * in (a concurrent run stores them as they finish).
 *
 * Each item carries what a reviewer needs to judge the flip: its tags, its `input`
 * and `expected` answer (as text, JSON for other values; cut to 8 Ki characters) or the `itemRef` a run
 * stores for a large item, both outputs (cut to 1000 characters) and each scorer's `reason`. Results
 * without these fields (other tools' files) give items without them. The records shown are the lowest
 * sample's, except with several samples per item (`binary-samples`), where they are the samples that tell the
 * change: for an item whose pass rate fell, the baseline's lowest passing sample and the candidate's lowest
 * failing one (the other way round for a rise); two passing answers would show a reviewer nothing.
 */
export function findFlips(
  pairs: ColumnTable,
  cells: ColumnTable,
  { design, limit = DEFAULT_FLIP_LIMIT }: FindFlipsOptions,
): Flips {
  if (limit !== null && !(Number.isInteger(limit) && limit >= 0))
    throw new RangeError(`findFlips: \`limit\` must be an integer >= 0 or null, got ${limit}`);
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
  const byItem = (x: { i: number }, y: { i: number }) => compareItemIds(items[x.i]!, items[y.i]!);
  down.sort((x, y) => x.change - y.change || byItem(x, y));
  up.sort((x, y) => y.change - x.change || byItem(x, y));
  const shownDown = limit === null ? down : down.slice(0, limit);
  const shownUp = limit === null ? up : up.slice(0, limit);
  const shownRows =
    design === 'binary-samples' ? telltaleRows(pairs, cells, shownDown, shownUp) : new Map<number, [number, number]>();
  const describe = ({ i }: { i: number }): FlipItem => {
    const [baselineRow, candidateRow] = shownRows.get(i) ?? [aRow[i]!, bRow[i]!];
    const baseline = records[baselineRow]!;
    const candidate = records[candidateRow]!;
    const flip: FlipItem = { item: items[i]! };
    const tags = baseline.tags ?? candidate.tags;
    if (tags) flip.tags = { ...tags };
    Object.assign(flip, reviewFields(baseline, candidate));
    const baselineOutput = outputText(baseline.output);
    const candidateOutput = outputText(candidate.output);
    if (baselineOutput !== undefined) flip.baselineOutput = baselineOutput;
    if (candidateOutput !== undefined) flip.candidateOutput = candidateOutput;
    const baselineScore = design === 'binary' ? baseline.score : value(aValue, aTrials, i);
    const candidateScore = design === 'binary' ? candidate.score : value(bValue, bTrials, i);
    if (baselineScore !== undefined) flip.baselineScore = baselineScore;
    if (candidateScore !== undefined) flip.candidateScore = candidateScore;
    const baselineReason = reasonText(baseline.reason);
    const candidateReason = reasonText(candidate.reason);
    if (baselineReason !== undefined) flip.baselineReason = baselineReason;
    if (candidateReason !== undefined) flip.candidateReason = candidateReason;
    return flip;
  };
  return {
    nPassToFail: down.length,
    nFailToPass: up.length,
    passToFail: shownDown.map(describe),
    failToPass: shownUp.map(describe),
    limit,
  };
}

/**
 * For each listed item of design `binary-samples`, the rows of `cells` to show: for a fall, the baseline's
 * lowest passing ok sample and the candidate's lowest failing one; for a rise, the reverse. A side with no such
 * sample keeps its lowest sample. One pass over the cells, only when some items are listed.
 */
function telltaleRows(
  pairs: ColumnTable,
  cells: ColumnTable,
  down: readonly { i: number }[],
  up: readonly { i: number }[],
): Map<number, [number, number]> {
  const rows = new Map<number, [number, number]>();
  if (down.length + up.length === 0) return rows;
  const pairKeys = columnValues<string>(pairs, 'key');
  const aRow = columnValues<number>(pairs, 'aRow');
  const bRow = columnValues<number>(pairs, 'bRow');
  const keys = columnValues<string>(cells, 'key');
  const variants = columnValues<string>(cells, 'variant');
  const statuses = columnValues<string>(cells, 'status');
  const samples = columnValues<number>(cells, 'sample');
  const trials = columnValues<number>(cells, 'trials');
  const passes = columnValues<number>(cells, 'passes');
  const baseline = variants[aRow[down[0]?.i ?? up[0]!.i]!]!;
  // Per listed item: which pair it is, and whether the baseline's shown sample should pass (a fall) or fail.
  const wanted = new Map<string, { i: number; baselinePasses: boolean }>();
  for (const { i } of down) wanted.set(pairKeys[i]!, { i, baselinePasses: true });
  for (const { i } of up) wanted.set(pairKeys[i]!, { i, baselinePasses: false });
  const best = new Map<number, [number, number]>();
  for (let r = 0; r < keys.length; r++) {
    if (statuses[r] !== 'ok') continue;
    const want = wanted.get(keys[r]!);
    if (want === undefined) continue;
    const isBaseline = variants[r] === baseline;
    const side = isBaseline ? 0 : 1;
    const variant = variants[isBaseline ? aRow[want.i]! : bRow[want.i]!];
    if (variants[r] !== variant) continue;
    const shouldPass = isBaseline === want.baselinePasses;
    const fits = shouldPass ? passes[r]! > 0 : passes[r]! < trials[r]!;
    if (!fits) continue;
    const chosen = best.get(want.i) ?? [-1, -1];
    if (chosen[side] === -1 || samples[r]! < samples[chosen[side]]!) chosen[side] = r;
    best.set(want.i, chosen);
  }
  for (const [i, [a, b]] of best) rows.set(i, [a === -1 ? aRow[i]! : a, b === -1 ? bRow[i]! : b]);
  return rows;
}

/**
 * The item's `input`, `expected` and `itemRef` from either side's record (the baseline's first: both hold
 * the same item, but one side may come from a file that lacks them).
 */
function reviewFields(
  baseline: ResultRecord,
  candidate: ResultRecord,
): Pick<FlipItem, 'input' | 'expected' | 'itemRef'> {
  const fields: Pick<FlipItem, 'input' | 'expected' | 'itemRef'> = {};
  const input = itemText(baseline.input) ?? itemText(candidate.input);
  const expected = itemText(baseline.expected) ?? itemText(candidate.expected);
  const itemRef = itemRefOf(baseline.itemRef) ?? itemRefOf(candidate.itemRef);
  if (input !== undefined) fields.input = input;
  if (expected !== undefined) fields.expected = expected;
  if (itemRef !== undefined) fields.itemRef = itemRef;
  return fields;
}

function itemRefOf(value: unknown): FlipItem['itemRef'] {
  if (typeof value !== 'object' || value === null) return undefined;
  const { file, sha256 } = value as { file?: unknown; sha256?: unknown };
  if (typeof sha256 !== 'string') return undefined;
  return typeof file === 'string' ? { file, sha256 } : { sha256 };
}

/**
 * Item ids in a stable order, by their text (an item's identity): ids that are numbers in canonical form
 * (`7`, `"7"`, `-1.5`) first, by value; the rest by code unit (not by locale, which differs between machines).
 */
function compareItemIds(x: string | number, y: string | number): number {
  const [p, q] = [String(x), String(y)];
  const [m, n] = [canonicalNumber(p), canonicalNumber(q)];
  if (m !== undefined && n !== undefined && m !== n) return m - n;
  if (m !== undefined && n === undefined) return -1;
  if (m === undefined && n !== undefined) return 1;
  return p < q ? -1 : p > q ? 1 : 0;
}

function canonicalNumber(text: string): number | undefined {
  const value = Number(text);
  return Number.isFinite(value) && String(value) === text ? value : undefined;
}

/** An output as text: strings as they are, anything else as JSON; cut to MAX_OUTPUT_LENGTH. */
export function outputText(output: unknown): string | undefined {
  return cutText(asText(output), MAX_OUTPUT_LENGTH);
}

const itemText = (value: unknown): string | undefined => cutText(asText(value), MAX_ITEM_TEXT_LENGTH);
const reasonText = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? cutText(value, MAX_OUTPUT_LENGTH) : undefined;

function asText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value); // a BigInt or a cycle: not JSON, still worth showing
  }
}

/** `text` cut to `max` characters with an ellipsis, never between the halves of a surrogate pair. */
function cutText(text: string | undefined, max: number): string | undefined {
  if (text === undefined || text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 2)) ? max - 2 : max - 1;
  return `${text.slice(0, end)}…`;
}
