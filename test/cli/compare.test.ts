import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { flipListHeading, VerdictDocument } from '../../reports/index';
import { runCli, runCliInProcess } from './run-cli-process';

const SMALL = 'test/fixtures/results/small.jsonl';
let directory: string;
let regressed: string;
let close: string;

/** A results file whose paired table is the given one (baseline A, candidate B). */
async function writeTable(
  name: string,
  cells: { n11: number; n10: number; n01: number; n00: number },
): Promise<string> {
  const lines: string[] = [];
  let item = 0;
  for (const [cell, count] of Object.entries(cells)) {
    for (let i = 0; i < count; i++, item++) {
      lines.push(
        JSON.stringify({ item, variant: 'A', pass: cell[1] === '1', tags: { half: item % 2 ? 'odd' : 'even' } }),
      );
      lines.push(
        JSON.stringify({ item, variant: 'B', pass: cell[2] === '1', tags: { half: item % 2 ? 'odd' : 'even' } }),
      );
    }
  }
  const path = join(directory, name);
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'verdict-compare-'));
  regressed = await writeTable('regressed.jsonl', { n11: 40, n10: 12, n01: 2, n00: 46 });
  close = await writeTable('close.jsonl', { n11: 40, n10: 3, n01: 2, n00: 5 });
});

