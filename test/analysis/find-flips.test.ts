/**
 * The flips a reviewer reads: what each flipped item carries from its records (question, expected answer or
 * the reference to a large item, outputs, the scorers' reasons), in an order that does not depend on the order
 * the cells were written in, and how many are listed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareListingFlips } from '../../src/analysis/compare';
import { type FlipListing, MAX_ITEM_TEXT_LENGTH, MAX_OUTPUT_LENGTH } from '../../src/analysis/find-flips';
import { loadResults } from '../../src/analysis/load-results';
import { compare } from '../../src/index';
import type { FlipItem } from '../../src/schema/verdict-document';
import { seededRandom } from '../../stats/index';

const AB = {
  baseline: 'A',
  candidates: ['B'],
  now: () => new Date('2026-01-02T03:04:05.000Z'),
  nodeVersion: 'v20.0.0',
};

/** Item ids of mixed kinds; a few flip each way, the rest agree. */
const ITEMS = [10, 2, 'b', '1', 'a10', 'a9', 33, '007', 4, 5, 6, 7, 8, 9, 11, 12, 13];
const FLIPS_DOWN = new Set([10, 2, 'b', '1', 'a10', 'a9']);
const FLIPS_UP = new Set([33, '007']);

function records(): Record<string, unknown>[] {
  return ITEMS.flatMap((item) => {
    const down = FLIPS_DOWN.has(item);
    const up = FLIPS_UP.has(item);
    const review =
      item === 'b'
        ? { itemRef: { file: 'items.jsonl', sha256: 'c'.repeat(64) } }
        : {
            input: item === 2 ? { messages: [{ role: 'user', content: 'Hi | there' }] } : `Q${item}?`,
            expected: `A${item}`,
          };
    return [
      { item, variant: 'A', pass: !up, output: `a-${item}`, ...review },
      {
        item,
        variant: 'B',
        pass: !down,
        output: `b-${item}`,
        reason: down ? `wrong: b-${item}` : undefined,
        ...review,
      },
    ];
  });
}

