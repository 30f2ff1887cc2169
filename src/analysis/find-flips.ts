import type { ResultRecord } from '../schema/result-record';
import type { FlipItem, Flips, PairedComparison } from '../schema/verdict-document';
import { type PairedItems, type PairSide, pairedItem } from './pair-by-item';
import { OK, type ResultsColumns } from './results-columns';

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
 * `pairByItem`, whose sides point into its cells). Design `binary`: pass -> fail and
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
export function findFlips(pairs: PairedItems, { design, limit = DEFAULT_FLIP_LIMIT }: FindFlipsOptions): Flips {
  if (limit !== null && !(Number.isInteger(limit) && limit >= 0))
    throw new RangeError(`findFlips: \`limit\` must be an integer >= 0 or null, got ${limit}`);
  const { cells, ids, a, b } = pairs;
  const value = (side: PairSide, id: number) =>
    design === 'score' ? (side.score[id] ?? Number.NaN) : (side.passes[id] ?? 0) / (side.trials[id] ?? 0);
  const items = Array.from(ids, (_, i) => pairedItem(pairs, i));
  const down: Change[] = [];
  const up: Change[] = [];
  ids.forEach((id, i) => {
    const change = value(b, id) - value(a, id);
    if (change < 0) down.push({ i, id, change, item: items[i] ?? '' });
    else if (change > 0) up.push({ i, id, change, item: items[i] ?? '' });
  });
  const byItem = (x: Change, y: Change) => compareItemIds(x.item, y.item);
  down.sort((x, y) => x.change - y.change || byItem(x, y));
  up.sort((x, y) => y.change - x.change || byItem(x, y));
  const shownDown = limit === null ? down : down.slice(0, limit);
  const shownUp = limit === null ? up : up.slice(0, limit);
  const shownRows =
    design === 'binary-samples' ? telltaleRows(pairs, shownDown, shownUp) : new Map<number, [number, number]>();
  const rowsOf = ({ id }: Change): [number, number] => shownRows.get(id) ?? [a.row[id] ?? -1, b.row[id] ?? -1];
  // The records shown, fetched a batch at a time (a streamed file is re-read in offset order, not a read per flip,
  // and never more than a batch of whole records is alive).
  const describeAll = (changes: readonly Change[]): FlipItem[] => {
    const out: FlipItem[] = [];
    for (let start = 0; start < changes.length; start += FLIP_RECORD_BATCH) {
      const batch = changes.slice(start, start + FLIP_RECORD_BATCH);
      const rows = batch.flatMap(rowsOf);
      const records = cells.records.recordsAt(rows.map((row) => Math.max(row, 0)));
      batch.forEach((change, i) => {
        const recordAt = (k: number) => ((rows[k] ?? -1) < 0 ? NO_RECORD : (records[k] ?? NO_RECORD));
        out.push(describe(change, recordAt(2 * i), recordAt(2 * i + 1)));
      });
    }
    return out;
  };
  const describe = ({ id, item }: Change, baseline: ResultRecord, candidate: ResultRecord): FlipItem => {
    const flip: FlipItem = { item };
    const tags = baseline.tags ?? candidate.tags;
    if (tags) flip.tags = { ...tags };
    Object.assign(flip, reviewFields(baseline, candidate));
    const baselineOutput = outputText(baseline.output);
    const candidateOutput = outputText(candidate.output);
    if (baselineOutput !== undefined) flip.baselineOutput = baselineOutput;
    if (candidateOutput !== undefined) flip.candidateOutput = candidateOutput;
    const baselineScore = design === 'binary' ? baseline.score : value(a, id);
    const candidateScore = design === 'binary' ? candidate.score : value(b, id);
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
    passToFail: describeAll(shownDown),
    failToPass: describeAll(shownUp),
    limit,
  };
}

/** Flips whose records are fetched together: 65,536 records alive at most, about 20 MB. */
const FLIP_RECORD_BATCH = 1 << 15;

/** A changed item: its position in the pairs, its item code, the change and the item as written. */
interface Change {
  readonly i: number;
  readonly id: number;
  readonly change: number;
  readonly item: string | number;
}

/** A side without a row (an item the variant lacks, counted as failed with missing cells): nothing to show. */
const NO_RECORD: ResultRecord = {
  item: '',
  variant: '',
  sample: 0,
  status: 'ok',
  pass: undefined,
  score: undefined,
  n: undefined,
  c: undefined,
};

/**
 * For each listed item of design `binary-samples` (by item code), the rows of `cells` to show: for a fall, the
 * baseline's lowest passing ok sample and the candidate's lowest failing one; for a rise, the reverse. A side with
 * no such sample keeps its lowest sample. One pass over the cells, only when some items are listed.
 */
function telltaleRows(
  { cells, a, b }: PairedItems,
  down: readonly Change[],
  up: readonly Change[],
): Map<number, [number, number]> {
  const rows = new Map<number, [number, number]>();
  if (down.length + up.length === 0) return rows;
  const { itemId, variant, status, sample, trials, passes } = cells;
  const first = down[0] ?? up[0];
  const baselineCode = variantAt(cells, a.row[first?.id ?? 0] ?? -1);
  // Per listed item: whether the baseline's shown sample should pass (a fall) or fail (a rise).
  const wanted = new Map<number, boolean>();
  for (const { id } of down) wanted.set(id, true);
  for (const { id } of up) wanted.set(id, false);
  const best = new Map<number, [number, number]>();
  for (let r = 0; r < cells.length; r++) {
    if (status[r] !== OK) continue;
    const id = itemId[r] ?? 0;
    const baselinePasses = wanted.get(id);
    if (baselinePasses === undefined) continue;
    const isBaseline = variant[r] === baselineCode;
    const side = isBaseline ? 0 : 1;
    if (variant[r] !== variantAt(cells, (isBaseline ? a : b).row[id] ?? -1)) continue;
    const shouldPass = isBaseline === baselinePasses;
    const fits = shouldPass ? (passes[r] ?? 0) > 0 : (passes[r] ?? 0) < (trials[r] ?? 0);
    if (!fits) continue;
    const chosen = best.get(id) ?? [-1, -1];
    const current = chosen[side];
    if (current === -1 || (sample[r] ?? 0) < (sample[current] ?? 0)) chosen[side] = r;
    best.set(id, chosen);
  }
  for (const [id, [x, y]] of best) rows.set(id, [x === -1 ? (a.row[id] ?? -1) : x, y === -1 ? (b.row[id] ?? -1) : y]);
  return rows;
}

const variantAt = (cells: ResultsColumns, row: number): number => (row < 0 ? -1 : (cells.variant[row] ?? -1));

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
