/**
 * The cases of issue 10 ("a verdict you can sign"), each through the CLI as a user runs it: the exit code and
 * the headline words of the terminal, HTML, Markdown, JUnit and JSON outputs, which must all say the same.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { VerdictDocument } from '../../reports/index';
import { proportionInterval } from '../../stats/index';
import { type CliResult, resultLines, runCliInProcess, startCli, waitUntil } from './run-cli-process';

let directory: string;
let counter = 0;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'verdict-verdicts-'));
});

type Row = Record<string, unknown>;

async function writeRows(rows: readonly Row[]): Promise<string> {
  const file = join(directory, `results-${counter++}.jsonl`);
  await writeFile(file, rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
  return file;
}

/** Rows of a paired table (baseline A, candidate B) from its cells, with a tag per item. */
function tableRows(cells: { n11: number; n10: number; n01: number; n00: number }, tag = (_: number) => ({})): Row[] {
  const rows: Row[] = [];
  let item = 0;
  for (const [cell, count] of Object.entries(cells)) {
    for (let i = 0; i < count; i++, item++) {
      rows.push({ item, variant: 'A', pass: cell[1] === '1', tags: tag(item) });
      rows.push({ item, variant: 'B', pass: cell[2] === '1', tags: tag(item) });
    }
  }
  return rows;
}

interface Reports extends CliResult {
  readonly doc: VerdictDocument;
  readonly html: string;
  readonly md: string;
  readonly junit: string;
}

/** `verdict compare` with every report written, read back. */
async function compareWithReports(inputs: readonly string[], flags: readonly string[]): Promise<Reports> {
  const out = join(directory, `reports-${counter++}`);
  const file = (ext: string) => `${out}.${ext}`;
  const result = await runCliInProcess([
    'compare',
    ...inputs,
    ...flags,
    '--json',
    file('json'),
    '--html',
    file('html'),
    '--md',
    file('md'),
    '--junit',
    file('xml'),
  ]);
  if (result.code === 2) throw new Error(`verdict compare refused: ${result.stderr}`);
  const doc = VerdictDocument.parse(JSON.parse(await readFile(file('json'), 'utf8')));
  return {
    ...result,
    doc,
    html: await readFile(file('html'), 'utf8'),
    md: await readFile(file('md'), 'utf8'),
    junit: await readFile(file('xml'), 'utf8'),
  };
}

const WORDS: Record<string, string> = {
  regressed: 'REGRESSED',
  improved: 'IMPROVED',
  incomplete: 'INCOMPLETE',
  underpowered: 'UNDERPOWERED',
  inconclusive: 'INCONCLUSIVE',
  equivalent: 'EQUIVALENT',
  'non-inferior': 'NON-INFERIOR',
  'no-significant-difference': 'NO SIGNIFICANT DIFFERENCE',
};

/** Every output names the same verdict and the same gate; JUnit fails exactly when the gate does. */
function expectHeadline(result: Reports, verdict: string, exit: number): void {
  const gate = exit === 0 ? 'gate PASSED' : `gate FAILED (exit ${exit})`;
  expect(result.code, result.stderr).toBe(exit);
  expect(result.stdout.split('\n')[0]).toBe(`verdict: ${WORDS[verdict]} · ${gate}`);
  expect(result.doc.verdict).toBe(verdict);
  expect(result.doc.gate).toEqual({ passed: exit === 0, exitCode: exit });
  expect(result.md.split('\n')[0]).toBe(`## verdict: ${WORDS[verdict]} · ${gate}`);
  expect(result.html).toContain(`data-verdict="${verdict}" data-gate="${exit === 0 ? 'passed' : 'failed'}"`);
  expect(result.html).toContain(`<span class="gate">${gate}</span>`);
  const failures = result.junit.match(/<failure type="([^"]+)"/g) ?? [];
  expect(failures.length > 0).toBe(exit !== 0);
  if (exit !== 0) expect(result.junit).toContain(`<failure type="${verdict}"`);
  expect(`${result.stdout}${result.md}`.toLowerCase()).not.toContain('no change');
}

