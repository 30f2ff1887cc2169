import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { loadResults } from '../../src/analysis/load-results';
import { fieldValue } from '../../src/analysis/record-field';
import { InputProblems } from '../../src/formats/input-problems';
import { emptyScannedRecord, RecordLineScanner } from '../../src/formats/scan-record-line';
import { validateRecord } from '../../src/formats/validate-rows';
import { RecordStatus, type ResultRecord } from '../../src/schema/result-record';

const KEPT = ['tags.category', 'category', 'finishedAt'];

// Lines are built as text, so that the forms JSON.stringify never writes (escapes where none are needed, numbers in
// exponent form, odd spacing, duplicate keys, invalid fragments) are generated too.
const space = fc.constantFrom('', '', '', ' ', '  ', '\t', '\r', '\n');
const escaped = (text: string) =>
  JSON.stringify(text).replace(/[a-zA-Z]/g, (c, at: number) =>
    at % 3 === 0 ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c,
  );
const stringText = fc
  .oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom('item-1', 'A', 'B', 'math', 'code', '', '7', 'Ä ü 日本 🙂', '2026-12-03T08:00:00Z'),
    },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  )
  .chain((text) => fc.constantFrom(JSON.stringify(text), JSON.stringify(text), escaped(text)));
const numberText = fc
  .oneof(fc.integer({ min: -5, max: 5 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }))
  .chain((n) =>
    fc.constantFrom(
      JSON.stringify(n),
      n.toExponential(),
      n.toExponential().toUpperCase(),
      n.toExponential().replace('e+', 'e'),
      Number.isInteger(n) ? `${n}.0` : JSON.stringify(n),
    ),
  );
const oddNumber = fc.constantFrom(
  '-0',
  '0.0',
  '1.0',
  '1e0',
  '10E-1',
  '1e400',
  '-1e400',
  '0.0004',
  '123456789012345678',
  '1.5e-7',
);
const invalid = fc.constantFrom(
  '01',
  '1.',
  '.5',
  '+1',
  'tru',
  'nul',
  '"\\x"',
  '"a\tb"',
  '[1,]',
  '{"a":1,}',
  'NaN',
  '"open',
  '-',
  '1e',
  '',
);
const plain = fc.oneof(stringText, numberText, oddNumber, fc.constantFrom('true', 'false', 'null', '0', '1'));
const jsonText = fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value) ?? 'null');
const anyText = fc.oneof(
  { weight: 6, arbitrary: plain },
  { weight: 2, arbitrary: jsonText },
  { weight: 1, arbitrary: invalid },
);

const objectText = (entries: fc.Arbitrary<readonly [string, string][]>) =>
  fc
    .tuple(entries, fc.array(space, { minLength: 8, maxLength: 8 }))
    .map(
      ([pairs, [a = '', b = '', c = '', d = '']]) =>
        `{${a}${pairs.map(([key, value]) => `${b}${key}${c}:${d}${value}${a}`).join(',')}${b}}`,
    );
