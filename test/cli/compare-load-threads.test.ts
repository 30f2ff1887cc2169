import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../helpers/seeded-random';
import { runCli } from './run-cli-process';

/**
 * `count` items under A and B with a category each, B a little worse, some lines the full parser reads (an escaped
 * item, a judge object) and blank lines: a file the two threads cut in the middle.
 */
function pairedLines(count: number, seed: number): string[] {
  const next = seededRandom(seed);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const item = next() < 0.02 ? `quote"${i}` : `item-${i}`;
    const category = `c${Math.floor(next() * 3)}`;
    const a = next() < 0.7;
    const b = next() < (a ? 0.85 : 0.2);
    lines.push(
      JSON.stringify({ item, variant: 'A', pass: a, tags: { category }, latencyMs: Math.floor(next() * 900) }),
    );
    const judge = next() < 0.05 ? { judge: { verdict: 'pass', cached: false } } : {};
    lines.push(JSON.stringify({ item, variant: 'B', pass: b, tags: { category }, ...judge }));
    if (next() < 0.01) lines.push('');
  }
  return lines;
}

/** `compare --by tags.category --json` of `contents` on `threads` threads: exit code, output and the JSON's bytes. */
async function compareOn(contents: string, threads: number) {
  const dir = await mkdtemp(join(tmpdir(), 'verdict-load-threads-'));
  const file = join(dir, 'results.jsonl');
  await writeFile(file, contents);
  const json = join(dir, 'out.json');
  const args = ['compare', file, '--baseline', 'A', '--candidate', 'B', '--by', 'tags.category', '--json', json];
  const { code, stdout, stderr } = await runCli(args, { VERDICT_LOAD_THREADS: String(threads) });
  const report = await readFile(json).catch(() => undefined);
  // The file's directory and the report's creation time differ between the two runs: named alike, so the rest must
  // match byte for byte.
  const same = (text: string) => text.replaceAll(dir, 'DIR').replace(/"createdAt": "[^"]*"/, '"createdAt": "TIME"');
  return { code, stdout: same(stdout), stderr: same(stderr), report: report && same(report.toString('utf8')) };
}

describe('compare on two threads (VERDICT_LOAD_THREADS)', () => {
  it('writes the JSON report byte for byte as one thread does, with the same torn-line warning', async () => {
    const contents = `${pairedLines(3000, 21).join('\n')}\n{"item":"torn","variant":"A","pa`;
    const one = await compareOn(contents, 1);
    expect(one.code).not.toBe(2);
    expect(one.stderr).toMatch(/results\.jsonl:\d+: skipped a torn last line/);
    expect(one.report).toContain('"tags.category"');
    expect(await compareOn(contents, 2)).toEqual(one);
  });

  it('names the first bad line of the file, in the later range, as one thread does', async () => {
    const lines = pairedLines(3000, 22);
    lines[4500] = '{"item":"bad","variant":"A","pass":"yes"}';
    lines[5200] = '{"item":"bad-too","variant":"B","pass":true,"n":-1}';
    const one = await compareOn(`${lines.join('\n')}\n`, 1);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/results\.jsonl:4501: `pass`: /);
    expect(one.stderr).toMatch(/results\.jsonl:5201: /);
    expect(await compareOn(`${lines.join('\n')}\n`, 2)).toEqual(one);
  });
});