describe('verdict compare', () => {
  it('prints the verdict and the gate, the difference with its interval, p, n, what is missing and what was excluded', async () => {
    const { code, stdout, stderr } = await runCliInProcess(['compare', SMALL, '--baseline', 'A', '--candidate', 'B']);
    expect(stderr).toBe('');
    // Each variant misses 2 of the 7 items either has: above the 5% limit, so nothing is decided (exit 4).
    expect(code).toBe(4);
    expect(stdout).toBe(
      [
        'verdict: INCOMPLETE · gate FAILED (exit 4)',
        '',
        'INCOMPLETE  B vs A (binary)',
        '  Not decided: the results of B vs A are incomplete.',
        '  Difference 0.0 points (95% CI -60.4 to +60.4), p = 1, n = 4 paired items.',
        '  Analysis: fixed-n (the test and interval at the 4 paired items there are; if the run was stopped on seeing its results, use compare --sequential).',
        '  Incomplete: A has no ok result for 2 of 7 planned cells (29%: 1 skipped, 1 absent), above the 5.0% limit; B has no ok result for 2 of 7 planned cells (29%: 1 error, 1 absent), above the 5.0% limit.',
        '  To fix: re-run the failed cells (verdict run EXPERIMENT --out RUN --resume --retry-errors), or raise the limit with --max-missing.',
        '  Pass rate over the paired items: 75.0% -> 75.0%.',
        '  Missing results: A 2 of 7 planned cells (28.6%: 1 skipped, 1 absent), B 2 of 7 planned cells (28.6%: 1 error, 1 absent); the candidate alone misses 1 item, the baseline alone 1 (differential check p = 0.75). Limit: 5.0% per variant.',
        '  Sensitivity, with missing cells counted as failures of the variant that had them: difference 0.0 points (95% CI -43.7 to +43.7), p = 1, n = 7 paired items: Underpowered.',
        '  This eval can detect drops of 94.6 points or more (80% power, alpha = 0.05, n = 4, exact power of the McNemar score test).',
        '  Detecting a drop of 5.0 points with 80% power needs about 1,568 paired items (power now 1%).',
        '  Changed items: 1 worse, 1 better.',
        '',
        '5 rows excluded from the paired analysis: 1 error, 1 skipped, 2 unpaired, 1 duplicate.',
        '',
      ].join('\n'),
    );
  });

  it('compares the two variants in order of first appearance when none is named, and says so', async () => {
    const { code, stderr } = await runCliInProcess(['compare', SMALL]);
    expect(code).toBe(4);
    expect(stderr).toBe(
      'verdict: comparing "B" (candidate) with "A" (baseline), in order of first appearance; name them with --baseline and --candidate\n',
    );
  });

  it('exits 1 on a significant drop, with slices per tag', async () => {
    const { code, stdout } = await runCliInProcess([
      'compare',
      regressed,
      '--by',
      'tags.half',
      '--baseline',
      'A',
      '--candidate',
      'B',
    ]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^verdict: REGRESSED · gate FAILED \(exit 1\)\n/);
    expect(stdout).toContain('  tags.half = even: ');
    expect(stdout).toContain('  tags.half = odd: ');
  });

  it('exits 3 when non-inferiority cannot be shown, 0 when it passes under no-regression', async () => {
    const inconclusive = await runCliInProcess(['compare', close, '--require', 'non-inferiority', '--margin', '2']);
    expect(inconclusive.code).toBe(3);
    expect(inconclusive.stdout).toMatch(/^verdict: INCONCLUSIVE · gate FAILED \(exit 3\)\n/);
    const relaxed = await runCliInProcess(['compare', close, '--margin', '2']);
    expect(relaxed.code).toBe(0);
    expect(relaxed.stdout).toMatch(/^verdict: UNDERPOWERED · gate PASSED\n/);
  });

  it('writes the JSON, Markdown, JUnit and HTML reports, and the document passes its schema', async () => {
    const out = join(directory, 'out');
    const files = ['json', 'md', 'junit', 'html'].map((ext) => join(out, `report.${ext}`));
    const { code, stdout } = await runCliInProcess([
      'compare',
      regressed,
      '--json',
      files[0]!,
      '--md',
      files[1]!,
      '--junit',
      files[2]!,
      '--html',
      files[3]!,
      '--seed',
      '3',
    ]);
    expect(code).toBe(1);
    for (const file of files) expect(stdout).toContain(`Wrote ${file}\n`);
    const doc = VerdictDocument.parse(JSON.parse(await readFile(files[0]!, 'utf8')));
    expect(doc.paired).toMatchObject({ n11: 40, n10: 12, n01: 2, n00: 46 });
    expect(doc.policy.seed).toBe(3);
    expect(doc.provenance.command).toBe(
      `verdict compare ${regressed} --json ${files[0]} --md ${files[1]} --junit ${files[2]} --html ${files[3]} --seed 3`,
    );
    expect(await readFile(files[1]!, 'utf8')).toContain('B');
    expect(await readFile(files[2]!, 'utf8')).toMatch(/^<\?xml/);
    expect(await readFile(files[3]!, 'utf8')).toMatch(/^<!DOCTYPE html>/i);
  });

  it('lists --flips N flipped items in the HTML and Markdown reports, every one in the JSON document', async () => {
    const out = join(directory, 'flips');
    const [json, md, html] = ['json', 'md', 'html'].map((ext) => join(out, `report.${ext}`)) as [
      string,
      string,
      string,
    ];
    const { code } = await runCliInProcess([
      'compare',
      regressed,
      '--flips',
      '2',
      '--json',
      json,
      '--md',
      md,
      '--html',
      html,
    ]);
    expect(code).toBe(1);
    const doc = VerdictDocument.parse(JSON.parse(await readFile(json, 'utf8')));
    expect(doc.flips).toMatchObject({ nPassToFail: 12, nFailToPass: 2, limit: null });
    expect(doc.flips.passToFail).toHaveLength(12);
    const heading = flipListHeading('Pass → fail', { shown: 2, total: 12 });
    expect(await readFile(md, 'utf8')).toContain(`### ${heading}\n`);
    expect(await readFile(html, 'utf8')).toContain(`<h4>${heading}</h4>`);
    const none = await runCliInProcess(['compare', regressed, '--flips', '0', '--md', md]);
    expect(none.code).toBe(1);
    expect(await readFile(md, 'utf8')).toContain('### Pass → fail: 12 items, not listed (--flips 0)\n');
    const bad = await runCliInProcess(['compare', regressed, '--flips', '-1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('verdict: `--flips`: expected an integer >= 0, got "-1"\n');
  });

  it("lists other tools' flips without the columns their files lack, with the scores and reasons they give", async () => {
    const md = join(directory, 'promptfoo.md');
    const page = join(directory, 'promptfoo.html');
    const riddles = 'examples/formats/promptfoo/riddles.json';
    const { code } = await runCliInProcess(['compare', riddles, '--md', md, '--html', page]);
    expect(code).toBe(0);
    const report = await readFile(md, 'utf8');
    // promptfoo's results have scores: both reports show them beside the outputs, with the same columns.
    const headers = [
      'item',
      'baseline score',
      'candidate score',
      'baseline output',
      'candidate output',
      'candidate reason',
    ];
    expect(report).toContain(`### Pass rate fell: 5 items\n\n| ${headers.join(' | ')} |\n`);
    expect(report).toContain('| riddle 1 | 1 | 0 | An echo. | A shadow. | Expected output to contain "echo" |\n');
    expect(report).not.toContain('| question |');
    const html = await readFile(page, 'utf8');
    const thead =
      /Pass rate fell: 5 items<\/h4>\s*<div class="scroll"><table class="flips">\s*<thead><tr>(.*?)<\/tr>/.exec(html);
    expect([...(thead?.[1] ?? '').matchAll(/<th>(.*?)<\/th>/g)].map((m) => m[1])).toEqual(headers);
    expect(html).toContain(
      '<tr><td><code>riddle 1</code></td><td class="num">1</td><td class="num">0</td><td><pre>An echo.</pre>',
    );
  });

  it('prints the document on stdout with --json-stdout, the summary on stderr', async () => {
    const { code, stdout, stderr } = await runCliInProcess(['compare', regressed, '--json-stdout']);
    expect(code).toBe(1);
    expect(VerdictDocument.parse(JSON.parse(stdout)).verdict).toBe('regressed');
    expect(stderr).toContain('verdict: REGRESSED · gate FAILED (exit 1)');
  });

  it('exits 2 with one line per problem on a bad file', async () => {
    const { code, stdout, stderr } = await runCliInProcess(['compare', 'test/fixtures/results/bad.jsonl']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('verdict: test/fixtures/results/bad.jsonl:1: `pass`: expected boolean or 0/1, got "yes"');
    expect(lines).toHaveLength(10);
  });

  it('exits 2 on an unknown variant, naming the ones there are', async () => {
    const { code, stderr } = await runCliInProcess(['compare', SMALL, '--baseline', 'A', '--candidate', 'C']);
    expect(code).toBe(2);
    expect(stderr).toBe('verdict: unknown candidate variant "C"; the results have "A", "B"\n');
  });

  it('exits 2 on a flag value out of range or not among the choices', async () => {
    const alpha = await runCliInProcess(['compare', SMALL, '--alpha', '1.5']);
    expect(alpha.code).toBe(2);
    expect(alpha.stderr).toBe('verdict: `--alpha`: expected a number strictly between 0 and 1, got "1.5"\n');
    const test = await runCliInProcess(['compare', SMALL, '--test', 'fisher']);
    expect(test.code).toBe(2);
    expect(test.stderr).toContain("error: option '--test <method>' argument 'fisher' is invalid.");
    const metric = await runCliInProcess([
      'compare',
      SMALL,
      '--baseline',
      'A',
      '--candidate',
      'B',
      '--test',
      'wilcoxon',
    ]);
    expect(metric.code).toBe(2);
    expect(metric.stderr).toBe(
      'verdict: `--test`: wilcoxon does not apply to --metric pass; use score, exact, mid-p, asymptotic\n',
    );
  });

  it('has help with worked examples', async () => {
    const { code, stdout } = await runCliInProcess(['compare', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('$ verdict compare runs/demo/results.jsonl --baseline model-v1 --candidate model-v2');
    expect(stdout).toContain(
      'Exit codes: 0 passed, 1 regressed, 2 usage or input error, 3 inconclusive under non-inferiority, 4 incomplete.',
    );
  });

  it('runs as a real process: the exit code reaches the shell', async () => {
    const { code, stdout } = await runCli(['compare', regressed, '--baseline', 'A', '--candidate', 'B']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^verdict: REGRESSED · gate FAILED \(exit 1\)\n/);
  });
});