const tagsText = objectText(
  fc.array(
    fc.tuple(
      fc.constantFrom('"category"', '"split"', '"__proto__"', '"cat\\u0065gory"', '"category"'),
      fc.oneof({ weight: 5, arbitrary: stringText }, { weight: 1, arbitrary: anyText }),
    ),
    { maxLength: 3 },
  ),
);
const field = (key: string, value: fc.Arbitrary<string>) => value.map((text) => [`"${key}"`, text] as [string, string]);
const entry = fc.oneof(
  field('sample', fc.oneof(fc.constantFrom('0', '1', '2', '0e0', '1.0', '-1', '0.5'), anyText)),
  field(
    'status',
    fc.oneof(fc.constantFrom(...RecordStatus.options.map((s) => JSON.stringify(s)), '"done"', 'null'), anyText),
  ),
  field('pass', fc.oneof(fc.constantFrom('true', 'false', '0', '1', 'null', '1.0', '0e0', '2', '"yes"'), anyText)),
  field('score', fc.oneof(numberText, oddNumber, fc.constantFrom('null', '"0.5"'))),
  field('n', fc.oneof(fc.constantFrom('1', '3', '0', 'null', '2.0'), anyText)),
  field('c', fc.oneof(fc.constantFrom('0', '1', '2', '4', 'null'), anyText)),
  field('tags', fc.oneof({ weight: 5, arbitrary: tagsText }, { weight: 1, arbitrary: anyText })),
  field('latencyMs', fc.oneof(numberText, oddNumber, anyText)),
  field('latency_ms', fc.oneof(numberText, anyText)),
  field('costUsd', fc.oneof(numberText, oddNumber, anyText)),
  field('cost_usd', fc.oneof(numberText, anyText)),
  field('finishedAt', fc.oneof(stringText, anyText)),
  field('category', anyText),
  field('output', fc.oneof(anyText, jsonText)),
  field('cached', fc.constantFrom('true', 'false')),
  fc.constantFrom<[string, string]>(
    ['"__proto__"', '1'],
    ['"it\\u0065m"', '"x"'],
    ['"variant"', '"A"'],
    ['"item"', '3'],
  ),
);
// Lines the schema mostly accepts, in the many forms JSON allows, so the scanner's values are compared often.
const cleanEntry = fc.oneof(
  field('sample', fc.constantFrom('0', '1', '2', '0e0', '1.0', '2E0')),
  field('status', fc.constantFrom(...RecordStatus.options.map((s) => JSON.stringify(s)))),
  field('score', fc.oneof(numberText, oddNumber, fc.constant('null'))),
  field('tags', tagsText),
  field('latencyMs', fc.oneof(numberText, oddNumber)),
  field('costUsd', fc.oneof(numberText, oddNumber)),
  field('latency_ms', numberText),
  field('finishedAt', stringText),
  field('category', plain),
  field('output', jsonText),
);
const cleanLine = fc
  .tuple(
    field('item', fc.oneof(stringText, numberText)),
    field('variant', fc.constantFrom('"A"', '"B"', '"\\u0041"', '"Ä"')),
    field('pass', fc.constantFrom('true', 'false', '0', '1', '1.0', '0e0')),
    fc.array(cleanEntry, { maxLength: 6 }),
  )
  .chain(([item, variant, pass, rest]) =>
    objectText(fc.shuffledSubarray([item, variant, pass, ...rest], { minLength: 3 })),
  );
const anyLine = fc
  .tuple(
    field(
      'item',
      fc.oneof(
        { weight: 4, arbitrary: stringText },
        { weight: 2, arbitrary: numberText },
        { weight: 1, arbitrary: anyText },
      ),
    ),
    field(
      'variant',
      fc.oneof(
        { weight: 5, arbitrary: fc.constantFrom('"A"', '"B"', '"\\u0041"', '"Ä"', '""', '"__proto__"') },
        { weight: 1, arbitrary: anyText },
      ),
    ),
    field('pass', fc.constantFrom('true', 'false')),
    fc.array(entry, { maxLength: 6 }),
    fc.boolean(),
    fc.constantFrom('', '', '', ' ', '\u00a0', 'x', ','),
  )
  .chain(([item, variant, pass, rest, withPass, edge]) =>
    fc
      .shuffledSubarray([item, variant, ...(withPass ? [pass] : []), ...rest], { minLength: 1 })
      .chain((entries) =>
        objectText(fc.constant(entries)).map((text) => (edge === ',' ? `${text},` : `${edge}${text}`)),
      ),
  );
const line = fc.oneof(cleanLine, anyLine);

/** What the full path (JSON.parse, the record schema) makes of a line: the record, or undefined. */
function fullPath(text: string): ResultRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text.trim());
  } catch {
    return undefined;
  }
  return validateRecord(value, { file: 'x.jsonl', line: 1 }, new InputProblems());
}