describe('1. a broken candidate never passes', () => {
  it('errors on 195 of 200 items: incomplete, exit 4, naming what is missing and how to fix it', async () => {
    const rows: Row[] = [];
    for (let item = 0; item < 200; item++) {
      rows.push({ item, variant: 'A', pass: item % 3 !== 0 });
      rows.push(
        item < 195 ? { item, variant: 'B', status: 'error', error: 'HTTP 500' } : { item, variant: 'B', pass: true },
      );
    }
    const result = await compareWithReports([await writeRows(rows)], ['--baseline', 'A', '--candidate', 'B']);
    expectHeadline(result, 'incomplete', 4);
    expect(result.stdout).toContain(
      'B has no ok result for 195 of 200 planned cells (98%: 195 errors), above the 5.0% limit',
    );
    expect(result.stdout).toContain(
      'To fix: re-run the failed cells (verdict run EXPERIMENT --out RUN --resume --retry-errors)',
    );
    expect(result.doc.comparisons[0]!.incomplete.map((r) => r.kind)).toEqual([
      'missing-share',
      'differential-missingness',
    ]);
  });

  it('"HTTP 400 context length exceeded" on 40 of 100 items it would fail: incomplete, and the sensitivity analysis shows the drop', async () => {
    const rows: Row[] = [];
    for (let item = 0; item < 100; item++) {
      rows.push({ item, variant: 'A', pass: item < 70 });
      // The candidate errors on the 40 longest items, which it would fail; on the rest it matches the baseline.
      rows.push(
        item >= 60
          ? { item, variant: 'B', status: 'error', error: 'HTTP 400 context length exceeded' }
          : { item, variant: 'B', pass: item < 55 || item >= 60 },
      );
    }
    const result = await compareWithReports([await writeRows(rows)], ['--baseline', 'A', '--candidate', 'B']);
    expectHeadline(result, 'incomplete', 4);
    expect(result.stdout).toContain('B has no ok result for 40 of 100 planned cells (40%: 40 errors)');
    const sensitivity = result.doc.comparisons[0]!.sensitivity!;
    expect(sensitivity.errors).toBe('count-as-fail');
    expect(sensitivity.verdict).toBe('regressed');
    expect(result.html).toContain('Sensitivity, with missing cells counted as failures');
    // Counting the errors as failures is the primary analysis on request (intention to treat): then it regresses.
    const itt = await compareWithReports(
      [await writeRows(rows)],
      [
        '--baseline',
        'A',
        '--candidate',
        'B',
        '--errors',
        'count-as-fail',
        '--max-missing',
        '50',
        '--missing-alpha',
        '1e-30',
      ],
    );
    expectHeadline(itt, 'regressed', 1);
    expect(itt.doc.paired.n).toBe(100);
  });
});

describe('2. an unfinished run is not judged as complete', () => {
  it('interrupted with about 15% of its cells stored: incomplete (exit 4); --allow-incomplete judges what was stored and says so', async () => {
    const dir = join(directory, 'interrupted');
    const { child, done } = startCli(['run', 'test/fixtures/experiments/deterministic.ts', '--out', dir, '--quiet'], {
      VERDICT_TEST_DELAY_MS: '20',
    });
    let ended = false;
    void done.then(() => {
      ended = true;
    });
    await waitUntil(
      () => resultLines(dir).length >= 300,
      () => ended,
    );
    child.kill('SIGINT');
    expect((await done).code).toBe(130);
    const stored = resultLines(dir).length;
    expect(stored).toBeLessThan(2000);

    const result = await compareWithReports([dir], ['--baseline', 'baseline', '--candidate', 'candidate']);
    expectHeadline(result, 'incomplete', 4);
    expect(result.doc.runs).toEqual([
      { path: dir, status: 'interrupted', stored: expect.any(Number), planned: 2000, complete: false },
    ]);
    expect(result.doc.comparisons[0]!.incomplete[0]!.kind).toBe('run-unfinished');
    expect(result.stdout).toContain(`the run ${dir} is interrupted: `);
    expect(result.stdout).toContain('of 2000 planned cells are stored');
    expect(result.html).toContain('Unfinished run:');

    const judged = await compareWithReports(
      [dir],
      ['--baseline', 'baseline', '--candidate', 'candidate', '--allow-incomplete', '--max-missing', '25'],
    );
    expect(judged.doc.verdict).not.toBe('incomplete');
    for (const text of [judged.stdout, judged.md, judged.html, judged.junit]) {
      expect(text).toContain('Judged on an unfinished run (--allow-incomplete)');
    }
  }, 60_000);
});

