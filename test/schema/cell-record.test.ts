import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/runner/run-experiment';
import { TransientError } from '../../src/runner/transient-error';
import { CellRecord } from '../../src/schema/cell-record';
import { ResultRecord } from '../../src/schema/result-record';
import { StoredRecord } from '../../src/store/stored-record';

/**
 * One record, one schema: every line `verdict run` writes is a CellRecord (strict: a field the runner writes
 * and the schema does not name fails here), a valid results row (ResultRecord, what compare reads) and a valid
 * store view (StoredRecord, what resume reads), whatever the cell's status.
 */
describe('the results line', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is written by the runner exactly as CellRecord, ResultRecord and StoredRecord read it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'verdict-cell-record-'));
    const items = Array.from({ length: 8 }, (_, i) => ({
      id: i % 2 === 0 ? `q${i}` : i,
      input: `question ${i} ${'x'.repeat(i === 7 ? 9000 : 1)}`,
      expected: String(i),
      tags: { kind: i % 3 === 0 ? 'math' : 'prose' },
    }));
    await runExperiment(
      {
        name: 'cell-record-schema',
        items,
        variants: {
          A: (_input, { item, report }) => {
            report({ costUsd: 0.001, tokens: { prompt: 3, completion: 1 } });
            return String(item.id);
          },
          B: (_input, { item, attempt }) => {
            if (item.id === 3) throw new Error('the model refused');
            if (item.id === 5 && attempt < 2) throw new TransientError('429 from the provider');
            if (item.id === 'q6') return new Promise(() => {});
            return item.id === 'q2' ? 'wrong' : String(item.id);
          },
        },
        score: (output, item) => ({ pass: output === String(item.id), reason: 'compared as text', extra: 1 }),
        timeoutMs: 200,
        retries: { max: 2, baseDelayMs: 1, maxDelayMs: 2 },
      },
      { outDir: dir, onWarning: () => {} },
    );
    const lines = readFileSync(join(dir, 'results.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(16);
    const statuses = new Set<string>();
    for (const line of lines) {
      const value = JSON.parse(line) as unknown;
      const record = CellRecord.parse(value);
      statuses.add(record.status);
      expect(ResultRecord.safeParse(value).success, line).toBe(true);
      expect(StoredRecord.safeParse(value).success, line).toBe(true);
    }
    expect([...statuses].sort()).toEqual(['error', 'ok', 'timeout']);
    const long = lines.map((line) => CellRecord.parse(JSON.parse(line))).find((record) => record.item === 7);
    expect(long?.itemRef?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(long?.input).toBeUndefined();
  });

  it('refuses a field the runner does not write, naming it', () => {
    const parsed = CellRecord.safeParse({
      key: '["a","A",0]',
      item: 'a',
      variant: 'A',
      sample: 0,
      status: 'ok',
      pass: true,
      latencyMs: 1,
      attempts: 1,
      seed: 1,
      finishedAt: '2026-01-01T00:00:00.000Z',
      lantency: 3,
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['lantency'] });
  });
});