const numberField = (record: ResultRecord, camel: string, snake: string) => {
  const value = record[camel] ?? record[snake];
  return typeof value === 'number' && Number.isFinite(value) ? value : Number.NaN;
};

describe('RecordLineScanner', () => {
  const scanner = new RecordLineScanner(KEPT);
  const out = emptyScannedRecord(KEPT.length);
  let last = Buffer.alloc(0);
  const scan = (text: string) => {
    last = Buffer.from(text);
    return scanner.scan(last, 0, last.length, out);
  };
  const item = () => (out.itemIsNumber ? out.item : last.toString('utf8', out.itemStart, out.itemEnd));

  test.prop([line], { numRuns: 4000, seed: 14 })(
    'accepts a line only when JSON.parse and the record schema accept it, with the same values',
    (text) => {
      const record = fullPath(text);
      if (!scan(text)) return; // refused: the full path reads it (and words its error), tested below on files
      expect(record).toBeDefined();
      if (record === undefined) return;
      expect({
        item: item(),
        itemIsNumber: out.itemIsNumber,
        variant: out.variant,
        sample: out.sample,
        status: RecordStatus.options[out.status],
        trials: out.trials,
        passes: out.passes,
        score: out.score,
        latencyMs: out.latencyMs,
        costUsd: out.costUsd,
        kept: [...out.kept],
      }).toEqual({
        item: String(record.item),
        itemIsNumber: typeof record.item === 'number',
        variant: record.variant,
        sample: record.sample,
        status: record.status,
        trials: record.n ?? (record.pass === undefined ? 0 : 1),
        passes: record.n === undefined ? (record.pass === undefined ? 0 : Number(record.pass)) : record.c,
        score: record.score ?? Number.NaN,
        latencyMs: numberField(record, 'latencyMs', 'latency_ms'),
        costUsd: numberField(record, 'costUsd', 'cost_usd'),
        kept: KEPT.map((name) => fieldValue(record, name)),
      });
    },
  );

  // The scanner remembers the keys of the line before by position (KeyShape): a line after any other reads as it
  // reads after none. Lines of a few shapes, so that keys often come in the same places, escaped keys among them.
  const reading = (scanner: RecordLineScanner, text: string) => {
    const bytes = Buffer.from(text);
    const read = emptyScannedRecord(KEPT.length);
    if (!scanner.scan(bytes, 0, bytes.length, read)) return undefined;
    const { item, itemStart, itemEnd, ...values } = read;
    return { ...values, item: read.itemIsNumber ? item : bytes.toString('utf8', itemStart, itemEnd) };
  };
  test.prop([fc.array(fc.oneof(cleanLine, line), { minLength: 2, maxLength: 6 })], { numRuns: 1500, seed: 14 })(
    'reads a line after other lines as a fresh scanner reads it',
    (texts) => {
      const reused = new RecordLineScanner(KEPT);
      for (const text of texts) expect(reading(reused, text)).toEqual(reading(new RecordLineScanner(KEPT), text));
    },
  );

  it('reads a key in the place of the key before it only when its bytes and closing quote are the same', () => {
    const reused = new RecordLineScanner(KEPT);
    const first = '{"item":"a","variant":"A","pass":true,"tags":{"category":"c0"}}';
    for (const text of [
      first,
      '{"it\\u0065m":"a","variant":"A","pass":true,"tags":{"category":"c0"}}',
      '{"item\\"":"a","item":"a","variant":"A","pass":true}',
      '{"items":"a","item":"a","variant":"A","pass":true}',
      '{"variant":"A","item":"a","pass":true,"tags":{"cat\\u0065gory":"c1"}}',
      '{"item":"a","variant":"A","pass":true,"tags":{"category":"c0","category":"c1"}}',
      first,
    ])
      expect(reading(reused, text)).toEqual(reading(new RecordLineScanner(KEPT), text));
    expect(reading(reused, first)?.kept).toEqual(['c0', 'c0', undefined]);
  });

  it('reads most generated lines that the full path accepts (the property above is not vacuous)', () => {
    const lines = fc.sample(line, { numRuns: 2000, seed: 14 });
    const valid = lines.filter((text) => fullPath(text) !== undefined);
    const read = valid.filter(scan);
    expect(valid.length).toBeGreaterThan(400);
    expect(read.length / valid.length).toBeGreaterThan(0.3);
  });

  it('reads the common line without the full path, and refuses what only the full path can word', () => {
    expect(scan('{"item":"item-0","variant":"A","sample":0,"status":"ok","pass":true,"tags":{"category":"c0"}}')).toBe(
      true,
    );
    expect(out.kept).toEqual(['c0', 'c0', undefined]);
    expect(scan('{"item":7,"variant":"B","n":4,"c":3,"costUsd":0.0004,"finishedAt":"2026-12-03T08:00:00Z"}')).toBe(
      true,
    );
    expect([item(), out.itemIsNumber, out.trials, out.passes, out.costUsd, out.kept[2]]).toEqual([
      '7',
      true,
      4,
      3,
      0.0004,
      '2026-12-03T08:00:00Z',
    ]);
    for (const refused of [
      '{"item":1,"variant":"A","pass":"yes"}', // the schema's error
      '{"item":1,"variant":"A","pass":true,"pass":false}', // duplicate key: JSON.parse keeps the last
      '{"item":1,"variant":"A","pass":true,"tags":{"category":3}}', // the schema turns 3 into "3"
      '{"item":1,"variant":"__proto__","pass":true}',
      '{"item":1,"variant":"A","pass":true,"__proto__":1}',
      '{"it\\u0065m":1,"variant":"A","pass":true}', // an escaped key
      '{"item":1,"variant":"A","pass":true',
      '{"item":1,"variant":"A","ok":true}',
    ])
      expect(scan(refused), refused).toBe(false);
  });
});

