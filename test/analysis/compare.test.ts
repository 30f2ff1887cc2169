import { describe, expect, it } from 'vitest';
import { VerdictDocument } from '../../reports/index';
import { compare, exitCodeFor, InputError, loadResults, resultsFromRecords } from '../../src/index';
import { mcnemarTest, pairedDifference, proportionInterval } from '../../stats/index';

const clock = () => new Date('2026-01-02T03:04:05.000Z');
const AB = { baseline: 'A', candidates: ['B'], now: clock, nodeVersion: 'v20.0.0' } as const;

/** One record per (item, variant) from rows [baselinePass, candidatePass]. */
function binaryRecords(rows: readonly (readonly [boolean, boolean])[], tag = (i: number) => (i % 2 ? 'odd' : 'even')) {
  return rows.flatMap(([a, b], i) => [
    { item: `q${i}`, variant: 'A', pass: a, tags: { parity: tag(i) } },
    { item: `q${i}`, variant: 'B', pass: b, tags: { parity: tag(i) } },
  ]);
}

/** n11 items (1,1), n10 (1,0), n01 (0,1), n00 (0,0), in that order. */
function tableRows(n11: number, n10: number, n01: number, n00: number): [boolean, boolean][] {
  const repeat = (count: number, row: [boolean, boolean]) => Array.from({ length: count }, () => row);
  return [
    ...repeat(n11, [true, true]),
    ...repeat(n10, [true, false]),
    ...repeat(n01, [false, true]),
    ...repeat(n00, [false, false]),
  ];
}

describe('compare on a small file with every kind of exclusion', async () => {
  const doc = compare(await loadResults(['test/fixtures/results/small.jsonl']), { by: ['category'] }, AB);

  it('pairs the items both variants have ok outcomes for', () => {
    expect(doc.paired).toMatchObject({ design: 'binary', n: 4, n11: 2, n10: 1, n01: 1, n00: 0 });
    expect(doc.paired.test).toEqual({ method: 'score', pValue: 1, statistic: 0, df: 1 });
  });

  it('calls it incomplete: each variant misses 2 of the 7 items either has (29%, above the 5% limit)', () => {
    expect(doc.verdict).toBe('incomplete');
    expect(doc.reason).toBe('incomplete');
    expect(doc.gate).toEqual({ passed: false, exitCode: 4 });
    expect(doc.comparisons[0]!.incomplete.map((r) => r.kind)).toEqual(['missing-share', 'missing-share']);
    expect(doc.comparisons[0]!.missing.byVariant).toEqual([
      // A: 007 skipped, 006 absent. B: 004 an error, 007 absent (005's timeout was re-run and is ok).
      { variant: 'A', planned: 7, ok: 5, error: 0, timeout: 0, skipped: 1, absent: 1, share: 2 / 7 },
      { variant: 'B', planned: 7, ok: 5, error: 1, timeout: 0, skipped: 0, absent: 1, share: 2 / 7 },
    ]);
  });

  it('counts every row it left out, by reason and variant (the last row of a cell wins)', () => {
    expect(doc.excluded).toEqual({
      total: 5,
      byReason: { error: 1, timeout: 0, skipped: 1, unpaired: 2, duplicate: 1 },
      byVariant: {
        A: { error: 0, timeout: 0, skipped: 1, unpaired: 1, duplicate: 0 },
        B: { error: 1, timeout: 0, skipped: 0, unpaired: 1, duplicate: 1 },
      },
    });
  });

  it('lists the flips with their outputs and tags', () => {
    expect(doc.flips).toEqual({
      nPassToFail: 1,
      nFailToPass: 1,
      passToFail: [{ item: '001', tags: { category: 'math' }, baselineOutput: '4', candidateOutput: '5' }],
      failToPass: [
        {
          item: '003',
          tags: { category: 'code' },
          baselineOutput: 'nope',
          candidateOutput: '<script>alert(1)</script>',
        },
      ],
      limit: 200,
    });
  });

  it('slices by a tag named without its tags. prefix, items without it in (missing)', () => {
    expect(doc.slices.map((s) => [s.field, s.value, s.paired.n])).toEqual([
      ['category', '(missing)', 1],
      ['category', 'code', 1],
      ['category', 'math', 2],
    ]);
  });

  it('summarises every variant unpaired, with latency and cost where recorded', () => {
    const [a, b] = doc.variants;
    expect(a).toMatchObject({ variant: 'A', items: 5, n: 5, passes: 3, errors: 0, timeouts: 0, skipped: 1 });
    expect(a?.interval).toEqual({ ...proportionInterval(3, 5) });
    expect(b).toMatchObject({ variant: 'B', items: 5, n: 5, passes: 3, errors: 1, timeouts: 0, skipped: 0 });
    expect(a?.latencyMs).toMatchObject({ n: 2, min: 80, median: 100, max: 120, total: 200 });
    expect(b?.costUsd).toMatchObject({ n: 1, total: 0.002 });
  });

  it('records provenance with the injected clock, and passes the document schema', () => {
    expect(doc.provenance).toEqual({
      inputs: [
        { path: 'test/fixtures/results/small.jsonl', sha256: expect.any(String), bytes: expect.any(Number), rows: 13 },
      ],
      command: null,
      tool: { name: 'verdict', version: expect.any(String) },
      node: 'v20.0.0',
      createdAt: '2026-01-02T03:04:05.000Z',
    });
    expect(VerdictDocument.parse(doc)).toEqual(doc);
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });
});

