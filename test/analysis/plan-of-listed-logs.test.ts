/**
 * Whose items are planned for the two compared variants (docs/decision.md, "The plan"): a third variant's items are
 * cells neither ran, unless the two's inputs list what they planned (inspect_ai logs with `dataset.sample_ids`) and
 * the third's inputs list their own plan too: then its other items are not theirs (a log of another model or task
 * in the same folder), and the document says how many were left out and whose. Found by `verdict compare logs/` on
 * examples/formats/inspect/ (INCOMPLETE for 5 absent cells of a task neither ran) and by a review of that mend,
 * whose counter-examples (a plain file, logs without sample ids) keep the third variant's items planned here.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingSentence } from '../../reports/messages';
import { compare, loadResults } from '../../src/index';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verdict-listed-plans-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** An inspect_ai EvalLog (.json) of `model` on `task` with samples `ids` (listed as planned: `listedIds`, else `ids`). */
async function inspectLog(
  name: string,
  model: string,
  ids: number[],
  options: { listed: boolean; task?: string; listedIds?: number[] },
) {
  const task = options.task ?? 'mmlu';
  const sampleIds = options.listedIds ?? ids;
  const dataset = { name: task, samples: sampleIds.length, ...(options.listed ? { sample_ids: sampleIds } : {}) };
  const log = {
    version: 2,
    status: 'success',
    eval: {
      run_id: `${name}-run`,
      created: '2026-05-14T12:00:00+00:00',
      task,
      dataset,
      model,
      config: { epochs: 1 },
      scorers: [{ name: 'choice' }],
    },
    results: {},
    samples: ids.map((id) => ({
      id,
      epoch: 1,
      input: `q${id}`,
      target: 'A',
      scores: { choice: { value: id % 3 ? 'C' : 'I' } },
    })),
  };
  const path = join(dir, name);
  await writeFile(path, JSON.stringify(log));
  return path;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function judged(paths: string[]) {
  const loaded = await loadResults(paths, { onNote: () => {}, onWarning: () => {} });
  const doc = compare(loaded, {}, { baseline: 'm/a', candidates: ['m/b'] });
  const [comparison] = doc.comparisons;
  if (comparison === undefined) throw new Error('no comparison');
  return {
    verdict: comparison.verdict,
    planned: comparison.missing.byVariant.map((v) => v.planned),
    notPlanned: comparison.missing.notPlanned,
    sentence: missingSentence(comparison.missing),
  };
}

describe('the items planned for two variants beside a third', () => {
  it('leaves out a third model whose log lists its own plan, when the two logs list theirs, and says so', async () => {
    const a = await inspectLog('a.json', 'm/a', range(1, 40), { listed: true });
    const b = await inspectLog('b.json', 'm/b', range(1, 40), { listed: true });
    const c = await inspectLog('c.json', 'm/c', range(1, 60), { listed: true });
    const result = await judged([a, b, c]);
    expect(result.planned).toEqual([40, 40]);
    expect(result.notPlanned).toEqual({ items: 20, from: ['m/c'] });
    expect(result.verdict).not.toBe('incomplete');
    expect(result.sentence).toMatch(
      / Not planned for these two: 20 items only m\/c holds \(its input lists its own plan\)\.$/,
    );
    // Of another task too (items named task/id), as in a folder of logs.
    const other = await inspectLog('c-other.json', 'm/c', range(1, 6), { listed: true, task: 'popularity' });
    const withOther = await judged([a, b, other]);
    expect([withOther.planned, withOther.notPlanned]).toEqual([[40, 40], { items: 6, from: ['m/c'] }]);
  });

  it('keeps the third model planned when the two logs do not list their plans (what they meant to run is not on record)', async () => {
    const a = await inspectLog('a-unlisted.json', 'm/a', range(1, 40), { listed: false });
    const b = await inspectLog('b-unlisted.json', 'm/b', range(1, 40), { listed: false });
    const c = await inspectLog('c-listed.json', 'm/c', range(1, 60), { listed: true });
    const result = await judged([a, b, c]);
    expect([result.verdict, result.planned, result.notPlanned]).toEqual(['incomplete', [60, 60], undefined]);
  });

  it('keeps the third model planned when the two are in a plain file, or the third is', async () => {
    const rows = (variant: string, ids: number[]) =>
      ids.map((id) => JSON.stringify({ item: id, variant, pass: id % 3 !== 0 })).join('\n');
    const plain = join(dir, 'ab.jsonl');
    await writeFile(plain, `${rows('m/a', range(1, 40))}\n${rows('m/b', range(1, 40))}\n`);
    const c = await inspectLog('c-beside-plain.json', 'm/c', range(1, 60), { listed: true, task: 'mmlu' });
    const besidePlain = await judged([plain, c]);
    expect([besidePlain.verdict, besidePlain.planned]).toEqual(['incomplete', [60, 60]]);
    const a = await inspectLog('a-listed.json', 'm/a', range(1, 40), { listed: true });
    const b = await inspectLog('b-listed.json', 'm/b', range(1, 40), { listed: true });
    const thirdPlain = join(dir, 'c.jsonl');
    await writeFile(thirdPlain, `${rows('m/c', range(1, 60))}\n`);
    const result = await judged([a, b, thirdPlain]);
    expect([result.verdict, result.planned]).toEqual(['incomplete', [60, 60]]);
  });

  // A review's counter-example: logs that hold samples outside their own list. What each lists and what it holds are
  // planned; the listed items neither ran are absent for both, not "items only m/c holds" (the count of the list
  // alone equalled the count of the samples held, and the gate passed).
  it('plans every item a log lists and every item it holds, beside a third model or not', async () => {
    const held = [...range(1, 95), ...range(201, 205)];
    const a = await inspectLog('a-outside.json', 'm/a', held, { listed: true, listedIds: range(1, 100) });
    const b = await inspectLog('b-outside.json', 'm/b', held, { listed: true, listedIds: range(1, 100) });
    const c = await inspectLog('c-whole.json', 'm/c', range(1, 100), { listed: true });
    for (const inputs of [
      [a, b, c],
      [a, b],
    ]) {
      const result = await judged(inputs);
      expect([result.verdict, result.planned, result.notPlanned]).toEqual(['incomplete', [105, 105], undefined]);
    }
  });
});
