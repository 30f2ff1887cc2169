import { describe, expect, it } from 'vitest';
import { configHash, exactMatch } from '../../src/index';
import { canonicalJson } from '../../src/schema/canonical-json';
import { doublingExperiment } from './helpers';

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined properties', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4, e: undefined }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
  });

  it('writes functions as their source, bigints as strings, and refuses cycles', () => {
    expect(canonicalJson({ f: (x: number) => x + 1, n: 10n })).toBe('{"f":{"$function":"(x) => x + 1"},"n":"10"}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow('canonicalJson: the value contains a cycle');
  });
});

describe('configHash', () => {
  it('is the same for the same configuration, whatever the key order, name or policy', () => {
    const base = doublingExperiment();
    const reordered = { concurrency: 2, samples: 5, ...base, name: 'renamed' };
    expect(configHash(reordered, 0)).toBe(configHash(base, 0));
    expect(configHash(base, 0)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with the items, a target, the scorer or the seed', () => {
    const base = doublingExperiment();
    const hash = configHash(base, 0);
    expect(configHash(doublingExperiment({ items: base.items.slice(1) }), 0)).not.toBe(hash);
    expect(configHash(doublingExperiment({ variants: { ...base.variants, A: (input) => String(input) } }), 0)).not.toBe(
      hash,
    );
    expect(configHash(doublingExperiment({ score: { type: 'exact-match' } }), 0)).not.toBe(hash);
    expect(configHash(doublingExperiment({ score: exactMatch() }), 0)).toBe(hash);
    expect(configHash(base, 1)).not.toBe(hash);
  });
});
