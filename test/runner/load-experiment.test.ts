import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadExperiment } from '../../src/runner/load-experiment';

let directory: string;
/** The directory as a user in the current directory would write it. */
let shown: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'verdict-load-'));
  shown = relative(process.cwd(), directory);
});
afterEach(() => rm(directory, { recursive: true, force: true }));

async function write(files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(directory, name, '..'), { recursive: true });
    await writeFile(join(directory, name), text);
  }
}

const variantsYaml = `variants:
  A: { type: command, argv: [cat] }
  B: { type: command, argv: [rev] }
`;

async function loadError(file: string): Promise<string> {
  const error = await loadExperiment(join(shown, file)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).name).toBe('InputError');
  return (error as Error).message;
}

describe('loadExperiment', () => {
  it('loads a YAML experiment with a JSONL items file, a built-in scorer and command targets', async () => {
    await write({
      'exp.yaml': `name: qa\nitems: { path: data/items.jsonl }\n${variantsYaml}score: { type: exact-match, caseSensitive: false }\nsamples: 2\nseed: 7\n`,
      'data/items.jsonl':
        '{"id":"q1","input":"abc","expected":"ABC","tags":{"level":"easy"}}\n\n{"id":2,"input":{"x":1}}\n',
    });
    const experiment = await loadExperiment(join(shown, 'exp.yaml'));
    expect(experiment.name).toBe('qa');
    expect(experiment.items).toEqual([
      { id: 'q1', input: 'abc', expected: 'ABC', tags: { level: 'easy' } },
      { id: 2, input: { x: 1 } },
    ]);
    expect(experiment.variants).toEqual({
      A: { type: 'command', argv: ['cat'], cwd: directory },
      B: { type: 'command', argv: ['rev'], cwd: directory },
    });
    expect({ samples: experiment.samples, seed: experiment.seed }).toEqual({ samples: 2, seed: 7 });
    expect(experiment.score).toEqual({ type: 'exact-match', caseSensitive: false });
  });

  it('reads CSV items as text, so "007" stays "007", with tags.<name> columns and quoted newlines', async () => {
    await write({
      'exp.json': JSON.stringify({
        name: 'csv',
        items: { path: 'items.csv' },
        variants: { A: { type: 'command', argv: ['cat'] }, B: { type: 'command', argv: ['cat'] } },
      }),
      'items.csv': 'id,input,expected,tags.topic\n007,"two\nlines",42,math\n8,x,,\n',
    });
    const experiment = await loadExperiment(join(shown, 'exp.json'));
    expect(experiment.items).toEqual([
      { id: '007', input: 'two\nlines', expected: '42', tags: { topic: 'math' } },
      { id: '8', input: 'x' },
    ]);
  });

  it('loads a module with no imports whose variants are functions', async () => {
    await write({
      'exp.mjs': `export default {
        name: 'fn', items: [{ id: 1, input: 2 }],
        variants: { A: async (x) => x * 2, B: async (x) => x + 2 },
        score: (output, item) => output === 4,
      };`,
    });
    const experiment = await loadExperiment(join(shown, 'exp.mjs'));
    expect(Object.keys(experiment.variants)).toEqual(['A', 'B']);
    expect(typeof experiment.score).toBe('function');
  });

  it('loads a TypeScript module', async () => {
    await write({
      'exp.ts': `const double = async (x: number): Promise<number> => x * 2;
        export default { name: 'ts', items: [{ id: 'a', input: 1 }], variants: { A: double, B: double } };`,
    });
    expect((await loadExperiment(join(shown, 'exp.ts'))).name).toBe('ts');
  });

  it('reads an items file outside the experiment directory only when allowOutside says so', async () => {
    await write({
      'shared/items.json': '[{ "id": 1, "input": "x" }]',
      'exp/outside.yaml': `name: o\nitems:\n  path: ../shared/items.json\n${variantsYaml}`,
      'exp/allowed.yaml': `name: o\nitems: { path: ../shared/items.json, allowOutside: true }\n${variantsYaml}`,
    });
    expect(await loadError('exp/outside.yaml')).toBe(
      `${join(shown, 'exp/outside.yaml')}:3: \`items.path\`: "../shared/items.json" is outside the experiment's directory; write { path, allowOutside: true } to read it`,
    );
    expect((await loadExperiment(join(shown, 'exp/allowed.yaml'))).items).toEqual([{ id: 1, input: 'x' }]);
  });
});

