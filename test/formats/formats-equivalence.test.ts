/**
 * For every format: the paired table and the exact McNemar p computed from the tool's own files equal
 * those computed from the same outcomes written in verdict's record format (test/fixtures/formats/<tool>/
 * expected.jsonl, written by the generator from the underlying data, not from the readers).
 */
import { describe, expect, it } from 'vitest';
import { compare, loadResults } from '../../src/index';
import { mcnemarTest } from '../../stats/index';

const quiet = { onNote: () => {}, onWarning: () => {} };

const CASES = [
  {
    tool: 'inspect',
    files: ['examples/formats/inspect/mmlu-gpt-4o.eval', 'examples/formats/inspect/mmlu-claude.eval'],
    baseline: 'openai/gpt-4o',
    candidate: 'anthropic/claude-sonnet-4',
  },
  {
    tool: 'lm-eval',
    files: ['examples/formats/lm-eval/pythia-160m', 'examples/formats/lm-eval/pythia-410m'],
    baseline: 'EleutherAI/pythia-160m',
    candidate: 'EleutherAI/pythia-410m',
  },
  {
    tool: 'promptfoo',
    files: ['examples/formats/promptfoo/riddles.json'],
    baseline: 'openai:gpt-5',
    candidate: 'openai:gpt-5-mini',
  },
  {
    tool: 'promptfoo',
    files: ['examples/formats/promptfoo/riddles.jsonl'],
    baseline: 'openai:gpt-5',
    candidate: 'openai:gpt-5-mini',
  },
  {
    tool: 'promptfoo',
    files: ['examples/formats/promptfoo/riddles.csv'],
    baseline: 'openai:gpt-5',
    candidate: 'openai:gpt-5-mini',
  },
  {
    tool: 'openai-evals',
    files: ['examples/formats/openai-evals/gpt-4o-mini.jsonl', 'examples/formats/openai-evals/gpt-4o.jsonl'],
    baseline: 'gpt-4o-mini',
    candidate: 'gpt-4o',
  },
  {
    tool: 'swebench',
    files: ['examples/formats/swebench/agent-a.run1.json', 'examples/formats/swebench/agent-b.run1.json'],
    baseline: 'agent-a',
    candidate: 'agent-b',
  },
  {
    tool: 'helm',
    files: ['examples/formats/helm/mmlu-model-a', 'examples/formats/helm/mmlu-model-b'],
    baseline: 'vendor/model-a',
    candidate: 'vendor/model-b',
  },
] as const;

describe('native files give the paired analysis of the same data in verdict records', () => {
  it.each(CASES)('$tool: $files.0', async ({ tool, files, baseline, candidate }) => {
    const native = await loadResults(files, quiet);
    const records = await loadResults([`test/fixtures/formats/${tool}/expected.jsonl`], quiet);
    const options = { baseline, candidates: [candidate], now: () => new Date(0), nodeVersion: null };
    // The exact McNemar test, as the issue asks, rather than the default score test.
    const policy = { metric: 'pass', test: 'exact' } as const;
    const fromNative = compare(native, policy, options);
    const fromRecords = compare(records, policy, options);
    expect(fromNative.paired).toEqual(fromRecords.paired);
    expect(fromNative.excluded).toEqual(fromRecords.excluded);
    expect(fromNative.verdict).toBe(fromRecords.verdict);
    expect(native.table.numRows()).toBe(records.table.numRows());
    const { design, n11, n10, n01, n00 } = fromNative.paired;
    if (design === 'binary') {
      // The exact McNemar p of the 2x2 table read from the native file.
      expect(fromNative.paired.test.method).toMatch(/exact/i);
      expect(fromNative.paired.test.pValue).toBe(mcnemarTest({ n11: n11!, n10: n10!, n01: n01!, n00: n00! }).pValue);
      expect(n11! + n10! + n01! + n00!).toBe(fromNative.paired.n);
    } else {
      // Repeats (promptfoo --repeat 2) and a sample of two match events (oaieval): per-item pass rates.
      expect({ tool, design }).toEqual({ tool, design: 'binary-samples' });
      expect(['promptfoo', 'openai-evals']).toContain(tool);
    }
  });
});