describe('3. small evals: the interval and the test agree, and "cannot tell" is said', () => {
  it('20 items, 5 lost and none gained: the score test and its interval agree on a regression', async () => {
    const result = await compareWithReports([await writeRows(tableRows({ n11: 15, n10: 5, n01: 0, n00: 0 }))], []);
    expectHeadline(result, 'regressed', 1);
    const { difference, test } = result.doc.paired;
    expect(test.pValue).toBeLessThanOrEqual(0.05);
    expect(difference.upper).toBeLessThan(0);
    expect(result.stdout).toContain(
      'Difference -25.0 points (95% CI -46.9 to -4.9), p = 0.02535, n = 20 paired items.',
    );
  });

  it('2 items, both lost: underpowered, with the items needed, and a power curve to read it from', async () => {
    const result = await compareWithReports([await writeRows(tableRows({ n11: 0, n10: 2, n01: 0, n00: 0 }))], []);
    expectHeadline(result, 'underpowered', 0);
    const { difference, test } = result.doc.paired;
    expect(test.pValue).toBeGreaterThan(0.05);
    expect(difference.upper).toBeGreaterThan(0);
    expect(result.stdout).toContain(
      'No significant difference between B and A, but this eval is too small to detect a drop of 5.0 points.',
    );
    expect(result.stdout).toContain('No drop of any size up to 100.0 points can be detected with 80% power at n = 2');
    expect(result.stdout).toMatch(/Detecting a drop of 5\.0 points with 80% power needs about [\d,]+ paired items/);
    expect(result.doc.power.detectableAtAll).toBe(false);
    expect(result.doc.power.curve.length).toBeGreaterThan(10);
  });
});

describe('4. clusters drive the decision', () => {
  // 20 passages of 5 questions: the candidate fails every question of 3 passages, and matches elsewhere.
  const passage = (item: number) => ({ passage: `p${Math.floor(item / 5)}` });
  const rows = (() => {
    const out: Row[] = [];
    for (let item = 0; item < 100; item++) {
      out.push({ item, variant: 'A', pass: true, tags: passage(item) });
      out.push({ item, variant: 'B', pass: item >= 15, tags: passage(item) });
    }
    return out;
  })();

  it('15 lost items in 3 passages: a regression item by item, not one when passages are the unit', async () => {
    const file = await writeRows(rows);
    const items = await compareWithReports([file], []);
    expectHeadline(items, 'regressed', 1);
    const clustered = await compareWithReports([file], ['--cluster', 'tags.passage']);
    expect(clustered.doc.verdict).not.toBe('regressed');
    expect(clustered.code).toBe(0);
    expect(clustered.doc.paired.clustering).toMatchObject({ field: 'tags.passage', clusters: 20, method: 'yang' });
    expect(clustered.doc.paired.test.pValue).toBeGreaterThan(items.doc.paired.test.pValue);
    expect(clustered.doc.paired.difference.lower).toBeLessThan(items.doc.paired.difference.lower);
    expect(clustered.doc.power.designEffect).toBeGreaterThan(1);
    for (const text of [clustered.stdout, clustered.md, clustered.html]) {
      expect(text).toMatch(/Clustered by tags\.passage: 20 clusters, design effect \d+\.\d\d/);
    }
  });
});

