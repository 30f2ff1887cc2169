import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeZodIssues, inputErrorFromZod } from '../../src/schema/input-error-from-zod';

/** The one wording of a zod issue, for every file a user gives verdict. */
describe('describeZodIssues', () => {
  const problems = (schema: z.ZodType, input: unknown) => {
    const parsed = schema.safeParse(input);
    if (parsed.success) throw new Error('expected the input to fail');
    return describeZodIssues(parsed.error.issues, input);
  };

  it('says "unknown field" per key, a refinement in its own words, and "missing required field"', () => {
    const schema = z
      .strictObject({ n: z.number(), c: z.number().optional() })
      .refine((value) => value.c === undefined || value.c <= value.n, { path: ['c'], message: 'must not exceed `n`' });
    expect(problems(schema, { n: 1, modle: 'x', tempr: 2 })).toEqual([
      { path: ['modle'], problem: 'unknown field' },
      { path: ['tempr'], problem: 'unknown field' },
    ]);
    expect(problems(schema, { c: 2 })).toEqual([{ path: ['n'], problem: 'missing required field' }]);
    expect(problems(schema, { n: 1, c: 2 })).toEqual([{ path: ['c'], problem: 'must not exceed `n`' }]);
  });

  it("keeps a schema's own 'expected ...' text and adds the value found, unless the text names it", () => {
    const own = z.object({
      pass: z.union([z.boolean(), z.literal(0), z.literal(1)], { error: 'expected boolean or 0/1' }),
    });
    expect(problems(own, { pass: 'yes' })).toEqual([{ path: ['pass'], problem: 'expected boolean or 0/1, got "yes"' }]);
    const named = z.object({ k: z.number({ error: 'expected a number, got something else' }) });
    expect(problems(named, { k: 'x' })).toEqual([{ path: ['k'], problem: 'expected a number, got something else' }]);
  });

  it("words zod's default messages as 'expected X, got Y'", () => {
    const schema = z.object({ t: z.number().max(2), tags: z.array(z.string()).min(1), kind: z.enum(['a', 'b']) });
    expect(problems(schema, { t: 3, tags: [], kind: 'c' })).toEqual([
      { path: ['t'], problem: 'expected a value <= 2, got 3' },
      { path: ['tags'], problem: 'expected a length >= 1, got an array of length 0' },
      { path: ['kind'], problem: 'expected one of "a", "b", got "c"' },
    ]);
    expect(problems(z.object({ s: z.string() }), { s: 4 })).toEqual([
      { path: ['s'], problem: 'expected a string, got 4' },
    ]);
  });

  it('makes one InputError of them: file, line and field in the message, the rest in details', () => {
    const schema = z.strictObject({ id: z.string(), n: z.number() });
    const parsed = schema.safeParse({ n: 'x', extra: 1 });
    if (parsed.success) throw new Error('expected the input to fail');
    const error = inputErrorFromZod(parsed.error, { n: 'x', extra: 1 }, { file: 'items.jsonl', line: 3 });
    expect([error.message, ...error.details]).toEqual([
      'items.jsonl:3: `id`: missing required field',
      'items.jsonl:3: `n`: expected a number, got "x"',
      'items.jsonl:3: `extra`: unknown field',
    ]);
  });
});
