/**
 * `verdict compare --sequential`: every report (terminal, Markdown, HTML, JUnit, JSON) says which analysis it shows,
 * and the fixed-n analysis stays the default, saying so too.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VerdictDocument } from '../../reports/index';
import { runCliInProcess } from './run-cli-process';

let directory: string;
let timed: string;
let untimed: string;

const T0 = Date.parse('2026-01-01T00:00:00Z');

/** The candidate loses the first 8 items and wins the next 8 (then 20 ties), each pair one second after the last. */
function lines(withTime: boolean): string {
  const rows: object[] = [];
  for (let i = 0; i < 36; i++) {
    const [a, b] = i < 8 ? [true, false] : i < 16 ? [false, true] : [i % 2 === 0, i % 2 === 0];
    const finishedAt = (offset: number) =>
      withTime ? { finishedAt: new Date(T0 + i * 1000 + offset).toISOString() } : {};
    rows.push({ item: `q${i}`, variant: 'A', pass: a, ...finishedAt(0) });
    rows.push({ item: `q${i}`, variant: 'B', pass: b, ...finishedAt(500) });
  }
  return `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`;
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'verdict-compare-sequential-'));
  timed = join(directory, 'timed.jsonl');
  untimed = join(directory, 'untimed.jsonl');
  await writeFile(timed, lines(true));
  await writeFile(untimed, lines(false));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const SEQUENTIAL =
  'Analysis: sequential, anytime-valid (anytime-valid betting test and its confidence sequence, Waudby-Smith & Ramdas 2024) over the 36 pairs in the order they finished';

describe('verdict compare --sequential', () => {
  it('states the analysis in the terminal summary, Markdown, HTML, JUnit and JSON', async () => {
    const out = (name: string) => join(directory, name);
    const { code, stdout, stderr } = await runCliInProcess([
      'compare',
      timed,
      '--baseline',
      'A',
      '--candidate',
      'B',
      '--sequential',
      '--md',
      out('report.md'),
      '--html',
      out('report.html'),
      '--junit',
      out('junit.xml'),
      '--json',
      out('verdict.json'),
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(stdout).toContain(`  ${SEQUENTIAL}`);
    expect(stdout).toContain(
      'First finding: the candidate is worse (at pair 8); the fixed-n McNemar score test gives p = 1, for reference only.',
    );
    expect(await readFile(out('report.md'), 'utf8')).toContain(
      '| Analysis | sequential, anytime-valid (anytime-valid betting test and its confidence sequence',
    );
    const html = await readFile(out('report.html'), 'utf8');
    expect(html).toContain('<p class="analysis">Analysis: sequential, anytime-valid');
    expect(html).toContain('<dt>analysis</dt><dd><code>sequential</code></dd>');
    const junit = await readFile(out('junit.xml'), 'utf8');
    expect(junit).toContain('<property name="analysis" value="sequential"/>');
    expect(junit).toContain(SEQUENTIAL.replace('&', '&amp;'));
    const doc = VerdictDocument.parse(JSON.parse(await readFile(out('verdict.json'), 'utf8')));
    expect(doc.policy.analysis).toBe('sequential');
    expect(doc.paired.sequential?.decidedAt).toBe(8);
  });

  it('says so when the records carry no completion time', async () => {
    const { code, stdout } = await runCliInProcess([
      'compare',
      untimed,
      '--baseline',
      'A',
      '--candidate',
      'B',
      '--sequential',
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain(
      'over 36 pairs whose order the records do not tell (no finishedAt): only the e-values at the last pair are used, valid at this n but not if the run was stopped on seeing its results. No sequential finding yet',
    );
  });

  it('without the flag shows the fixed-n analysis and says which it is, in every report', async () => {
    const md = join(directory, 'fixed.md');
    const junit = join(directory, 'fixed.xml');
    const { code, stdout } = await runCliInProcess([
      'compare',
      timed,
      '--baseline',
      'A',
      '--candidate',
      'B',
      '--md',
      md,
      '--junit',
      junit,
    ]);
    expect(code).toBe(0);
    const fixed =
      'Analysis: fixed-n (the test and interval at the 36 paired items there are; if the run was stopped on seeing its results, use compare --sequential).';
    expect(stdout).toContain(`  ${fixed}`);
    expect(await readFile(md, 'utf8')).toContain('| Analysis | fixed-n (the test and interval at the 36 paired items');
    expect(await readFile(junit, 'utf8')).toContain('<property name="analysis" value="fixed-n"/>');
  });

  it('refuses --sequential with --cluster as a usage error (exit 2), one line', async () => {
    const { code, stderr } = await runCliInProcess([
      'compare',
      timed,
      '--baseline',
      'A',
      '--candidate',
      'B',
      '--sequential',
      '--cluster',
      'item',
    ]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'verdict: `--sequential`: the sequential analysis treats items as independent draws: it cannot be combined with --cluster item\n',
    );
  });
});
