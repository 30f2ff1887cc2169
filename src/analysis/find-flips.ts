import type { FlipItem, Flips, PairedComparison } from '../schema/verdict-document';
import { type PairedItems, type PairSide, pairedItem } from './pair-by-item';
import { OK, type ResultsColumns } from './results-columns';
import type { ShownFields } from './row-records';

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
  checkFlipLimit(limit);
  return flipsUpTo(listFlips(pairs, { design }), limit);
}

function checkFlipLimit(limit: number | null): void {
  if (limit !== null && !(Number.isInteger(limit) && limit >= 0))
    throw new RangeError(`findFlips: \`limit\` must be an integer >= 0 or null, got ${limit}`);
}

/**
 * Every flip of a comparison, counted at once and described on demand (issue 14: the JSON document lists every
 * flip, 314k of them at 10^6 items, so they are written as they are described instead of held). It holds per
 * changed item its rows and values in typed arrays, not the pairs: the pairing can be freed.
 */
export interface FlipListing {
  readonly nPassToFail: number;
  readonly nFailToPass: number;
  /**
   * The first `limit` items whose outcome fell (every one by default), in `findFlips`' order, described a batch of
   * re-read records at a time.
   */
  passToFail(limit?: number): Iterable<FlipItem>;
  /** The items whose outcome rose, likewise. */
  failToPass(limit?: number): Iterable<FlipItem>;
  /**
   * The same first `limit` items of one direction, each handed to `visit` with its place in that direction's
   * order, but described in the order their records lie in the files: a batch of re-read records is then one
   * stretch of the file, so the file is read once per list (in the listing's order each batch spans the whole
   * file: 2.8 GB read for the 10^6 file's 293 MB) and a smaller batch suffices. A visited flip is to be read
   * then, not kept: its tags may be its record's own (frozen) object.
   */
  describeEach(
    direction: 'passToFail' | 'failToPass',
    visit: (place: number, flip: FlipItem) => void,
    limit?: number,
  ): void;
}

/** The first `limit` items of each direction of a listing (null: every one) as the document's `Flips`. */
export function flipsUpTo(listing: FlipListing, limit: number | null): Flips {
  checkFlipLimit(limit);
  const upTo = limit ?? Number.POSITIVE_INFINITY;
  return {
    nPassToFail: listing.nPassToFail,
    nFailToPass: listing.nFailToPass,
    passToFail: [...listing.passToFail(upTo)],
    failToPass: [...listing.failToPass(upTo)],
    limit,
  };
}