describe('5. repeated samples are clustered by item in every pass rate', () => {
  it('40 items x 10 samples, each item all or nothing: the interval is as wide as 40 items, not 400 samples', async () => {
    const rows: Row[] = [];
    for (let item = 0; item < 40; item++) {
      for (let sample = 0; sample < 10; sample++) {
        rows.push({ item, variant: 'A', sample, pass: item % 2 === 0 });
        rows.push({ item, variant: 'B', sample, pass: item % 2 === 0 });
      }
    }
    const file = await writeRows(rows);
    const summary = await runCliInProcess(['summary', file]);
    expect(summary.code).toBe(0);
    expect(summary.stdout).toContain('95% CI (samples clustered by item)');
    const result = await compareWithReports([file], []);
    const [a] = result.doc.variants;
    const naive = proportionInterval(200, 400);
    const byItems = proportionInterval(20, 40);
    expect(a!.interval.method).toBe('wilson-clustered');
    // 20 items pass every sample, 20 fail every one: deff = 400 / 39 (39 = the items less one, as the linearised variance has it).
    expect(a!.designEffect).toBeCloseTo(400 / 39, 10);
    expect(a!.interval.upper - a!.interval.lower).toBeGreaterThan(2 * (naive.upper - naive.lower));
    expect(a!.interval.upper - a!.interval.lower).toBeCloseTo(byItems.upper - byItems.lower, 1);
    expect(result.html).toContain('design effect');
  });
});

