import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { fastParseRecord } from '../../src/schema/fast-parse-record';
import { ResultRecord } from '../../src/schema/result-record';

// Values that are valid for some fields and invalid for others, so both paths are exercised.
const anyValue = fc.constantFrom<unknown>(
  undefined,
  null,
  0,
  1,
  2,
  -1,
  1.5,
  7,
  '007',
  '',
  'ok',
  'error',
  'x',
  true,
  false,
  [],
  {},
);
const record = fc.record(
  {
    item: anyValue,
    variant: fc.constantFrom<unknown>('A', 'B', '', 3, undefined),
    sample: anyValue,
    status: fc.constantFrom<unknown>(undefined, 'ok', 'error', 'timeout', 'skipped', 'done', null),
    pass: anyValue,
    score: anyValue,
    n: anyValue,
    c: anyValue,
    tags: fc.constantFrom<unknown>(undefined, {}, { category: 'math' }, { level: 3 }, 'math', null),
    latencyMs: anyValue,
  },
  { requiredKeys: [] },
);

test.prop([record], { numRuns: 3000, seed: 42 })(
  'fastParseRecord returns what the zod schema returns, or defers to it',
  (row) => {
    const fast = fastParseRecord(row);
    const parsed = ResultRecord.safeParse(row);
    if (fast !== undefined) {
      expect(parsed.success).toBe(true);
      expect(fast).toEqual(parsed.data);
    }
  },
);

test.prop([record], { numRuns: 500, seed: 7 })(
  'defers only what it does not know to be valid: the plain shape never reaches zod',
  (row) => {
    const plain = {
      item: 'q1',
      variant: 'A',
      pass: true,
      ...Object.fromEntries(Object.entries(row).filter(([k]) => k === 'latencyMs')),
    };
    expect(fastParseRecord(plain)).toEqual(ResultRecord.parse(plain));
  },
);