describe('streamed loading', () => {
  const dir = mkdtempSync(join(tmpdir(), 'verdict-scan-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let count = 0;

  /** A file's load as columns and records, or its error's message (the file name made neutral). */
  const load = async (file: string, fields: 'all' | string[]) => {
    try {
      const { columns } = await loadResults([file], { fields, onWarning: () => {}, onNote: () => {} });
      const rows = Array.from({ length: columns.length }, (_, row) => row);
      const records = columns.records.recordsAt(rows);
      // Items pair by String(item): one code per key, whichever path read the row.
      expect(new Set(columns.itemKeys).size).toBe(columns.itemKeys.length);
      expect(rows.map((row) => columns.itemKeys[columns.itemId[row] ?? -1])).toEqual(
        records.map((record) => String(record.item)),
      );
      return {
        itemKeys: columns.itemKeys,
        variantNames: columns.variantNames,
        columns: (
          [
            columns.itemId,
            columns.variant,
            columns.sample,
            columns.status,
            columns.trials,
            columns.passes,
          ] as ArrayLike<number>[]
        )
          .concat([columns.score, columns.latencyMs, columns.costUsd, columns.line])
          .map((values) => Array.from(values)),
        records,
        kept: KEPT.map((name) => rows.map((row) => columns.records.valueAt(row, name))),
      };
    } catch (error) {
      return { error: (error as Error).message };
    }
  };

  test.prop([fc.array(line, { minLength: 1, maxLength: 12 }), fc.boolean()], { numRuns: 150, seed: 14 })(
    'the scanner and the full parser load a file alike: the same columns, records and fields, or the same error',
    async (lines, lastTerminated) => {
      const file = join(dir, `results-${count++}.jsonl`);
      writeFileSync(file, lines.join('\n') + (lastTerminated ? '\n' : ''));
      expect(await load(file, KEPT)).toEqual(await load(file, 'all'));
    },
  );
});
