import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { FLIP_KEY_KINDS, fastFlipText } from '../../reports/json/flip-text';
import { FlipItem } from '../../src/schema/verdict-document';

/** The text the JSON report wrote for a flip before the fast path: zod's output, pretty-printed, re-indented. */
const zodText = (item: unknown, indent: string): string | undefined => {
  const parsed = FlipItem.safeParse(item);
  return parsed.success ? JSON.stringify(parsed.data, null, 2).replaceAll('\n', `\n${indent}`) : undefined;
};

// Values valid for some keys and not for others (non-finite numbers, -0, objects of other kinds), so that both the
// fast path and its refusals are exercised.
const anyValue = fc.oneof(
  fc.constantFrom<unknown>(undefined, null, 0, -0, 1.5, -7, 1e21, Number.NaN, Infinity, '', true, [], {}, new Date(0)),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }), // lone surrogates, controls, quotes: JSON.stringify's escapes
  fc.double(),
);
/** Mostly what the key takes, sometimes anything: about a third of the flips are then valid. */
const mostly = (valid: fc.Arbitrary<unknown>) =>
  fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: anyValue, weight: 1 });
const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }));
const tagKey = fc.oneof(fc.string(), fc.constantFrom('__proto__', '1', '01', 'constructor', 'category'));
const tags = fc.oneof(
  fc.dictionary(tagKey, mostly(text), { maxKeys: 4 }),
  // Keys as JSON.parse makes them (an own `__proto__`, integer-like keys first), and a null prototype.
  fc.dictionary(tagKey, text, { maxKeys: 4 }).map((d) => JSON.parse(JSON.stringify(d)) as unknown),
  fc.dictionary(tagKey, text, { maxKeys: 3 }).map((d) => Object.assign(Object.create(null), d) as unknown),
  fc.constant<unknown>({ [Symbol('s')]: 'x', a: 'b' }),
  anyValue,
);
const itemRef = mostly(
  fc.record({ file: mostly(text), sha256: mostly(text), extra: anyValue }, { requiredKeys: ['sha256'] }),
);
const flip = fc.oneof(
  {
    weight: 9,
    arbitrary: fc.record(
      {
        item: mostly(fc.oneof(text, fc.integer(), fc.double())),
        tags,
        baselineOutput: mostly(text),
        candidateOutput: mostly(text),
        baselineScore: mostly(fc.double()),
        candidateScore: mostly(fc.integer()),
        input: mostly(text),
        expected: mostly(text),
        itemRef,
        baselineReason: mostly(text),
        candidateReason: mostly(text),
        unknownKey: anyValue,
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: anyValue },
);
const indent = fc.constantFrom('', '  ', '      ', '\t');

describe('fastFlipText: the flip text without zod', () => {
  test.prop([flip, indent], { numRuns: 5000, seed: 14 })(
    'writes exactly the text of zod parse + JSON.stringify(_, null, 2) re-indented, or leaves the flip to zod',
    (item, pad) => {
      const fast = fastFlipText(item, pad);
      if (fast !== undefined) expect(fast).toBe(zodText(item, pad));
    },
  );

  test.prop(
    [
      fc.record(
        {
          item: fc.oneof(fc.string(), fc.integer()),
          tags: fc.dictionary(
            fc.string().filter((k) => k !== '__proto__'),
            fc.string(),
            { maxKeys: 4 },
          ),
          baselineOutput: fc.string(),
          baselineScore: fc.double({ noNaN: true, noDefaultInfinity: true }),
          itemRef: fc.record({ file: fc.string(), sha256: fc.string() }, { requiredKeys: ['sha256'] }),
          candidateReason: fc.string(),
        },
        { requiredKeys: ['item'] },
      ),
      indent,
    ],
    { numRuns: 2000, seed: 15 },
  )(
    'takes every flip the analysis describes (plain objects of strings and finite numbers): none reaches zod',
    (item, pad) => {
      expect(fastFlipText(item, pad)).toBe(zodText(item, pad));
    },
  );

  it('the first property meets both paths often (it is not proven on refusals alone)', () => {
    const items = fc.sample(flip, { numRuns: 5000, seed: 14 });
    const accepted = items.filter((item) => fastFlipText(item, '  ') !== undefined).length;
    const valid = items.filter((item) => FlipItem.safeParse(item).success).length;
    expect(accepted).toBeGreaterThan(250);
    expect(items.length - accepted).toBeGreaterThan(250);
    // Valid flips it leaves to zod are the unusual ones (a null prototype's record, a tag named __proto__).
    expect(accepted / valid).toBeGreaterThan(0.5);
  });

  it("lists FlipItem's keys in the schema's order (the order zod writes them in)", () => {
    expect(FLIP_KEY_KINDS.map(([key]) => key)).toEqual(Object.keys(FlipItem.shape));
  });

  it('writes a flip of the 10^6 benchmark as the report did', () => {
    const item = { item: 'item-1', tags: { category: 'c1', split: 'easy' } };
    expect(fastFlipText(item, '    ')).toBe(
      '{\n      "item": "item-1",\n      "tags": {\n        "category": "c1",\n        "split": "easy"\n      }\n    }',
    );
    expect(fastFlipText(item, '    ')).toBe(zodText(item, '    '));
  });
});
