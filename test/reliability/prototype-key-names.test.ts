/**
 * Issue 11, defect 2 (variant names that are Object.prototype keys): `constructor`, `toString`,
 * `valueOf` and `hasOwnProperty` as variants and tags, with an unpaired and a duplicate row, give the
 * right exclusion counts and every report; `__proto__`, which no object keyed by name can hold, is
 * refused with one line naming the file, line and field wherever a name enters (a YAML or JSON
 * experiment, an experiment in code, a CSV items file, a results file), never dropped silently.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadItems, loadResults, runExperiment } from '../../src/index';
import { runCliInProcess } from '../cli/run-cli-process';
import { doublingExperiment, temporaryDirectory } from '../store/helpers';

const PROBLEM =
  '`__proto__` cannot name a variant, a tag or a field (JavaScript objects keyed by name cannot hold it as data); rename it';

describe('Object.prototype keys as names', () => {
  it('count exclusions right and write every report for constructor vs toString', async () => {
    const dir = temporaryDirectory();
    const rows: unknown[] = [];
    for (let i = 0; i < 20; i++) {
      rows.push({ item: `q${i}`, variant: 'toString', pass: i % 2 === 0, tags: { valueOf: i % 2 ? 'odd' : 'even' } });
      rows.push({
        item: `q${i}`,
        variant: 'constructor',
        pass: i % 3 === 0,
        tags: { valueOf: i % 2 ? 'odd' : 'even' },
      });
    }
    rows.push({ item: 'extra', variant: 'constructor', pass: true });
    rows.push({ item: 'q1', variant: 'toString', pass: true });
    rows.push({ item: 'q1', variant: 'hasOwnProperty', pass: true });
    const file = join(dir, 'results.jsonl');
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    const out = (name: string) => join(dir, name);
    const args = ['--baseline', 'toString', '--candidate', 'constructor', '--by', 'tags.valueOf'];
    const reports = ['--md', out('r.md'), '--json', out('r.json'), '--html', out('r.html'), '--junit', out('r.xml')];
    const result = await runCliInProcess(['compare', file, ...args, ...reports]);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout).toContain('2 rows excluded from the paired analysis: 1 unpaired, 1 duplicate.');
    expect(result.stdout).not.toMatch(/function|native code/);
    const doc = JSON.parse(readFileSync(out('r.json'), 'utf8'));
    expect(doc.excluded.byVariant).toEqual({
      toString: { error: 0, timeout: 0, skipped: 0, unpaired: 0, duplicate: 1 },
      constructor: { error: 0, timeout: 0, skipped: 0, unpaired: 1, duplicate: 0 },
    });
    expect(doc.slices.map((s: { value: string }) => s.value).sort()).toEqual(['even', 'odd']);
    for (const report of ['r.md', 'r.html', 'r.xml'])
      expect(readFileSync(out(report), 'utf8')).not.toMatch(/native code/);
  });

  it('run and store variants named constructor and toString', async () => {
    const dir = temporaryDirectory();
    const experiment = doublingExperiment({
      variants: { constructor: (x: unknown) => String(Number(x) * 2), toString: (x: unknown) => String(x) },
    });
    const summary = await runExperiment(experiment, { outDir: dir });
    expect(summary).toMatchObject({ status: 'completed', completed: 12 });
    expect(Object.keys(summary.variants)).toEqual(['constructor', 'toString']);
  });

  it('refuse __proto__ wherever a name enters, naming where', async () => {
    const dir = temporaryDirectory();
    const yaml = join(dir, 'exp.yaml');
    writeFileSync(
      yaml,
      'name: x\nitems: [{ id: 1, input: a, expected: a }]\nvariants:\n  A: { type: command, argv: [cat] }\n  __proto__: { type: command, argv: [cat] }\n',
    );
    const fromYaml = await runCliInProcess(['run', yaml, '--dry-run']);
    expect({ code: fromYaml.code, stderr: fromYaml.stderr }).toEqual({
      code: 2,
      stderr: `verdict: ${yaml}:5: \`variants.__proto__\`: ${PROBLEM}\n`,
    });
    const json = join(dir, 'exp.json');
    writeFileSync(
      json,
      '{"name":"x","items":[{"id":1,"input":"a","tags":{"__proto__":"t"}}],"variants":{"A":{"type":"command","argv":["cat"]},"B":{"type":"command","argv":["cat"]}}}',
    );
    const fromJson = await runCliInProcess(['run', json, '--dry-run']);
    expect(fromJson.stderr).toBe(`verdict: ${json}:1: \`items[0].tags.__proto__\`: ${PROBLEM}\n`);

    const items = join(dir, 'items.csv');
    writeFileSync(items, 'id,input,tags.__proto__\nq1,a,t\n');
    await expect(loadItems(items)).rejects.toThrow(`${items}:2: \`tags.__proto__\`: ${PROBLEM}`);

    const results = join(dir, 'results.csv');
    writeFileSync(results, 'item,variant,pass,tags.__proto__\nq1,A,1,t\n');
    await expect(loadResults([results])).rejects.toThrow(`${results}:2: \`tags.__proto__\`: ${PROBLEM}`);
    const jsonl = join(dir, 'results.jsonl');
    writeFileSync(jsonl, '{"item":"q1","variant":"__proto__","pass":true}\n');
    await expect(loadResults([jsonl])).rejects.toThrow(`${jsonl}:1: \`variant\`: ${PROBLEM}`);

    const inCode = doublingExperiment({ variants: JSON.parse('{"__proto__": 1}') });
    await expect(runExperiment(inCode)).rejects.toThrow(`\`variants.__proto__\`: ${PROBLEM}`);
  });
});