describe('compare, one sample per item', () => {
  const records = binaryRecords(tableRows(40, 12, 2, 46));

  it('gives the McNemar test, the difference interval and the odds ratio the stats layer gives', () => {
    const table = { n11: 40, n10: 12, n01: 2, n00: 46 };
    const doc = compare(resultsFromRecords(records), { test: 'mid-p', interval: 'tango' }, AB);
    expect(doc.paired).toMatchObject({ ...table, n: 100, baselineRate: 0.52, candidateRate: 0.42 });
    expect(doc.paired.test.pValue).toBe(mcnemarTest(table, { method: 'mid-p' }).pValue);
    expect(doc.paired.difference).toEqual({ ...pairedDifference(table, { method: 'tango' }) });
    expect(doc.paired.oddsRatio?.estimate).toBe(2 / 12);
    expect(doc.verdict).toBe('regressed');
    expect(doc.power.p10).toBe(0.12);
    expect(doc.power.p01).toBe(0.02);
  });

  it('takes records in memory as well as loaded files', () => {
    expect(compare(records, {}, AB)).toEqual(compare(resultsFromRecords(records), {}, AB));
  });

  it('writes an unbounded odds ratio as the string JSON can hold, an undefined one (0/0) as null', () => {
    const doc = compare(resultsFromRecords(binaryRecords(tableRows(5, 0, 3, 2))), {}, AB);
    expect(doc.paired.oddsRatio).toMatchObject({ estimate: 'Infinity', upper: 'Infinity' });
    const none = compare(resultsFromRecords(binaryRecords(tableRows(5, 0, 0, 2))), {}, AB);
    expect(none.paired.oddsRatio).toMatchObject({ estimate: null, lower: 0, upper: 'Infinity' });
    expect(VerdictDocument.parse(none).paired.test.pValue).toBe(1);
  });

  it('reports the minimum detectable difference and the n the margin needs', () => {
    const doc = compare(resultsFromRecords(records), { margin: 0.05 }, AB);
    expect(doc.power.minimumDetectableDifference).toBeGreaterThan(0);
    expect(doc.power.effect).toBe(0.05);
    expect(doc.power.nForEffect).toBeGreaterThan(0);
    expect(doc.power.curve.map((point) => point.n)).toContain(100);
    expect(doc.power.curve.map((point) => point.n)).toContain(doc.power.nForEffect);
  });

  it('adjusts slice p-values within each field', () => {
    const doc = compare(resultsFromRecords(records), { by: ['tags.parity'], correction: 'bonferroni' }, AB);
    for (const slice of doc.slices) {
      expect(slice.adjustedPValue).toBe(Math.min(1, 2 * slice.paired.test.pValue));
    }
  });

  it('under non-inferiority, calls an interval that straddles -margin inconclusive', () => {
    const doc = compare(
      resultsFromRecords(binaryRecords(tableRows(40, 3, 2, 5))),
      { require: 'non-inferiority', margin: 0.02 },
      AB,
    );
    expect(doc.verdict).toBe('inconclusive');
    expect(doc.reason).toBe('interval-crosses-margin');
  });
});

