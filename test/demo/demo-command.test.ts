/**
 * `verdict demo` end to end, as a newcomer runs it, on 50 of the 400 items to stay quick: the run
 * directory, both reports, the simulated notice, resuming instead of starting over, and --fresh.
 */
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectableSentence, escapeHtml, keyNumbersLine, simulatedNotice, VerdictDocument } from '../../reports/index';
import { runDemo } from '../../src/demo/run-demo';
import { type ProcessResult, runCli, runCliInProcess } from '../docs/run-docs';

const directory = await mkdtemp(join(tmpdir(), 'verdict-demo-'));
afterAll(() => rm(directory, { recursive: true, force: true }));
const run = (path: string) => join(directory, 'runs/demo', path);

describe('verdict demo', () => {
  let first: ProcessResult;
  beforeAll(async () => {
    first = await runCli(['demo', '--items', '50', '--json'], directory);
  }, 60_000);

  it('runs the experiment into runs/demo/ and writes both reports', async () => {
    expect(first.exitCode, first.stderr).toBe(0);
    for (const file of ['results.jsonl', 'manifest.json', 'report.html', 'report.md']) {
      expect((await stat(run(file))).size, file).toBeGreaterThan(0);
    }
    const lines = (await readFile(run('results.jsonl'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(100); // 50 items x 2 variants
    const manifest = JSON.parse(await readFile(run('manifest.json'), 'utf8'));
    expect(manifest.status).toBe('completed');
  });

  it('prints the Verdict document with --json, marked simulated, and the summary on stderr', () => {
    const doc = VerdictDocument.parse(JSON.parse(first.stdout));
    expect(doc.simulated).toBe(true);
    expect(doc.paired.n).toBeGreaterThan(0);
    expect(first.stderr).toContain('SIMULATED');
    expect(first.stderr).toContain(simulatedNotice());
    expect(first.stderr).toContain(detectableSentence(doc.power, doc.policy.metric));
    expect(first.stderr).toContain(keyNumbersLine(doc.paired, doc.policy.metric));
    expect(first.stderr).toContain(`Report: ${join('runs/demo', 'report.html')}`);
  });

  it('says in both reports that the models are simulated', async () => {
    expect(await readFile(run('report.md'), 'utf8')).toContain(simulatedNotice());
    const html = await readFile(run('report.html'), 'utf8');
    expect(html.includes(escapeHtml(simulatedNotice())), 'report.html has the simulated notice').toBe(true);
  });

  it('resumes when run again: nothing left to run, the stored results untouched', async () => {
    const before = await readFile(run('results.jsonl'), 'utf8');
    const again = await runCli(['demo', '--items', '50'], directory);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toContain('Nothing left to run: all 100 cells were stored by an earlier run');
    expect(await readFile(run('results.jsonl'), 'utf8')).toBe(before);
  }, 60_000);

  it('starts over with --fresh, to the same results (the simulated models are deterministic)', async () => {
    const before = await readFile(run('results.jsonl'), 'utf8');
    const fresh = await runCli(['demo', '--items', '50', '--fresh'], directory);
    expect(fresh.exitCode, fresh.stderr).toBe(0);
    expect(fresh.stdout).toContain('Ran 100 of 100 cells');
    expect(outcomes(await readFile(run('results.jsonl'), 'utf8'))).toEqual(outcomes(before));
  }, 60_000);

  it('refuses a run of another --items, or of another build of verdict, saying which, and leaves it as it was', async () => {
    const copy = join(directory, 'other-build');
    await cp(join(directory, 'runs/demo'), copy, { recursive: true });
    const fewer = await runCliInProcess(['demo', '--items', '25', '--out', copy], directory);
    expect(fewer.exitCode).toBe(2);
    expect(fewer.stderr).toContain(
      'holds a demo run of other items (50 items, not 25: another --items?); start over with --fresh',
    );
    // The same items, but the simulated models' code hashed otherwise (the sources by tsx and the installed bin).
    const manifest = JSON.parse(await readFile(join(copy, 'manifest.json'), 'utf8'));
    await writeFile(join(copy, 'manifest.json'), JSON.stringify({ ...manifest, configHash: '0'.repeat(64) }));
    const results = await readFile(join(copy, 'results.jsonl'), 'utf8');
    const other = await runCliInProcess(['demo', '--items', '50', '--out', copy], directory);
    expect(other.exitCode).toBe(2);
    expect(other.stderr).toContain('holds a demo run made by another build of verdict');
    expect(other.stderr).not.toContain('other items');
    expect(await readFile(join(copy, 'results.jsonl'), 'utf8')).toBe(results);
  }, 60_000);

  it('refuses a bad --items in one line', async () => {
    const bad = await runCliInProcess(['demo', '--items', 'many'], directory);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toBe('verdict: `--items`: expected an integer from 5 to 400, got "many"\n');
  });
});

describe('runDemo', () => {
  it('resumes an interrupted run to exactly the outcomes of an uninterrupted one', async () => {
    const interruptedDir = join(directory, 'interrupted');
    const controller = new AbortController();
    const interrupted = runDemo({
      outDir: interruptedDir,
      items: 50,
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.completed >= 40) controller.abort();
      },
    });
    await expect(interrupted).rejects.toMatchObject({ name: 'AbortError' });
    const partial = (await readFile(join(interruptedDir, 'results.jsonl'), 'utf8')).trim().split('\n');
    expect(partial.length).toBeLessThan(100);

    const resumed = await runDemo({ outDir: interruptedDir, items: 50 });
    expect(resumed.run.resumed).toBe(partial.length);
    const uninterrupted = await runDemo({ outDir: join(directory, 'uninterrupted'), items: 50 });
    expect(outcomes(await readFile(resumed.files.results, 'utf8'))).toEqual(
      outcomes(await readFile(uninterrupted.files.results, 'utf8')),
    );
    expect(resumed.document.paired).toEqual(uninterrupted.document.paired);
  }, 60_000);
});

/** Each cell's outcome (status, pass, output, attempts), keyed and sorted: what must not depend on timing. */
function outcomes(jsonl: string): [string, unknown][] {
  return jsonl
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .map((r): [string, unknown] => [String(r.key), [r.status, r.pass, r.output, r.attempts]])
    .sort(([a], [b]) => a.localeCompare(b));
}
