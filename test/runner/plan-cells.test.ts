import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { cellKey, InputError } from '../../src/index';
import { deriveSeed, fnv1a32 } from '../../src/runner/derive-seed';
import { countCells, iterateCells, planCells } from '../../src/runner/plan-cells';

const items = [
  { id: 'q1', input: 'a' },
  { id: 2, input: 'b' },
];

describe('planCells', () => {
  it('interleaves variants within each item and sample, so a partial run holds pairs', () => {
    const plan = planCells(items, ['A', 'B'], { samples: 2 });
    expect(plan.map((c) => `${c.item.id}/${c.sample}/${c.variant}`)).toEqual([
      'q1/0/A',
      'q1/0/B',
      'q1/1/A',
      'q1/1/B',
      '2/0/A',
      '2/0/B',
      '2/1/A',
      '2/1/B',
    ]);
  });

  it('gives each cell the JSON key of [item id as text, variant, sample]: ids 2 and "2" are one item', () => {
    const plan = planCells(items, ['A'], {});
    expect(plan.map((c) => c.key)).toEqual(['["q1","A",0]', '["2","A",0]']);
    expect(cellKey('2', 'A', 0)).toBe(cellKey(2, 'A', 0));
    expect(cellKey('a","b', 'c', 0)).toBe('["a\\",\\"b","c",0]');
  });

  it('is deterministic, seeds included, and the seed depends on every part of the cell', () => {
    const first = planCells(items, ['A', 'B'], { samples: 3, seed: 7 });
    expect(planCells(items, ['A', 'B'], { samples: 3, seed: 7 })).toEqual(first);
    const seeds = new Set(first.map((c) => c.seed));
    expect(seeds.size).toBe(first.length);
    expect(first[0]!.seed).toBe(deriveSeed(7, 'q1', 'A', 0));
    expect(deriveSeed(8, 'q1', 'A', 0)).not.toBe(deriveSeed(7, 'q1', 'A', 0));
    for (const cell of first) expect(Number.isInteger(cell.seed) && cell.seed >= 0 && cell.seed < 2 ** 32).toBe(true);
  });

  it('hashes with the reference FNV-1a 32-bit parameters', () => {
    // Test vectors of the FNV reference code (Landon Curt Noll, test_fnv.c, fnv1a_32).
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('refuses a duplicate item id', () => {
    const run = () => planCells([...items, { id: 'q1', input: 'c' }], ['A']);
    expect(run).toThrow(InputError);
    expect(run).toThrow('`items[2].id`: duplicate item id "q1"');
  });

  it('refuses a sample count below one', () => {
    expect(() => planCells(items, ['A'], { samples: 0 })).toThrow(
      'planCells: `samples` must be an integer from 1 up, got 0',
    );
  });
});

describe('planCells, for any experiment shape', () => {
  test.prop([fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 5 })])(
    'plans every (item, variant, sample) once, each block of variants on one item and sample',
    (nItems, nVariants, samples) => {
      const ids = Array.from({ length: nItems }, (_, i) => ({ id: i % 2 === 0 ? i : `item ${i}`, input: i }));
      const variants = Array.from({ length: nVariants }, (_, v) => `v${v}`);
      const plan = planCells(ids, variants, { samples });
      expect(plan).toHaveLength(nItems * nVariants * samples);
      expect(new Set(plan.map((c) => c.key)).size).toBe(plan.length);
      for (let start = 0; start < plan.length; start += nVariants) {
        const block = plan.slice(start, start + nVariants);
        expect(block.map((c) => c.variant)).toEqual(variants);
        expect(new Set(block.map((c) => `${c.item.id}/${c.sample}`)).size).toBe(1);
      }
    },
  );
});

describe('iterateCells, the lazy plan the runner pulls from', () => {
  test.prop([
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 3 }),
    fc.integer({ min: 1, max: 3 }),
    fc.integer(),
  ])(
    'yields the cells of planCells, in its order, with its keys and seeds, and countCells counts them',
    (nItems, nVariants, samples, seed) => {
      const ids = Array.from({ length: nItems }, (_, i) => ({ id: i % 3 === 0 ? i : `it"em ${i}`, input: i }));
      const variants = Array.from({ length: nVariants }, (_, v) => `v${v}\u00e9`);
      const lazy = [...iterateCells(ids, variants, { samples, seed })];
      expect(lazy).toEqual(planCells(ids, variants, { samples, seed }));
      for (const cell of lazy) {
        expect(cell.key).toBe(cellKey(cell.item.id, cell.variant, cell.sample));
        expect(cell.seed).toBe(deriveSeed(seed, cell.item.id, cell.variant, cell.sample));
      }
      expect(countCells(nItems, nVariants, samples)).toBe(lazy.length);
    },
  );

  it('leaves out the cells a resume has done, keeping the order of the rest', () => {
    const done = new Set(['["q1","B",0]', '["2","A",0]']);
    const keys = [...iterateCells(items, ['A', 'B'], {}, (key) => done.has(key))].map((c) => c.key);
    expect(keys).toEqual(['["q1","A",0]', '["2","B",0]']);
  });

  it('builds a cell only when it is pulled', () => {
    const cells = iterateCells(items, ['A', 'B'], { samples: 1_000_000 });
    expect(cells.next().value?.key).toBe('["q1","A",0]');
    expect(cells.next().value?.key).toBe('["q1","B",0]');
    expect(countCells(items.length, 2, 1_000_000)).toBe(4_000_000);
  });
});