describe('the worked examples of docs/decision.md', () => {
  it.each([
    [[40, 12, 2, 46], { margin: 0 }, 'regressed', 1],
    [[40, 12, 2, 46], { margin: 0.15 }, 'below-margin', 0],
    [[40, 3, 2, 5], { margin: 0.02, require: 'non-inferiority' }, 'inconclusive', 3],
  ] as const)('table %j with %j -> %s (exit %d)', ([n11, n10, n01, n00], policy, verdict, code) => {
    const doc = compare(resultsFromRecords(binaryRecords(tableRows(n11, n10, n01, n00))), policy, AB);
    expect(doc.verdict).toBe(verdict);
    expect(exitCodeFor(doc)).toBe(code);
  });
});

describe('compare, several candidates', () => {
  // A passes q0..q51. B: n10 = 12, n01 = 2 against A; C: n10 = 2 (q50, q51), n01 = 12 (q52..q63).
  const records = [
    ...binaryRecords(tableRows(40, 12, 2, 46)),
    ...Array.from({ length: 100 }, (_, i) => ({ item: `q${i}`, variant: 'C', pass: i < 50 || (i >= 52 && i < 64) })),
  ];

  it('adjusts the p-values across candidates and takes the worst verdict overall', () => {
    const doc = compare(resultsFromRecords(records), {}, { ...AB, candidates: ['C', 'B'] });
    expect(doc.comparisons.map((c) => [c.candidate.variant, c.verdict])).toEqual([
      ['C', 'improved'],
      ['B', 'regressed'],
    ]);
    const [c, b] = doc.comparisons;
    expect(c!.paired.test.pValue).toBe(b!.paired.test.pValue);
    expect(c!.adjustedPValue).toBe(Math.min(1, 2 * c!.paired.test.pValue));
    expect(doc.verdict).toBe('regressed');
    expect(doc.candidate.variant).toBe('C');
  });
});

describe('compare, several samples per item', () => {
  // Aggregated rows: c passes of n = 4 samples per item.
  const counts = [
    [4, 2],
    [3, 3],
    [1, 0],
    [2, 1],
    [0, 0],
    [4, 3],
  ];
  const records = counts.flatMap(([a, b], i) => [
    { item: i, variant: 'A', n: 4, c: a },
    { item: i, variant: 'B', n: 4, c: b },
  ]);

  it('compares per-item mean pass rates with the paired t, a seeded bootstrap and pass@k curves', () => {
    const doc = compare(resultsFromRecords(records), { bootstrapResamples: 500, seed: 7 }, AB);
    expect(doc.paired.design).toBe('binary-samples');
    expect(doc.paired.n).toBe(6);
    expect(doc.paired.difference.estimate).toBeCloseTo(-5 / 24, 14);
    expect(doc.paired.difference.method).toBe('paired-t');
    expect(doc.paired.otherIntervals.map((i) => i.method)).toEqual(['bootstrap-percentile']);
    expect(doc.paired.test.method).toBe('paired-t');
    expect(doc.paired.otherTests.map((t) => t.method)).toEqual(['wilcoxon']);
    expect(doc.passAtK?.map((p) => [p.variant, p.k])).toEqual([
      ['A', 1],
      ['A', 2],
      ['A', 3],
      ['A', 4],
      ['B', 1],
      ['B', 2],
      ['B', 3],
      ['B', 4],
    ]);
    expect(doc.passAtK?.[0]?.passAtK).toBeCloseTo(14 / 24, 14);
    expect(doc.flips.nPassToFail).toBe(4);
    expect(VerdictDocument.parse(doc)).toEqual(doc);
    // Seeded: the same seed gives the same interval.
    expect(compare(resultsFromRecords(records), { bootstrapResamples: 500, seed: 7 }, AB).paired).toEqual(doc.paired);
  });
});

