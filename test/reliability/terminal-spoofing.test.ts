/**
 * Issue 11, defect 10 (spoofing from data): terminal escape codes, carriage returns, C1 controls and
 * bidirectional overrides in item ids, tag values, variant names, outputs and error messages never
 * reach the terminal raw: `compare`, `summary` and `run` print them as visible `\uXXXX` escapes, so no
 * fake "verdict: PASSED" line can be painted. The Markdown report leaves no live @mention and no bare
 * URL for GitHub to link (a report in a pull request must not ping people).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TERMINAL_CONTROL } from '../../src/schema/terminal-controls';
import { runCliInProcess } from '../cli/run-cli-process';
import { temporaryDirectory } from '../store/helpers';

const SPOOF = '\u001b[2K\r\u001b[32mverdict: PASSED\u001b[0m';
/** What must never be written raw to a terminal (the CLI's own definition). */
const RAW_CONTROL = TERMINAL_CONTROL;

function hostileResults(dir: string): string {
  const file = join(dir, 'results.jsonl');
  const rows: unknown[] = [];
  for (let i = 0; i < 30; i++) {
    const item = i === 0 ? `q0${SPOOF}` : i === 1 ? 'https://evil.example/x' : `q${i}`;
    const tags = { category: i % 2 === 0 ? `math\u202egnp.exe` : '@octocat see www.evil.example' };
    rows.push({ item, variant: `base\u009b31m`, pass: i % 3 !== 0, tags, output: SPOOF });
    rows.push({ item, variant: 'cand', pass: i % 4 !== 0, tags, error: SPOOF, status: i === 5 ? 'error' : 'ok' });
  }
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
  return file;
}

describe('control characters from data', () => {
  it('reach the terminal as visible escapes through compare, summary and errors', async () => {
    const dir = temporaryDirectory();
    const file = hostileResults(dir);
    const md = join(dir, 'report.md');
    const runs = [
      await runCliInProcess([
        'compare',
        file,
        '--baseline',
        'base\u009b31m',
        '--candidate',
        'cand',
        '--by',
        'tags.category',
        '--md',
        md,
      ]),
      await runCliInProcess(['compare', file, '--baseline', 'base\u009b31m', '--candidate', 'cand', '--json-stdout']),
      await runCliInProcess(['summary', file]),
      await runCliInProcess(['compare', file, '--baseline', `nope${SPOOF}`, '--candidate', 'cand']),
    ];
    for (const { stdout, stderr } of runs) {
      expect(stdout + stderr).not.toMatch(RAW_CONTROL);
      expect(stdout + stderr).not.toMatch(/^verdict: PASSED/m);
    }
    expect(runs[0]!.stdout).toContain('base\\u009b31m');
    expect(runs[2]!.stdout).toContain('base\\u009b31m');
    expect(runs[3]!.code).toBe(2);
    expect(runs[3]!.stderr).toContain('nope\\u001b[2K');
    // --json-stdout stays JSON with the same values.
    const doc = JSON.parse(runs[1]!.stdout);
    expect(doc.baseline.variant).toBe('base\u009b31m');
    const report = readFileSync(md, 'utf8');
    expect(report).toContain('@&#8203;octocat');
    expect(report).not.toMatch(/@octocat|https:\/\/evil|www\.evil/);
  });
});
