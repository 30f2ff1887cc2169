/** What a user of each reader would notice: mapping rules, completeness, naming, and every refusal's one line. */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NonFiniteQuoter, parseJsonTolerant } from '../../src/formats/non-finite-json';
import { FORMATS } from '../../src/formats/registry';
import { InputError, loadResults } from '../../src/index';
import { runCliInProcess } from '../docs/run-docs';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'verdict-formats-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

const notes: string[] = [];
const options = { onNote: (note: string) => notes.push(note), onWarning: () => {} };
const records = async (files: string[], extra = {}) => {
  const loaded = await loadResults(files, { ...options, ...extra });
  return { loaded, rows: loaded.table.objects() as Record<string, unknown>[] };
};
const failure = async (files: string[], extra = {}): Promise<string> => {
  try {
    await loadResults(files, { ...options, ...extra });
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
};

describe('inspect_ai', () => {
  const mini = 'examples/formats/inspect/popularity-mini.json';

  it('reads C/I as pass, P as a score of 0.5 with no pass, bare NaN as unscored (skipped), ids keeping their type', async () => {
    const { rows } = await records([mini]);
    const byItem = new Map(rows.map((row) => [row.item, row.record as Record<string, unknown>]));
    expect([...byItem.keys()]).toEqual([1, 2, 3, 4, 5]);
    expect(byItem.get(1)).toMatchObject({ pass: true, score: 1, status: 'ok' });
    expect(byItem.get(2)).toMatchObject({ pass: false, score: 0 });
    expect(byItem.get(3)).toMatchObject({ score: 0.5, status: 'ok' });
    expect(byItem.get(3)!.pass).toBeUndefined();
    expect(byItem.get(4)).toMatchObject({ status: 'skipped', unscored: 'NaN' });
    expect(byItem.get(1)!.tags).toEqual({ subject: 'people' });
  });

  it('says a cancelled log is incomplete and gives its planned sample ids', async () => {
    const { loaded } = await records([mini]);
    expect(loaded.sources).toEqual([
      expect.objectContaining({
        variant: 'openai/gpt-4o-mini',
        format: 'inspect-json',
        completeness: {
          state: 'incomplete',
          detail: 'inspect_ai log status "cancelled": the run did not finish (5 of 6 planned samples)',
          plannedItems: [1, 2, 3, 4, 5, 6],
        },
      }),
    ]);
  });

  it('refuses P under --metric pass instead of forcing it into pass or fail', async () => {
    const result = await runCliInProcess(
      [
        'compare',
        mini,
        'examples/formats/inspect/mmlu-gpt-4o.eval',
        '--baseline',
        'openai/gpt-4o',
        '--candidate',
        'openai/gpt-4o-mini',
      ],
      process.cwd(),
    );
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('popularity-mini.json:samples[2]: `pass`: missing: --metric pass needs `pass`');
  });

  it('reads zstd (method 93, multi-frame) entries and the chunked sample layout', async () => {
    const { rows } = await records(['examples/formats/inspect/mmlu-claude.eval']);
    expect(rows).toHaveLength(60);
    expect(rows.filter((row) => row.status === 'error').map((row) => row.item)).toEqual([17]);
    const chunked = await records(['test/fixtures/formats/inspect/chunked.eval']);
    expect(chunked.rows.map((row) => [row.item, row.passes])).toEqual([
      [1, 1],
      [2, 0],
    ]);
  });

  it("maps each sample's input and target into the flips' question and expected answer", async () => {
    const { stdout } = await runCliInProcess(
      [
        'compare',
        'examples/formats/inspect/mmlu-gpt-4o.eval',
        'examples/formats/inspect/mmlu-claude.eval',
        '--baseline',
        'openai/gpt-4o',
        '--candidate',
        'anthropic/claude-sonnet-4',
        '--json-stdout',
      ],
      process.cwd(),
    );
    const flips = JSON.parse(stdout).flips as { passToFail: Record<string, unknown>[] };
    expect(flips.passToFail.length).toBeGreaterThan(0);
    for (const flip of flips.passToFail) {
      expect(flip.input).toMatch(/^Question \S+ \(.+\): which answer is right\?$/);
      expect(flip.expected).toBe('B');
    }
  });

  it('says a header-only log has no per-sample data', async () => {
    expect(await failure(['test/fixtures/formats/inspect/header-only.json'])).toBe(
      'test/fixtures/formats/inspect/header-only.json: header-only inspect_ai log: it holds no per-sample data (`samples` is empty or absent), so nothing can be paired',
    );
  });

  it('picks the scorer with --scorer and lists the scorers when it names none of them', async () => {
    expect(await failure(['examples/formats/inspect/mmlu-gpt-4o.eval'], { scorer: 'f1' })).toBe(
      'examples/formats/inspect/mmlu-gpt-4o.eval:header.json: `eval.scorers`: inspect_ai log: --scorer "f1" is not a scorer of this log; it has "choice"',
    );
  });

  it('names a damaged zstd entry by file and entry', async () => {
    const bytes = await readFile('examples/formats/inspect/mmlu-claude.eval');
    const damaged = Buffer.from(bytes);
    const at = damaged.indexOf('samples/3_epoch_1.json') + 'samples/3_epoch_1.json'.length + 20;
    damaged[at] = damaged[at]! ^ 0xff;
    const file = join(work, 'damaged.eval');
    await writeFile(file, damaged);
    expect(await failure([file])).toMatch(
      new RegExp(`^${file}:samples/3_epoch_1.json: (damaged zstd data|CRC-32 does not match|decoded to)`),
    );
  });

  it('refuses an entry that decodes to more than its recorded size as soon as it passes it (a zip bomb)', async () => {
    const bytes = Buffer.from(await readFile('examples/formats/inspect/mmlu-claude.eval'));
    // The central directory's record of the entry (its name's last occurrence): uncompressed size at name - 22.
    const name = bytes.lastIndexOf('samples/3_epoch_1.json');
    expect(bytes.readUInt32LE(name - 46)).toBe(0x02014b50);
    bytes.writeUInt32LE(10, name - 22);
    const file = join(work, 'lying-size.eval');
    await writeFile(file, bytes);
    expect(await failure([file])).toBe(
      `${file}:samples/3_epoch_1.json: decoded to more than the 10 bytes the archive records: damaged or hostile entry`,
    );
  });

  it('names two logs of the same model by run id, or by file name when the run ids are equal too', async () => {
    notes.length = 0;
    const { loaded } = await records([
      'examples/formats/inspect/mmlu-gpt-4o.eval',
      mini,
      'examples/formats/inspect/mmlu-claude.eval',
    ]);
    expect(loaded.sources!.map((s) => s.variant)).toEqual([
      'openai/gpt-4o',
      'openai/gpt-4o-mini',
      'anthropic/claude-sonnet-4',
    ]);
    const copy = join(work, 'rerun.eval');
    await copyFile('examples/formats/inspect/mmlu-gpt-4o.eval', copy);
    notes.length = 0;
    const twice = await records(['examples/formats/inspect/mmlu-gpt-4o.eval', copy]);
    expect(twice.loaded.sources!.map((s) => [s.variant, s.naming])).toEqual([
      ['openai/gpt-4o@mmlu-gpt-4o.eval', 'file name'],
      ['openai/gpt-4o@rerun.eval', 'file name'],
    ]);
    expect(notes).toContain(
      `variant "openai/gpt-4o" is in 2 inputs with items in common, so each is named by file name: "openai/gpt-4o@mmlu-gpt-4o.eval" (examples/formats/inspect/mmlu-gpt-4o.eval), "openai/gpt-4o@rerun.eval" (${copy})`,
    );
  });
});

describe('lm-evaluation-harness', () => {
  it('names items task/doc_id when several tasks are read, the variant from the results file', async () => {
    const { rows } = await records(['examples/formats/lm-eval/pythia-160m']);
    expect(rows[0]).toMatchObject({ item: 'arc_easy/0', variant: 'EleutherAI/pythia-160m' });
    expect(new Set(rows.map((row) => (row.item as string).split('/')[0]))).toEqual(new Set(['arc_easy', 'hellaswag']));
  });

  it('keeps doc_id a number for one task, and reads another metric with --source-metric', async () => {
    const file = 'examples/formats/lm-eval/pythia-160m/samples_arc_easy_2026-05-14T10-21-33.123456.jsonl';
    const acc = await records([file]);
    const norm = await records([file], { sourceMetric: 'acc_norm' });
    expect(acc.rows[0]!.item).toBe(0);
    const lines = (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    // The values, not the array type: 0/1 passes are held one byte a row (src/analysis/narrow-column.ts).
    expect(Array.from(norm.loaded.columns.passes)).toEqual(lines.map((l) => l.acc_norm));
  });

  it('refuses a file with several filters, listing them, and reads the one --filter names', async () => {
    const directory = 'test/fixtures/formats/lm-eval/two-filters';
    const file = `${directory}/samples_gsm8k_2026-05-14T09-00-00.000001.jsonl`;
    expect(await failure([directory])).toBe(
      `${file}: \`filter\`: holds 2 filters (strict-match, flexible-extract), one row per document each: choose one with --filter`,
    );
    const { rows } = await records([directory], { filter: 'flexible-extract' });
    expect(rows.map((row) => [row.item, row.passes])).toEqual([
      [0, 1],
      [1, 1],
      [2, 1],
    ]);
    expect(await failure([directory], { filter: 'none' })).toBe(
      `${file}: \`filter\`: --filter "none": this file has strict-match, flexible-extract`,
    );
  });
});

describe('promptfoo', () => {
  it('reads failureReason 2 as an error and an assertion failure (error text set) as a fail', async () => {
    const { rows } = await records(['examples/formats/promptfoo/riddles.json']);
    const errors = rows.filter((row) => row.status === 'error');
    expect(errors.map((row) => [row.item, row.variant, row.sample])).toEqual([['riddle 6', 'openai:gpt-5-mini', 0]]);
    const failed = rows.find((row) => row.status === 'ok' && row.passes === 0)!.record as Record<string, unknown>;
    expect(failed.reason).toBe('Expected output to contain "echo"');
  });

  it('names tests by a hash of vars and asserts when descriptions are not unique', async () => {
    const text = (await readFile('examples/formats/promptfoo/riddles.jsonl', 'utf8')).replaceAll(
      /"description":"riddle \d+"/g,
      '"description":"same"',
    );
    const file = join(work, 'same-description.jsonl');
    await writeFile(file, text);
    const { rows } = await records([file]);
    expect(new Set(rows.map((row) => row.item)).size).toBe(12);
    expect(rows.every((row) => /^test-[0-9a-f]{12}$/.test(row.item as string))).toBe(true);
  });

  it('says which rule a promptfoo-like file breaks', async () => {
    const file = join(work, 'v4.json');
    await writeFile(file, JSON.stringify({ evalId: 'e', results: { version: 4, results: [] } }));
    expect(await failure([file])).toBe(
      `${file}: looks like promptfoo-json but breaks its rule: promptfoo's results.version is 2 or 3; this file has 4`,
    );
  });
});

describe('OpenAI evals, SWE-bench, HELM', () => {
  it('says an oaieval log without per-sample events has nothing to pair', async () => {
    expect(await failure(['test/fixtures/formats/openai-evals/no-events.jsonl'])).toBe(
      'test/fixtures/formats/openai-evals/no-events.jsonl: oaieval log with no per-sample outcomes (no `match` events with a sample_id): nothing to pair',
    );
  });

  it('tells SWE-bench instances never submitted (incomplete) from failed ones, and harness errors from fails', async () => {
    const { loaded, rows } = await records(['examples/formats/swebench/agent-b.run1.json']);
    expect(rows).toHaveLength(47);
    expect(rows.filter((row) => row.status === 'error')).toHaveLength(2);
    const [source] = loaded.sources!;
    expect(source!.completeness.state).toBe('incomplete');
    expect(source!.completeness.plannedItems).toHaveLength(50);
    expect(source!.completeness.detail).toBe(
      'SWE-bench report: 3 of 50 instances were never submitted (incomplete_ids)',
    );
  });

  it('reads a SWE-bench model directory of per-instance reports as the run report says', async () => {
    const fromDirectory = await records(['examples/formats/swebench/logs/run_evaluation/run1/agent-a']);
    const fromReport = await records(['examples/formats/swebench/agent-a.run1.json']);
    const key = (rows: Record<string, unknown>[]) => rows.map((r) => `${r.item}:${r.status}:${r.passes}`).sort();
    expect(key(fromDirectory.rows)).toEqual(key(fromReport.rows));
  });

  it('leaves perturbed HELM instances out, and says so', async () => {
    notes.length = 0;
    const { rows } = await records(['examples/formats/helm/mmlu-model-a']);
    expect(rows).toHaveLength(40);
    expect(notes).toContain(
      'examples/formats/helm/mmlu-model-a/per_instance_stats.json: 3 perturbed instance entries left out (only unperturbed ones pair)',
    );
  });
});

describe('detection', () => {
  it('lists the formats tried for a file no format claims', async () => {
    const file = join(work, 'other.json');
    await writeFile(file, '{\n  "something": "else"\n}\n');
    expect(await failure([file])).toBe(
      `${file}: not a results file of any format verdict reads (tried ${FORMATS.map((f) => f.name).join(', ')}); name one with --format, see \`verdict formats\``,
    );
  });

  it('mixes formats in one comparison when the items pair', async () => {
    const result = await runCliInProcess(
      [
        'compare',
        'examples/formats/inspect/mmlu-gpt-4o.eval',
        'test/fixtures/formats/inspect/expected.jsonl',
        '--baseline',
        'openai/gpt-4o',
        '--candidate',
        'anthropic/claude-sonnet-4',
      ],
      process.cwd(),
    );
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('n = 59 paired items');
  });

  it('prints a one-line error and exits 2 for an unknown --format', async () => {
    const result = await runCliInProcess(
      ['summary', 'examples/formats/helm/mmlu-model-a', '--format', 'csv'],
      process.cwd(),
    );
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim()).toBe(
      `verdict: \`--format\`: unknown format "csv"; verdict reads ${FORMATS.map((f) => f.name).join(', ')}`,
    );
  });

  it('every example `verdict formats` prints runs as printed', async () => {
    const list = await runCliInProcess(['formats'], process.cwd());
    const examples = [...list.stdout.matchAll(/^\s*\$ verdict (.+)$/gm)].map((m) => m[1]!.split(' '));
    expect(examples).toHaveLength(FORMATS.length);
    for (const argv of examples) {
      const result = await runCliInProcess(argv, process.cwd());
      expect([0, 1, 3, 4], `verdict ${argv.join(' ')}: ${result.stderr}`).toContain(result.exitCode);
    }
  }, 60_000);
});

describe('non-finite JSON', () => {
  it('quotes bare NaN and Infinity outside strings, whatever the piece boundaries', () => {
    const doc = '{"a": NaN, "b": [Infinity, -Infinity, -1.5e3, "NaN \\" Infinity"], "c": "x\\\\", "d": NaN}';
    const whole = parseJsonTolerant(doc);
    expect(whole).toEqual({ a: 'NaN', b: ['Infinity', '-Infinity', -1500, 'NaN " Infinity'], c: 'x\\', d: 'NaN' });
    for (let size = 1; size <= 12; size++) {
      const quoter = new NonFiniteQuoter();
      let out = '';
      for (let i = 0; i < doc.length; i += size) out += quoter.push(doc.slice(i, i + size));
      expect(JSON.parse(out + quoter.end())).toEqual(whole);
    }
  });
});