/** The same records in a seeded random order, as a concurrent run writes them. */
function shuffled(rows: Record<string, unknown>[], seed: number): Record<string, unknown>[] {
  const out = [...rows];
  const random = seededRandom(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('findFlips through compare', () => {
  const doc = compare(records(), {}, AB);

  it('lists regressions and improvements by item id, numbers first in numeric order', () => {
    expect(doc.flips.passToFail.map((f) => f.item)).toEqual(['1', 2, 10, 'a10', 'a9', 'b']);
    expect(doc.flips.failToPass.map((f) => f.item)).toEqual([33, '007']); // '007' is text, not the number 7
    for (const seed of [1, 2, 3]) expect(compare(shuffled(records(), seed), {}, AB).flips).toEqual(doc.flips);
  });

  it('carries the question, expected answer, both outputs and the reason', () => {
    expect(doc.flips.passToFail[2]).toEqual({
      item: 10,
      input: 'Q10?',
      expected: 'A10',
      baselineOutput: 'a-10',
      candidateOutput: 'b-10',
      candidateReason: 'wrong: b-10',
    });
    // Not a string: the input as JSON. Too large to copy: the reference instead.
    expect(doc.flips.passToFail[1]!.input).toBe('{"messages":[{"role":"user","content":"Hi | there"}]}');
    expect(doc.flips.passToFail[5]).toEqual({
      item: 'b',
      itemRef: { file: 'items.jsonl', sha256: 'c'.repeat(64) },
      baselineOutput: 'a-b',
      candidateOutput: 'b-b',
      candidateReason: 'wrong: b-b',
    });
    // Results without the fields (another tool's): items without them.
    const bare = compare(
      records().map(({ input, expected, itemRef, reason, ...rest }) => rest),
      {},
      AB,
    );
    expect(bare.flips.passToFail[0]).toEqual({ item: '1', baselineOutput: 'a-1', candidateOutput: 'b-1' });
  });

  it('cuts long texts: inputs at 8 Ki characters, outputs and reasons at 1000, never inside a surrogate pair', () => {
    const long = records().map((r) =>
      r.item === 10
        ? {
            ...r,
            input: 'q'.repeat(20_000),
            output: `${'o'.repeat(MAX_OUTPUT_LENGTH - 2)}🚀🚀`,
            reason: 'r'.repeat(5000),
          }
        : r,
    );
    const flip = compare(long, {}, AB).flips.passToFail.find((f) => f.item === 10)!;
    expect(flip.input).toBe(`${'q'.repeat(MAX_ITEM_TEXT_LENGTH - 1)}…`);
    expect(flip.candidateOutput).toBe(`${'o'.repeat(MAX_OUTPUT_LENGTH - 2)}…`);
    expect(flip.candidateReason).toHaveLength(MAX_OUTPUT_LENGTH);
  });

  it('lists at most flipLimit per direction, every one with null; the counts are complete either way', () => {
    const two = compare(records(), {}, { ...AB, flipLimit: 2 }).flips;
    expect(two).toMatchObject({ nPassToFail: 6, nFailToPass: 2, limit: 2 });
    expect(two.passToFail.map((f) => f.item)).toEqual(['1', 2]);
    const all = compare(records(), {}, { ...AB, flipLimit: null }).flips;
    expect(all.limit).toBeNull();
    expect(all.passToFail).toHaveLength(6);
    expect(() => compare(records(), {}, { ...AB, flipLimit: -1 })).toThrow(
      'findFlips: `limit` must be an integer >= 0 or null, got -1',
    );
  });
});

describe('findFlips with several samples per item', () => {
  // q1's pass rate falls (3/3 -> 1/3), q2's rises (2/3 -> 3/3); sample 0 passes on both sides of both.
  const outcomes: Record<string, Record<string, boolean[]>> = {
    q1: { A: [true, true, true], B: [true, false, false] },
    q2: { A: [true, false, true], B: [true, true, true] },
    q3: { A: [true, true, true], B: [true, true, true] },
  };
  const rows = Object.entries(outcomes).flatMap(([item, variants]) =>
    Object.entries(variants).flatMap(([variant, passes]) =>
      passes.map((pass, sample) => ({
        item,
        variant,
        sample,
        pass,
        output: `${variant}${sample}`,
        reason: pass ? 'right' : `wrong in sample ${sample}`,
      })),
    ),
  );

  it('shows the samples that tell the change, not two passing answers', () => {
    for (const order of [rows, shuffled(rows, 7)]) {
      const { flips, paired } = compare(order, {}, AB);
      expect(paired.design).toBe('binary-samples');
      expect(flips.passToFail).toEqual([
        {
          item: 'q1',
          baselineOutput: 'A0',
          candidateOutput: 'B1',
          baselineScore: 1,
          candidateScore: 1 / 3,
          baselineReason: 'right',
          candidateReason: 'wrong in sample 1',
        },
      ]);
      expect(flips.failToPass).toEqual([
        {
          item: 'q2',
          baselineOutput: 'A1',
          candidateOutput: 'B0',
          baselineScore: 2 / 3,
          candidateScore: 1,
          baselineReason: 'wrong in sample 1',
          candidateReason: 'right',
        },
      ]);
    }
  });
});

describe('FlipListing.describeEach: the same flips at the same places, described in the order of their records', () => {
  const placed = (listing: FlipListing, direction: 'passToFail' | 'failToPass', limit?: number) => {
    const flips: FlipItem[] = [];
    const visited: number[] = [];
    listing.describeEach(
      direction,
      (place, flip) => {
        visited.push(place);
        flips[place] = flip;
      },
      limit,
    );
    return { flips, visited };
  };
  const samples = ['q1', 'q2', 'q3', 'q4'].flatMap((item, i) =>
    ['A', 'B'].flatMap((variant) =>
      [0, 1, 2].map((sample) => ({
        item,
        variant,
        sample,
        pass: (i + sample + (variant === 'B' ? i : 0)) % 3 !== 0,
        output: `${variant}${sample}`,
      })),
    ),
  );

  it.each([
    ['one sample per item, in memory', shuffled(records(), 3)],
    ['several samples per item, in memory', shuffled(samples, 5)],
  ])('%s: each place once, the flip passToFail/failToPass lists there', (_, rows) => {
    const [listing] = compareListingFlips(rows, {}, AB).flipListings;
    if (listing === undefined) throw new Error('no listing');
    for (const direction of ['passToFail', 'failToPass'] as const) {
      for (const limit of [undefined, 1]) {
        const inOrder = [...listing[direction](limit)];
        const { flips, visited } = placed(listing, direction, limit);
        expect(visited.toSorted((x, y) => x - y)).toEqual(inOrder.map((_, place) => place));
        expect(flips).toEqual(inOrder);
      }
    }
  });

  it('re-reading a streamed file in the order of its lines, not the listing order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verdict-flips-'));
    try {
      const file = join(dir, 'results.jsonl');
      writeFileSync(
        file,
        `${shuffled(records(), 11)
          .map((row) => JSON.stringify(row))
          .join('\n')}\n`,
      );
      const results = await loadResults([file], { fields: [] });
      const [listing] = compareListingFlips(results, {}, AB).flipListings;
      if (listing === undefined) throw new Error('no listing');
      const { flips, visited } = placed(listing, 'passToFail');
      expect(flips).toEqual([...listing.passToFail()]);
      expect(flips.map((flip) => flip.item)).toEqual(['1', 2, 10, 'a10', 'a9', 'b']);
      // The rows of the listed flips' records, in the order they were visited: ascending (the file's order).
      const lineOf = (item: unknown) => shuffled(records(), 11).findIndex((row) => row.item === item);
      const lines = visited.map((place) => lineOf(flips[place]?.item));
      expect(lines).toEqual(lines.toSorted((x, y) => x - y));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