/** The flips of `pairs` (see {@link findFlips} for what each item holds and their order), described on demand. */
export function listFlips(pairs: PairedItems, { design }: Pick<FindFlipsOptions, 'design'>): FlipListing {
  const { cells, ids, a, b } = pairs;
  const value = (side: PairSide, id: number) =>
    design === 'score' ? (side.score[id] ?? Number.NaN) : (side.passes[id] ?? 0) / (side.trials[id] ?? 0);
  const changed = changesOf(pairs, value);
  const { position, change } = changed;
  const n = position.length;
  // Per change, what describing it needs once the pairs are gone: each side's row and value, and the item.
  const rowA = new Int32Array(n);
  const rowB = new Int32Array(n);
  const itemCode = new Int32Array(n);
  const valueA = new Float64Array(n);
  const valueB = new Float64Array(n);
  const item = new Array<string | number>(n);
  const numeric = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = position[k] ?? 0;
    const id = ids[i] ?? 0;
    rowA[k] = a.row[id] ?? -1;
    rowB[k] = b.row[id] ?? -1;
    itemCode[k] = id;
    valueA[k] = value(a, id);
    valueB[k] = value(b, id);
    const written = pairedItem(pairs, i);
    item[k] = written;
    numeric[k] = canonicalNumber(String(written)) ?? Number.NaN;
  }
  const byItem = (x: number, y: number) =>
    compareItemKeys(item[x] ?? '', numeric[x] ?? 0, item[y] ?? '', numeric[y] ?? 0);
  const down: number[] = [];
  const up: number[] = [];
  for (let k = 0; k < n; k++) ((change[k] ?? 0) < 0 ? down : up).push(k);
  down.sort((x, y) => (change[x] ?? 0) - (change[y] ?? 0) || byItem(x, y));
  up.sort((x, y) => (change[y] ?? 0) - (change[x] ?? 0) || byItem(x, y));
  // `shared`: the flip is read at once and let go (describeEach's), so its tags may be the record's own object (a
  // re-read file's few tag sets are each one frozen object, whose text the JSON writer then makes once).
  const describe = (k: number, baseline: ShownFields, candidate: ShownFields, shared: boolean): FlipItem => {
    const flip: FlipItem = { item: item[k] ?? '' };
    const tags = baseline.tags ?? candidate.tags;
    if (tags) flip.tags = shared ? tags : { ...tags };
    Object.assign(flip, reviewFields(baseline, candidate));
    const baselineOutput = outputText(baseline.output);
    const candidateOutput = outputText(candidate.output);
    if (baselineOutput !== undefined) flip.baselineOutput = baselineOutput;
    if (candidateOutput !== undefined) flip.candidateOutput = candidateOutput;
    const baselineScore = design === 'binary' ? baseline.score : valueA[k];
    const candidateScore = design === 'binary' ? candidate.score : valueB[k];
    if (baselineScore !== undefined) flip.baselineScore = baselineScore;
    if (candidateScore !== undefined) flip.candidateScore = candidateScore;
    const baselineReason = reasonText(baseline.reason);
    const candidateReason = reasonText(candidate.reason);
    if (baselineReason !== undefined) flip.baselineReason = baselineReason;
    if (candidateReason !== undefined) flip.candidateReason = candidateReason;
    return flip;
  };
  const sides = { rowA, rowB, itemCode };
  // The first `limit` changes of a direction, and the rows each shows.
  const shownOf = (all: readonly number[], fallen: boolean, limit: number) => {
    const order = limit < all.length ? all.slice(0, limit) : all;
    const shownRows = design === 'binary-samples' ? telltaleRows(cells, sides, order, fallen) : null;
    const rowsOf = (k: number): [number, number] => shownRows?.get(k) ?? [rowA[k] ?? -1, rowB[k] ?? -1];
    return { order, rowsOf };
  };
  // Changes described together: their records fetched at once (a streamed file is re-read in offset order, not a
  // read per flip, and never more than a batch of whole records is alive).
  const describeBatch = (
    batch: readonly number[],
    rowsOf: (k: number) => [number, number],
    shared: boolean,
  ): FlipItem[] => {
    const rows = batch.flatMap(rowsOf);
    const records = cells.records.shownAt(rows.map((row) => Math.max(row, 0)));
    const recordAt = (j: number) => ((rows[j] ?? -1) < 0 ? NO_RECORD : (records[j] ?? NO_RECORD));
    return batch.map((k, i) => describe(k, recordAt(2 * i), recordAt(2 * i + 1), shared));
  };
  function* describeAll(all: readonly number[], fallen: boolean, limit: number): Generator<FlipItem> {
    const { order, rowsOf } = shownOf(all, fallen, limit);
    for (let start = 0; start < order.length; start += FLIP_RECORD_BATCH)
      yield* describeBatch(order.slice(start, start + FLIP_RECORD_BATCH), rowsOf, false);
  }
  // The same, described in the order of their records (the lowest of each flip's two rows: rows are in file order).
  function describeInRecordOrder(
    all: readonly number[],
    fallen: boolean,
    limit: number,
    visit: (place: number, flip: FlipItem) => void,
  ): void {
    const { order, rowsOf } = shownOf(all, fallen, limit);
    // Sorted by (first row, place) as one number each, (row + 1) x n + place (row -1 for none; exact below 2^53:
    // rows and places are below 2^31), in a typed array's own numeric sort: no comparator called millions of
    // times, no callback per flip (`Float64Array.from(order, callback)`; issue 14).
    const n = order.length;
    const keys = new Float64Array(n);
    for (let place = 0; place < n; place++) {
      const [x, y] = rowsOf(order[place] ?? 0);
      keys[place] = ((x < 0 ? y : y < 0 ? x : Math.min(x, y)) + 1) * n + place;
    }
    keys.sort();
    const places = new Array<number>(n);
    for (let k = 0; k < n; k++) places[k] = (keys[k] ?? 0) % n;
    for (let start = 0; start < places.length; start += FILE_ORDER_BATCH) {
      const batch = places.slice(start, start + FILE_ORDER_BATCH);
      const flips = describeBatch(
        batch.map((place) => order[place] ?? 0),
        rowsOf,
        true,
      );
      for (const [i, flip] of flips.entries()) visit(batch[i] ?? 0, flip);
    }
  }
  const lists = { passToFail: [down, true], failToPass: [up, false] } as const;
  // A report lists one direction after the other: while the first is read, the second's rows are announced, so a
  // file read a row group at a time (Parquet) decodes each group once for both.
  const described = new Set<keyof typeof lists>();
  const announceOther = (direction: keyof typeof lists, limit: number) => {
    described.add(direction);
    const other = direction === 'passToFail' ? 'failToPass' : 'passToFail';
    if (described.has(other) || !cells.records.readsAhead) return;
    const { order, rowsOf } = shownOf(lists[other][0], lists[other][1], limit);
    cells.records.readAhead(order.flatMap(rowsOf).filter((row) => row >= 0));
  };
  return {
    nPassToFail: down.length,
    nFailToPass: up.length,
    passToFail: (limit = Number.POSITIVE_INFINITY) => describeAll(down, true, limit),
    failToPass: (limit = Number.POSITIVE_INFINITY) => describeAll(up, false, limit),
    describeEach: (direction, visit, limit = Number.POSITIVE_INFINITY) => {
      const [all, fallen] = lists[direction];
      announceOther(direction, limit);
      describeInRecordOrder(all, fallen, limit, visit);
    },
  };
}