describe('compare, scores', () => {
  const records = Array.from({ length: 30 }, (_, i) => [
    { item: i, variant: 'A', score: (i % 7) / 7, tags: { passage: `p${Math.floor(i / 3)}` } },
    {
      item: i,
      variant: 'B',
      score: (i % 7) / 7 + ((i % 3) - 1) * 0.05 + 0.02,
      tags: { passage: `p${Math.floor(i / 3)}` },
    },
  ]).flat();

  it('runs the paired t (primary), Wilcoxon and a bootstrap interval', () => {
    const doc = compare(resultsFromRecords(records), { metric: 'score', bootstrapResamples: 400 }, AB);
    expect(doc.paired.design).toBe('score');
    expect(doc.paired.test.method).toBe('paired-t');
    expect(doc.paired.otherTests.map((t) => t.method)).toEqual(['wilcoxon']);
    expect(doc.paired.difference.estimate).toBeCloseTo(0.02, 12);
    expect(doc.paired.oddsRatio).toBeNull();
    expect(doc.power.method).toBe('t');
  });

  it('uses the clustered standard error, with a t test on clusters - 1 df beside the paired t, when a cluster field is named', () => {
    const doc = compare(
      resultsFromRecords(records),
      { metric: 'score', cluster: 'tags.passage', bootstrapResamples: 400 },
      AB,
    );
    expect(doc.paired.test.method).toBe('clustered-t');
    expect(doc.paired.test.df).toBe(9);
    expect(doc.paired.otherTests.map((t) => t.method)).toEqual(['paired-t', 'wilcoxon']);
    expect(doc.paired.difference.method).toBe('clustered-hull');
    expect(doc.paired.otherIntervals.map((i) => i.method)).toEqual(['cluster-bootstrap-percentile']);
    expect(doc.paired.clustering).toMatchObject({ field: 'tags.passage', clusters: 10, method: 'clustered-t' });
  });
});

describe('compare refuses what it cannot compare', () => {
  const results = resultsFromRecords(binaryRecords(tableRows(3, 1, 1, 3)));

  it.each([
    [{ ...AB, baseline: 'Z' }, 'unknown baseline variant "Z"; the results have "A", "B"'],
    [{ ...AB, candidates: ['A'] }, 'the baseline "A" is also a candidate: compare it with another variant'],
    [{ ...AB, candidates: [] }, 'no candidate given: name one with --candidate'],
    [{ ...AB, candidates: ['B', 'B'] }, 'candidate "B" is given twice'],
  ])('%j', (options, message) => {
    expect(() => compare(results, {}, options)).toThrow(new InputError(message));
  });

  it('names the row that lacks the outcome the metric needs', () => {
    const scoreOnly = resultsFromRecords([
      { item: 1, variant: 'A', pass: true },
      { item: 1, variant: 'B', score: 0.5 },
    ]);
    expect(() => compare(scoreOnly, {}, AB)).toThrow(
      new InputError(
        'missing: --metric pass needs `pass` (or `n` and `c`) on every ok row; this row has only `score` (try --metric score)',
        {
          file: '<records>',
          line: 2,
          field: 'pass',
        },
      ),
    );
  });

  it('refuses a comparison without paired items', () => {
    const apart = resultsFromRecords([
      { item: 1, variant: 'A', pass: true },
      { item: 2, variant: 'B', pass: true },
    ]);
    expect(() => compare(apart, {}, AB)).toThrow(
      new InputError('no item has ok outcomes in both `A` and `B`: nothing to compare'),
    );
  });

  it('names a policy field out of range', () => {
    expect(() => compare(results, { alpha: 1.5 }, AB)).toThrow(
      new RangeError('compare: `policy.alpha` must be strictly between 0 and 1, got 1.5'),
    );
    expect(() => compare(results, { test: 'wilcoxon' }, AB)).toThrow(
      new RangeError("compare: `policy.test` must be one of 'score', 'exact', 'mid-p', 'asymptotic', got \"wilcoxon\""),
    );
  });
});
