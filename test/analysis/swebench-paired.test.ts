import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compare, loadResults } from '../../src/index';

// Real per-item outcomes, read from ../shared (never copied): SWE-bench Verified, bash-only board.
const FILE = '../shared/datasets/swebench_verified_bash_only.jsonl';
const BASELINE = 'Claude 4 Sonnet (20250514)';
const CANDIDATE = 'Claude 4.5 Sonnet (20250929)';

/** The paired table straight from the file, with no verdict code: a plain loop over JSON lines. */
function tableFromFile(): { n11: number; n10: number; n01: number; n00: number } {
  const byItem = new Map<string, { a?: boolean; b?: boolean }>();
  for (const line of readFileSync(FILE, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const row = JSON.parse(line) as { item: string; variant: string; pass: boolean };
    if (row.variant !== BASELINE && row.variant !== CANDIDATE) continue;
    const entry = byItem.get(row.item) ?? {};
    entry[row.variant === BASELINE ? 'a' : 'b'] = row.pass;
    byItem.set(row.item, entry);
  }
  const table = { n11: 0, n10: 0, n01: 0, n00: 0 };
  for (const { a, b } of byItem.values()) {
    const cell = `n${a ? 1 : 0}${b ? 1 : 0}` as keyof typeof table;
    table[cell]++;
  }
  return table;
}

/** R binom.test(min(b, c), b + c)$p.value in exact rationals: 2 sum_{i <= min} C(m, i) / 2^m, as a double. */
function exactMcNemarP(b: number, c: number): number {
  const m = BigInt(b + c);
  const low = BigInt(Math.min(b, c));
  let binomial = 1n;
  let sum = 0n;
  for (let i = 0n; i <= low; i++) {
    sum += binomial;
    binomial = (binomial * (m - i)) / (i + 1n);
  }
  const scale = 10n ** 30n;
  const p = (2n * sum * scale) / 2n ** m; // 30 decimal digits, then to a double
  return Math.min(1, Number(p) / Number(scale));
}

/**
 * R mcnemar.test(correct = TRUE): X2 = (|b - c| - 1)^2 / (b + c), p = P[chi2_1 > X2] = erfc(sqrt(X2 / 2)).
 * erfc by its continued fraction (Abramowitz & Stegun 7.1.14), evaluated from the tail, exact to about
 * 1e-15 relative for z > 2.
 */
function asymptoticMcNemarP(b: number, c: number): { statistic: number; pValue: number } {
  const statistic = (Math.abs(b - c) - 1) ** 2 / (b + c);
  const z = Math.sqrt(statistic / 2);
  let tail = z;
  for (let k = 400; k >= 1; k--) tail = z + k / 2 / tail;
  return { statistic, pValue: Math.exp(-z * z) / Math.sqrt(Math.PI) / tail };
}

describe(`${CANDIDATE} against ${BASELINE} on SWE-bench Verified (bash only)`, async () => {
  const results = await loadResults([FILE]);
  const options = { baseline: BASELINE, candidates: [CANDIDATE] };
  const table = tableFromFile();

  it('gives the paired table counted straight from the file', () => {
    const doc = compare(results, {}, options);
    expect(table).toEqual({ n11: 299, n10: 25, n01: 54, n00: 122 });
    expect(doc.paired).toMatchObject({ ...table, n: 500, design: 'binary' });
    expect(doc.excluded.total).toBe(0);
  });

  it('gives the exact McNemar p-value of R binom.test(25, 79)', () => {
    const want = exactMcNemarP(table.n10, table.n01);
    const got = compare(results, { test: 'exact' }, options).paired.test.pValue;
    // scipy.stats.binomtest(25, 79).pvalue = 0.0014660719473423367 agrees to 1e-15.
    expect(Math.abs(got - want) / want, `got ${got}, want ${want}`).toBeLessThan(1e-12);
  });

  it('gives the asymptotic McNemar statistic and p-value of R mcnemar.test', () => {
    const want = asymptoticMcNemarP(table.n10, table.n01);
    const { test } = compare(results, { test: 'asymptotic' }, options).paired;
    expect(test.statistic).toBeCloseTo(want.statistic, 12);
    expect(test.df).toBe(1);
    // mpmath erfc(sqrt(784/158)) at 40 digits = 0.0016313296984684718...
    expect(Math.abs(test.pValue - want.pValue) / want.pValue, `got ${test.pValue}, want ${want.pValue}`).toBeLessThan(
      1e-12,
    );
  });

  it('decides: the candidate improved, significantly', () => {
    const doc = compare(results, {}, options);
    expect(doc.verdict).toBe('improved');
    expect(doc.paired.difference.estimate).toBeCloseTo((54 - 25) / 500, 15);
  });
});