describe('loadExperiment: a bad experiment is one clear line naming the file, the line and the field', () => {
  it.each([
    [
      'an unknown field',
      { 'e.yaml': `name: x\nitems: [{ id: 1, input: a }]\n${variantsYaml}timeout: 5\n` },
      'e.yaml:6: `timeout`: unknown field',
    ],
    [
      'an unknown field of a target',
      {
        'e.yaml': `name: x\nitems: [{ id: 1, input: a }]\nvariants:\n  A: { type: command, argv: [cat] }\n  B:\n    type: openai\n    baseURL: http://localhost:8000/v1\n    modle: gpt\n`,
      },
      'e.yaml:5: `variants.B.model`: missing required field',
    ],
    [
      'a variant that is not a target',
      {
        'e.yaml': `name: x\nitems: [{ id: 1, input: a }]\nvariants:\n  A: { type: command, argv: [cat] }\n  B: gpt-4o\n`,
      },
      `e.yaml:5: \`variants.B\`: expected a target: an async function, or { type: 'openai' | 'anthropic' | 'http' | 'command', ... }, got "gpt-4o"`,
    ],
    [
      'a target of an unknown type',
      {
        'e.json':
          '{"name":"x","items":[{"id":1,"input":"a"}],"variants":{"A":{"type":"command","argv":["cat"]},\n"B":{"type":"shell","argv":["cat"]}}}',
      },
      `e.json:2: \`variants.B.type\`: expected a target: an async function, or { type: 'openai' | 'anthropic' | 'http' | 'command', ... }, got type "shell"`,
    ],
    [
      'fewer than two variants',
      { 'e.yaml': 'name: x\nitems: [{ id: 1, input: a }]\nvariants:\n  A: { type: command, argv: [cat] }\n' },
      'e.yaml:3: `variants`: expected two or more variants (a baseline and a candidate), got only "A"',
    ],
    [
      'a mistyped field of a built-in scorer',
      { 'e.yaml': `name: x\nitems: [{ id: 1, input: a }]\n${variantsYaml}score:\n  type: regex\n  patern: "^a"\n` },
      'e.yaml:8: `score.patern`: unknown field',
    ],
    [
      'a rate limit for a variant that does not exist',
      {
        'e.yaml': `name: x\nitems: [{ id: 1, input: a }]\n${variantsYaml}rateLimit:\n  C: { requestsPerMinute: 60 }\n`,
      },
      'e.yaml:7: `rateLimit.C`: no variant of that name',
    ],
    [
      'a base URL that is not a URL',
      {
        'e.yaml':
          'name: x\nitems: [{ id: 1, input: a }]\nvariants:\n  A: { type: command, argv: [cat] }\n  B: { type: openai, baseURL: localhost, model: m }\n',
      },
      'e.yaml:5: `variants.B.baseURL`: expected an http(s) URL, got "localhost"',
    ],
    [
      'a missing items file',
      { 'e.yaml': `name: x\nitems: { path: nope.jsonl }\n${variantsYaml}` },
      'nope.jsonl: items file not found',
    ],
    [
      'a duplicate item id in a JSONL file',
      {
        'e.yaml': `name: x\nitems: { path: i.jsonl }\n${variantsYaml}`,
        'i.jsonl': '{"id":"a","input":1}\n{"id":"b","input":2}\n{"id":"a","input":3}\n',
      },
      'i.jsonl:3: `id`: duplicate item id "a" (first on line 1)',
    ],
    [
      'a duplicate item id inline',
      { 'e.yaml': `name: x\nitems:\n  - { id: 7, input: a }\n  - { id: "7", input: b }\n${variantsYaml}` },
      'e.yaml:4: `items[1].id`: duplicate item id "7" (first on line 3)',
    ],
    [
      'an item without an id in a CSV file',
      { 'e.yaml': `name: x\nitems: { path: i.csv }\n${variantsYaml}`, 'i.csv': 'id,input\n1,a\n,b\n' },
      'i.csv:3: `id`: missing required field',
    ],
    [
      'an item with an unknown field in a JSONL file',
      { 'e.yaml': `name: x\nitems: { path: i.jsonl }\n${variantsYaml}`, 'i.jsonl': '{"id":1,"input":1,"answer":2}\n' },
      'i.jsonl:1: `answer`: unknown field',
    ],
    [
      'a JSONL line that is not JSON',
      { 'e.yaml': `name: x\nitems: { path: i.jsonl }\n${variantsYaml}`, 'i.jsonl': '{"id":1,"input":1}\n{"id":2,\n' },
      /^i\.jsonl:2: not valid JSON \(/,
    ],
    ['a YAML syntax error', { 'e.yaml': 'name: x\nitems: [\n' }, /^e\.yaml:3: invalid YAML: /],
    [
      'a module without a default export',
      { 'e.mjs': 'export const name = "x";' },
      'e.mjs: `default`: expected the experiment as the default export (export default { name, items, variants, ... })',
    ],
    [
      'a module that throws',
      { 'e.mjs': 'throw new Error("no config here");' },
      'e.mjs: cannot load the experiment module: no config here',
    ],
    ['a file that does not exist', {}, 'e.yaml: experiment file not found'],
  ])('%s', async (_, files: Record<string, string>, expected: string | RegExp) => {
    await write(files);
    const file = Object.keys(files).find((name) => name.startsWith('e.')) ?? 'e.yaml';
    const message = await loadError(file);
    const relativeMessage = message.replaceAll(`${shown}/`, '');
    if (typeof expected === 'string') expect(relativeMessage).toBe(expected);
    else expect(relativeMessage).toMatch(expected);
    expect(message).not.toContain('\n');
  });
});
