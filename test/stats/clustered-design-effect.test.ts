import { describe, expect, it } from 'vitest';
import { clusteredDesignEffect } from '../../stats/index';
import { expectClose } from '../helpers/expect-close';
import { loadClustBinPairCases } from './helpers/clust-bin-pair-reference';

describe('clusteredDesignEffect', () => {
  // R 4.2.2, sandwich 3.0.2: vcovCL(lm(d ~ 1), cluster = k, type = "HC0", cadjust = FALSE) /
  // vcovHC(lm(d ~ 1), type = "HC0") on the per-item differences (test/fixtures/clustered-pairs/).
  it.each(loadClustBinPairCases())("matches R sandwich's CR0 / HC0 variance ratio on $name", (c) => {
    expectClose(clusteredDesignEffect(c.clusters), c.expect.designEffect, { rel: 1e-12 }, c.name);
  });

  it('is the documented example: perfectly correlated clusters of 3 give 1 + (3 - 1) * 1', () => {
    expect(
      clusteredDesignEffect([
        { n11: 0, n10: 0, n01: 3, n00: 0 },
        { n11: 0, n10: 3, n01: 0, n00: 0 },
      ]),
    ).toBe(3);
  });

  it('is 1 for clusters of one pair, and 1 when every pair has the same difference', () => {
    const singles = [
      { n11: 1, n10: 0, n01: 0, n00: 0 },
      { n11: 0, n10: 1, n01: 0, n00: 0 },
      { n11: 0, n10: 0, n01: 1, n00: 0 },
      { n11: 0, n10: 0, n01: 1, n00: 0 },
    ];
    expect(clusteredDesignEffect(singles)).toBeCloseTo(1, 15);
    const allImproved = [
      { n11: 0, n10: 0, n01: 4, n00: 0 },
      { n11: 0, n10: 0, n01: 2, n00: 0 },
    ];
    expect(clusteredDesignEffect(allImproved)).toBe(1);
    const noDiscordance = [
      { n11: 3, n10: 0, n01: 0, n00: 1 },
      { n11: 0, n10: 0, n01: 0, n00: 2 },
    ];
    expect(clusteredDesignEffect(noDiscordance)).toBe(1);
  });

  it('falls below 1 when the clusters balance out (negatively correlated differences)', () => {
    const balanced = [
      { n11: 0, n10: 1, n01: 1, n00: 0 },
      { n11: 0, n10: 1, n01: 1, n00: 0 },
    ];
    expect(clusteredDesignEffect(balanced)).toBe(0);
  });

  it('rejects fewer than 2 clusters, naming the function', () => {
    expect(() => clusteredDesignEffect([{ n11: 1, n10: 0, n01: 0, n00: 0 }])).toThrow(
      new RangeError('clusteredDesignEffect: `clusters` must hold at least 2 clusters, got 1'),
    );
  });
});