describe('6. one unit in and out: margins in points', () => {
  const regressed = () => writeRows(tableRows({ n11: 40, n10: 12, n01: 2, n00: 46 }));

  it('--margin 1 is one point: the 10-point drop still regresses', async () => {
    const result = await compareWithReports([await regressed()], ['--margin', '1']);
    expectHeadline(result, 'regressed', 1);
    expect(result.doc.policy.margin).toBe(0.01);
  });

  it('--margin 150 cannot be a difference of pass rates: exit 2 naming the flag', async () => {
    const result = await runCliInProcess([
      'compare',
      await regressed(),
      '--baseline',
      'A',
      '--candidate',
      'B',
      '--margin',
      '150',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'verdict: `--margin`: expected a difference in percentage points from 0 to below 100 (2 means 2 points), got "150"\n',
    );
  });

  it('a margin that looks like a proportion is read as points, with a note saying so', async () => {
    const result = await runCliInProcess(['compare', await regressed(), '--margin', '0.02']);
    expect(result.stderr).toContain(
      'verdict: note: --margin 0.02 is read in percentage points (0.02 points); for 2 points write --margin 2',
    );
  });
});

describe('7. typos fail loudly', () => {
  const tagged = () => writeRows(tableRows({ n11: 40, n10: 12, n01: 2, n00: 46 }, (i) => ({ category: `c${i % 3}` })));

  it.each([
    ['--by', 'tags.categry'],
    ['--cluster', 'tags.categori'],
  ])('%s %s: exit 2, naming the field and the closest that exist', async (flag, field) => {
    const result = await runCliInProcess([
      'compare',
      await tagged(),
      '--baseline',
      'A',
      '--candidate',
      'B',
      flag,
      field,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `verdict: \`${flag}\`: no row of A, B has the field "${field}"; the closest fields are tags.category, status, item\n`,
    );
  });
});

describe('8. the reports agree', () => {
  it('baseline first and candidates in the order given, everywhere; each pass rate says what it is over', async () => {
    const rows: Row[] = [];
    for (let item = 0; item < 60; item++) {
      rows.push({ item, variant: 'A', pass: item % 2 === 0 });
      rows.push({ item, variant: 'B', pass: item % 3 === 0 });
      rows.push({ item, variant: 'C', pass: item % 4 !== 0 });
    }
    const result = await compareWithReports(
      [await writeRows(rows)],
      ['--baseline', 'C', '--candidate', 'B', '--candidate', 'A'],
    );
    expect(result.doc.variants.map((v) => v.variant)).toEqual(['C', 'B', 'A']);
    expect(result.doc.comparisons.map((c) => c.candidate.variant)).toEqual(['B', 'A']);
    const order = (text: string, names: string[]) => names.map((name) => text.indexOf(name));
    const table = result.html.slice(result.html.indexOf('<h2 id="variants">'));
    const [c, b, a] = order(table, ['<td>C</td>', '<td>B</td>', '<td>A</td>']);
    expect(c! < b! && b! < a!).toBe(true);
    expect(result.html).toContain('over the paired items');
    expect(result.html).toContain('pass rate (all ok rows)');
    expect(result.md).toContain('Pass rate over the paired items');
    expect(result.stdout).toContain('Pass rate over the paired items');
    expectHeadline(result, result.doc.verdict, result.doc.gate.exitCode);
  });
});

describe('9. several candidates under non-inferiority: simultaneous intervals', () => {
  it('two candidates, margin 5 points: each interval at 97.5% (Bonferroni), so the family-wise error holds', async () => {
    const rows: Row[] = [];
    for (let item = 0; item < 400; item++) {
      rows.push({ item, variant: 'A', pass: item % 10 < 7 });
      rows.push({ item, variant: 'B', pass: item % 10 < 7 || item % 37 === 0 });
      rows.push({ item, variant: 'C', pass: (item % 10 < 7 && item % 41 !== 0) || item % 43 === 0 });
    }
    const result = await compareWithReports(
      [await writeRows(rows)],
      ['--baseline', 'A', '--candidate', 'B', '--candidate', 'C', '--require', 'non-inferiority', '--margin', '5'],
    );
    for (const comparison of result.doc.comparisons) expect(comparison.paired.difference.confidence).toBe(0.975);
    expect(result.html).toContain('Bonferroni, so the intervals hold simultaneously');
    expectHeadline(result, result.doc.verdict, result.doc.gate.exitCode);
  });
});

describe('found in review: no degenerate interval, no pass that missing results could overturn', () => {
  const ab = ['--baseline', 'A', '--candidate', 'B'];

  it('per-item means that do not vary: no zero-width interval, so no equivalence from two items', async () => {
    const rows = [
      { item: 'q1', variant: 'A', n: 4, c: 2 },
      { item: 'q1', variant: 'B', n: 4, c: 2 },
      { item: 'q2', variant: 'A', n: 4, c: 3 },
      { item: 'q2', variant: 'B', n: 4, c: 3 },
    ];
    const result = await compareWithReports(
      [await writeRows(rows)],
      [...ab, '--margin', '2', '--require', 'non-inferiority'],
    );
    expectHeadline(result, 'inconclusive', 3);
    const { lower, upper } = result.doc.paired.difference;
    expect(upper - lower).toBeGreaterThan(0.5);
  });

  it('two clusters cannot carry a clustered test: underpowered, saying more clusters are needed', async () => {
    const rows: Row[] = [];
    for (let item = 0; item < 400; item++) {
      const site = { site: `s${item % 2}` };
      rows.push(
        { item, variant: 'A', pass: item % 4 !== 0, tags: site },
        { item, variant: 'B', pass: item % 5 !== 0, tags: site },
      );
    }
    const result = await compareWithReports([await writeRows(rows)], [...ab, '--cluster', 'tags.site']);
    expectHeadline(result, 'underpowered', 0);
    expect(result.stdout).toContain('with 2 clusters the clustered test cannot reach alpha = 0.05 often enough');
    expect(result.doc.power.powerAtEffect).toBe(0);
  });

  it('a cluster field some items lack is refused (exit 2), naming how many', async () => {
    const rows = tableRows({ n11: 40, n10: 10, n01: 2, n00: 48 }, (i) => (i < 10 ? { passage: `p${i % 3}` } : {}));
    const result = await runCliInProcess(['compare', await writeRows(rows), ...ab, '--cluster', 'tags.passage']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'verdict: `--cluster`: 90 of 100 paired items have no tags.passage (item 10 is one): give every item a cluster, or compare without --cluster\n',
    );
  });

  it('a pass that counting the missing cells as failures would overturn is incomplete', async () => {
    // 100 items: B loses 3, and errors on 4 items A passed (4%: inside the limit, and p = 0.0625 for the
    // differential check); counted as failures they make a significant drop.
    const rows: Row[] = [];
    for (let item = 0; item < 100; item++) {
      rows.push({ item, variant: 'A', pass: item < 70 });
      if (item < 4) rows.push({ item, variant: 'B', status: 'error', error: 'HTTP 500' });
      else rows.push({ item, variant: 'B', pass: item < 70 && item >= 7 });
    }
    const result = await compareWithReports([await writeRows(rows)], ab);
    expectHeadline(result, 'incomplete', 4);
    expect(result.doc.comparisons[0]!.incomplete.map((r) => r.kind)).toEqual(['missing-could-hide-regression']);
    expect(result.stdout).toContain('the verdict depends on results that are not there');
  });

  it('a drop of exactly the margin regresses (the margin is the decimal typed, 0.9 points is 0.009)', async () => {
    const result = await compareWithReports(
      [await writeRows(tableRows({ n11: 700, n10: 9, n01: 0, n00: 291 }))],
      [...ab, '--margin', '0.9'],
    );
    expectHeadline(result, 'regressed', 1);
    expect(result.doc.policy.margin).toBe(0.009);
  });

  it('five candidates: each one’s power is that of its test at the level it is judged at', async () => {
    const rows: Row[] = [];
    for (let item = 0; item < 350; item++) {
      const a = item % 2 === 0;
      rows.push({ item, variant: 'A', pass: a });
      for (let c = 0; c < 5; c++) rows.push({ item, variant: `C${c}`, pass: (item + 2 * c) % 20 < 2 ? !a : a });
    }
    const candidates = ['C0', 'C1', 'C2', 'C3', 'C4'].flatMap((c) => ['--candidate', c]);
    const result = await compareWithReports([await writeRows(rows)], ['--baseline', 'A', ...candidates]);
    for (const comparison of result.doc.comparisons) {
      expect(comparison.power.alpha).toBeCloseTo(1 - comparison.paired.difference.confidence, 12);
      expect(comparison.power.alpha).toBeLessThan(0.05);
    }
    expect(result.doc.comparisons.every((c) => c.verdict === 'underpowered')).toBe(true);
  });

  it('a small slice is reported as such and never stops the gate', async () => {
    const rows = tableRows({ n11: 40, n10: 14, n01: 2, n00: 44 }, (i) => ({
      cat: i === 0 ? 'lone' : 'bulk',
      passage: `p${i % 10}`,
    }));
    const result = await compareWithReports(
      [await writeRows(rows)],
      [...ab, '--by', 'tags.cat', '--cluster', 'tags.passage'],
    );
    expect([0, 1]).toContain(result.code);
    expect(result.doc.slices.find((s) => s.value === 'lone')!.verdict).toBe('underpowered');
  });

  it('an aggregated n/c row counts as its n cells, and samples may be numbered from 1', async () => {
    const mixed: Row[] = [];
    for (let i = 0; i < 50; i++) {
      mixed.push({ item: `q${i}`, variant: 'A', n: 10, c: 7 });
      for (let s = 0; s < 10; s++) mixed.push({ item: `q${i}`, variant: 'B', sample: s, pass: (s + i) % 10 < 7 });
    }
    const aggregated = await compareWithReports([await writeRows(mixed)], ab);
    expect(aggregated.doc.comparisons[0]!.missing.byVariant.map((v) => [v.planned, v.ok])).toEqual([
      [500, 500],
      [500, 500],
    ]);
    const oneBased: Row[] = [];
    for (let item = 0; item < 100; item++) {
      for (let sample = 1; sample <= 3; sample++) {
        oneBased.push({ item, variant: 'A', sample, pass: (item + sample) % 3 !== 0 });
        oneBased.push({ item, variant: 'B', sample, pass: (item + sample) % 3 !== 0 });
      }
    }
    const numbered = await compareWithReports([await writeRows(oneBased)], ab);
    expect(numbered.doc.verdict).not.toBe('incomplete');
    expect(numbered.doc.comparisons[0]!.missing.samplesPerItem).toBe(3);
  });

  it('items a third variant has and the compared two lack are missing cells of both', async () => {
    const rows: Row[] = [];
    for (let item = 0; item < 100; item++) {
      rows.push({ item, variant: 'C', pass: true });
      if (item < 60)
        rows.push({ item, variant: 'A', pass: item % 2 === 0 }, { item, variant: 'B', pass: item % 2 === 0 });
    }
    const result = await compareWithReports([await writeRows(rows)], ab);
    expectHeadline(result, 'incomplete', 4);
    expect(result.doc.comparisons[0]!.missing.plannedItems).toBe(100);
  });
});