/** Flips whose records are fetched together: 65,536 records alive at most, about 20 MB. */
const FLIP_RECORD_BATCH = 1 << 15;
/** Flips in record order whose records are fetched together: each batch one stretch of the file, 8,192 records (a few MB). */
const FILE_ORDER_BATCH = 1 << 12;

/** The positions in `pairs.ids` of the items whose value changed, and the change (candidate - baseline). */
function changesOf(
  { ids, a, b }: PairedItems,
  value: (side: PairSide, id: number) => number,
): { position: Int32Array; change: Float64Array } {
  const differenceAt = (i: number) => value(b, ids[i] ?? 0) - value(a, ids[i] ?? 0);
  // Counted first, so the arrays are the changes' size (a third of the items at 10^6, not every item's).
  let n = 0;
  for (let i = 0; i < ids.length; i++) {
    const difference = differenceAt(i);
    if (difference < 0 || difference > 0) n++; // not: no change, or NaN (a side without trials)
  }
  const position = new Int32Array(n);
  const change = new Float64Array(n);
  n = 0;
  for (let i = 0; i < ids.length; i++) {
    const difference = differenceAt(i);
    if (!(difference < 0 || difference > 0)) continue;
    position[n] = i;
    change[n++] = difference;
  }
  return { position, change };
}

/** A side without a row (an item the variant lacks, counted as failed with missing cells): nothing to show. */
const NO_RECORD: ShownFields = {};

/**
 * For each listed change of design `binary-samples` (`order`, indexes into `sides`), the rows of `cells` to show:
 * for a fall, the baseline's lowest passing ok sample and the candidate's lowest failing one; for a rise, the
 * reverse. A side with no such sample keeps its lowest sample. One pass over the cells, only when some are listed.
 */
function telltaleRows(
  cells: ResultsColumns,
  { rowA, rowB, itemCode }: { readonly rowA: Int32Array; readonly rowB: Int32Array; readonly itemCode: Int32Array },
  order: readonly number[],
  fallen: boolean,
): Map<number, [number, number]> {
  const rows = new Map<number, [number, number]>();
  if (order.length === 0) return rows;
  const { itemId, variant, status, sample, trials, passes } = cells;
  const baselineCode = variantAt(cells, rowA.find((row) => row >= 0) ?? -1);
  // Per listed item code, its change (the baseline's shown sample should pass for a fall, fail for a rise).
  const wanted = new Map<number, number>();
  for (const k of order) wanted.set(itemCode[k] ?? -1, k);
  const best = new Map<number, [number, number]>();
  for (let r = 0; r < cells.length; r++) {
    if (status[r] !== OK) continue;
    const k = wanted.get(itemId[r] ?? 0);
    if (k === undefined) continue;
    const isBaseline = variant[r] === baselineCode;
    const side = isBaseline ? 0 : 1;
    if (variant[r] !== variantAt(cells, (isBaseline ? rowA : rowB)[k] ?? -1)) continue;
    const shouldPass = isBaseline === fallen;
    const fits = shouldPass ? (passes[r] ?? 0) > 0 : (passes[r] ?? 0) < (trials[r] ?? 0);
    if (!fits) continue;
    const chosen = best.get(k) ?? [-1, -1];
    const current = chosen[side];
    if (current === -1 || (sample[r] ?? 0) < (sample[current] ?? 0)) chosen[side] = r;
    best.set(k, chosen);
  }
  for (const [k, [x, y]] of best) rows.set(k, [x === -1 ? (rowA[k] ?? -1) : x, y === -1 ? (rowB[k] ?? -1) : y]);
  return rows;
}

const variantAt = (cells: ResultsColumns, row: number): number => (row < 0 ? -1 : (cells.variant[row] ?? -1));

/**
 * The item's `input`, `expected` and `itemRef` from either side's record (the baseline's first: both hold
 * the same item, but one side may come from a file that lacks them).
 */
function reviewFields(baseline: ShownFields, candidate: ShownFields): Pick<FlipItem, 'input' | 'expected' | 'itemRef'> {
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
 * `m` and `n` are the ids' canonical numbers (NaN for none), computed once per item rather than per comparison.
 */
function compareItemKeys(x: string | number, m: number, y: string | number, n: number): number {
  const [isM, isN] = [!Number.isNaN(m), !Number.isNaN(n)];
  if (isM && isN && m !== n) return m - n;
  if (isM && !isN) return -1;
  if (!isM && isN) return 1;
  const [p, q] = [String(x), String(y)];
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
