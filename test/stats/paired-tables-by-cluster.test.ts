import { describe, expect, it } from 'vitest';
import { clusteredMcNemarTest, pairedTablesByCluster } from '../../stats/index';

describe('pairedTablesByCluster', () => {
  it('is the documented example', () => {
    expect(pairedTablesByCluster([1, 1, 0, 1], [1, 0, 1, 1], ['p1', 'p1', 'p2', 'p2'])).toEqual([
      { cluster: 'p1', n11: 1, n10: 1, n01: 0, n00: 0 },
      { cluster: 'p2', n11: 1, n10: 0, n01: 1, n00: 0 },
    ]);
  });

  it('counts every item once, in the cluster of its id, clusters in the order of their first item', () => {
    const baseline = [true, false, false, true, true, false, 1, 0] as const;
    const candidate = [true, true, false, false, true, true, 0, 0] as const;
    const clusters = [7, 'a', 7, 'a', 'b', 7, '7', 'b'];
    const tables = pairedTablesByCluster([...baseline], [...candidate], clusters);
    expect(tables).toEqual([
      { cluster: 7, n11: 1, n10: 0, n01: 1, n00: 1 },
      { cluster: 'a', n11: 0, n10: 1, n01: 1, n00: 0 },
      { cluster: 'b', n11: 1, n10: 0, n01: 0, n00: 1 },
      { cluster: '7', n11: 0, n10: 1, n01: 0, n00: 0 },
    ]);
    const total = tables.reduce((sum, t) => sum + t.n11 + t.n10 + t.n01 + t.n00, 0);
    expect(total).toBe(baseline.length);
    expect(clusteredMcNemarTest(tables).n).toBe(8);
  });

  it('rejects what is not an outcome or an id, and arrays of different lengths', () => {
    expect(() => pairedTablesByCluster([1, 0], [1, 2 as 1], ['a', 'a'])).toThrow(
      new TypeError('pairedTablesByCluster: `candidate[1]` must be a boolean or 0/1, got 2'),
    );
    expect(() => pairedTablesByCluster([1, 0], [1, 0], ['a', Number.NaN])).toThrow(
      new TypeError('pairedTablesByCluster: `clusters[1]` must be a string or a finite number, got NaN'),
    );
    expect(() => pairedTablesByCluster([1, 0], [1], ['a', 'b'])).toThrow(
      new RangeError(
        'pairedTablesByCluster: `baseline` and `candidate` must have the same length (paired data), got 2 and 1',
      ),
    );
    expect(() => pairedTablesByCluster('10' as unknown as [], [], [])).toThrow(
      new TypeError('pairedTablesByCluster: `baseline` must be an array, got "10"'),
    );
  });
});
