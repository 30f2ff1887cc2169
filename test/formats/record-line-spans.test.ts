import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { RecordLineSpans } from '../../src/formats/record-line-spans';
import { fastParseRecord } from '../../src/schema/fast-parse-record';
import { RecordStatus, ResultRecord } from '../../src/schema/result-record';

const SHOWN = ['tags', 'input', 'output', 'reason'];

// Lines built as text, so that forms JSON.stringify never writes are generated too: escapes where none are needed,
// numbers in exponent form, odd white space, duplicate keys, invalid fragments.
const space = fc.constantFrom('', '', ' ', '\t', '\r\n');
const text = fc
  .oneof(fc.constantFrom('item-1', 'A', 'B', '', '7', 'Ä 日本 🙂', '"q"', '\\'), fc.string({ maxLength: 6 }))
  .chain((s) =>
    fc.constantFrom(
      JSON.stringify(s),
      JSON.stringify(s),
      JSON.stringify(s).replace(/[a-z]/, (c) => `\\u00${c.charCodeAt(0).toString(16)}`),
    ),
  );
const number = fc.oneof(
  fc.integer({ min: -3, max: 5 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
  fc.constantFrom('-0', '1.0', '0e0', '2E0', '1e400', '0.5', '123456789012345678'),
);
const invalid = fc.constantFrom('01', '1.', 'tru', '"a\tb"', '[1,]', '{"a":1,}', 'NaN', '"open', '');
const value = fc.oneof(
  { weight: 4, arbitrary: fc.oneof(text, number, fc.constantFrom('true', 'false', 'null', '0', '1')) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 1, arbitrary: invalid },
);
const tags = fc
  .array(
    fc.tuple(fc.constantFrom('"category"', '"split"', '"__proto__"', '"1"', '"category"'), fc.oneof(text, text, value)),
    {
      maxLength: 3,
    },
  )
  .map((pairs) => `{${pairs.map(([k, v]) => `${k}:${v}`).join(',')}}`);
const field = (key: string, arbitrary: fc.Arbitrary<string>) => arbitrary.map((v) => [`"${key}"`, v] as const);
const entry = fc.oneof(
  field('sample', fc.oneof(fc.constantFrom('0', '1', '0e0', '1.0', '-1', '0.5', 'null'), value)),
  field(
    'status',
    fc.oneof(fc.constantFrom(...RecordStatus.options.map((s) => JSON.stringify(s)), '"\\u006fk"'), value),
  ),
  field('pass', fc.oneof(fc.constantFrom('true', 'false', '0', '1', 'null', '1.0', '2'), value)),
  field('score', fc.oneof(number, fc.constantFrom('null', '"0.5"'))),
  field('n', fc.oneof(fc.constantFrom('1', '3', '0', 'null', '2.0'), value)),
  field('c', fc.oneof(fc.constantFrom('0', '1', '2', '4', 'null'), value)),
  field('tags', fc.oneof({ weight: 4, arbitrary: tags }, { weight: 1, arbitrary: value })),
  field('latencyMs', number),
  field('input', value),
  field('output', value),
  field('reason', value),
  fc.constantFrom(['"__proto__"', '1'] as const, ['"it\\u0065m"', '"x"'] as const, ['"item"', '3'] as const),
);
const cleanEntry = fc.oneof(
  field('sample', fc.constantFrom('0', '1', '0e0', '1.0')),
  field('status', fc.constantFrom(...RecordStatus.options.map((s) => JSON.stringify(s)))),
  field('score', fc.oneof(number, fc.constant('null'))),
  field('tags', tags),
  field('latencyMs', number),
  field('input', value),
  field('output', value),
  field('reason', text),
);
const cleanLine = fc
  .tuple(
    field('item', fc.oneof(text, number)),
    field('variant', fc.constantFrom('"A"', '"B"', '"Ä"')),
    field('pass', fc.constantFrom('true', 'false', '0', '1', '1.0')),
    fc.array(cleanEntry, { maxLength: 6 }),
    space,
  )
  .chain(([item, variant, pass, rest, gap]) =>
    fc
      .shuffledSubarray([item, variant, pass, ...rest], { minLength: 3 })
      .map((pairs) => `{${gap}${pairs.map(([k, v]) => `${k}${gap}:${gap}${v}`).join(`,${gap}`)}${gap}}`),
  );
const anyLine = fc
  .tuple(
    field('item', fc.oneof(text, number, value)),
    field('variant', fc.oneof(fc.constantFrom('"A"', '"B"', '"\\u0041"', '"Ä"', '""'), value)),
    fc.array(entry, { maxLength: 7 }),
    space,
    fc.constantFrom('', '', '', ' ', 'x', ','),
  )
  .chain(([item, variant, rest, gap, edge]) =>
    fc
      .shuffledSubarray([item, variant, ...rest], { minLength: 1 })
      .map((pairs) => `{${gap}${pairs.map(([k, v]) => `${k}${gap}:${gap}${v}`).join(`,${gap}`)}${gap}}${edge}`),
  );

const line = fc.oneof(cleanLine, anyLine);

/**
 * The record the whole-line path makes of a line (JSON.parse, then fastParseRecord or zod), or undefined; its tags
 * left out (the spans find them, the caller checks them).
 */
function wholeLine(line: string): { raw: Record<string, unknown>; record: ResultRecord } | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(line.trim());
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { tags: _, ...rest } = raw as Record<string, unknown>;
  const record = fastParseRecord(rest) ?? ResultRecord.safeParse(rest).data;
  return record === undefined ? undefined : { raw: raw as Record<string, unknown>, record };
}

describe('RecordLineSpans', () => {
  const spans = new RecordLineSpans(SHOWN);
  let read = 0;

  test.prop([line], { numRuns: 5000, seed: 1403 })(
    'reads a line only when the whole-line path accepts it (but for its tags, which the caller checks), with its identity, and finds each shown field as JSON.parse reads it',
    (text) => {
      const bytes = Buffer.from(`xx${text}yy`); // at an offset inside a larger buffer, as a re-read window holds it
      const identity = spans.read(bytes, 2, bytes.length - 2);
      const whole = wholeLine(text);
      if (identity === undefined) return; // declined: the whole-line path reads it
      read++;
      expect(whole).toBeDefined();
      if (whole === undefined) return;
      const { record, raw } = whole;
      for (const key of ['item', 'variant', 'sample', 'status', 'pass', 'score', 'n', 'c'] as const)
        expect(identity[key]).toStrictEqual(record[key]);
      SHOWN.forEach((key, k) => {
        const from = spans.start[k] ?? -1;
        if (!Object.hasOwn(raw, key)) expect(from).toBe(-1);
        else expect(JSON.parse(bytes.toString('utf8', from, spans.end[k]))).toStrictEqual(raw[key]);
      });
    },
  );

  it('read a fair share of the generated lines (the property is not vacuous)', () => {
    expect(read).toBeGreaterThan(500);
  });

  it('reads the plain lines of verdict run and of generated files', () => {
    const bytes = Buffer.from(
      '{"item":"item-1","variant":"A","sample":0,"status":"ok","pass":false,"tags":{"category":"c1","split":"easy"},"latencyMs":952,"costUsd":0.0004}',
    );
    expect(spans.read(bytes, 0, bytes.length)).toEqual({
      item: 'item-1',
      variant: 'A',
      sample: 0,
      status: 'ok',
      pass: false,
    });
    expect(bytes.toString('utf8', spans.start[0], spans.end[0])).toBe('{"category":"c1","split":"easy"}');
    expect([...spans.start.slice(1)]).toEqual([-1, -1, -1]);
    const scored = Buffer.from(
      '{"item":7,"variant":"B","score":0.25,"n":3,"c":2,"output":{"a":[1,"}"]},"output":"last"}',
    );
    expect(spans.read(scored, 0, scored.length)).toEqual({
      item: 7,
      variant: 'B',
      sample: 0,
      status: 'ok',
      score: 0.25,
      n: 3,
      c: 2,
    });
    expect(scored.toString('utf8', spans.start[2], spans.end[2])).toBe('"last"');
  });

  it('declines what it does not read plainly: escapes in a key or an item, __proto__, a null n, an ok row without an outcome', () => {
    for (const text of [
      '{"it\\u0065m":"a","variant":"A","pass":true}',
      '{"item":"a\\n","variant":"A","pass":true}',
      '{"item":"a","variant":"A","pass":true,"__proto__":1}',
      '{"item":"a","variant":"A","n":null,"c":null,"pass":true}',
      '{"item":"a","variant":"A"}',
      '{"item":"a","variant":"A","pass":true}x',
      '{"item":"a","variant":"A","pass":true,"output":[1,]}',
    ]) {
      const bytes = Buffer.from(text);
      expect(spans.read(bytes, 0, bytes.length)).toBeUndefined();
    }
  });
});
