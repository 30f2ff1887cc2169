/**
 * Issue 11, defect 6 (writes outside `--out` through symlinks): symbolic links planted in the run
 * directory, pointing outside it (to a file that exists, or dangling), for results.jsonl, lock and
 * manifest.json, and at the temporary names the store used to write (`.lock.<pid>.tmp`,
 * `.manifest.json.<pid>.tmp`). The store refuses an entry that is a link, naming it, and never writes
 * through one: the files outside are unchanged, and no file appears where a dangling link points.
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/index';
import { COMMAND, doublingExperiment, temporaryDirectory } from '../store/helpers';

const ORIGINAL = 'precious\n';

/** A run directory and, beside it, a file outside it that must stay as it is. */
function setUp(): { dir: string; outside: string; dangling: string } {
  const base = temporaryDirectory();
  const dir = join(base, 'run');
  mkdirSync(dir);
  const outside = join(base, 'outside.txt');
  writeFileSync(outside, ORIGINAL);
  return { dir, outside, dangling: join(base, 'created-through-a-link') };
}

const run = (dir: string, resume: boolean) =>
  runExperiment(doublingExperiment(), { outDir: dir, resume, command: COMMAND, onWarning: () => {} });

describe('symbolic links in the run directory', () => {
  for (const entry of ['results.jsonl', 'lock', 'manifest.json']) {
    for (const kind of ['to a file outside', 'dangling'] as const) {
      it(`refuses ${entry} as a link ${kind}, naming it, and writes nothing through it`, async () => {
        const { dir, outside, dangling } = setUp();
        symlinkSync(kind === 'dangling' ? dangling : outside, join(dir, entry));
        await expect(run(dir, true)).rejects.toThrow(
          `${join(dir, entry)}: is a symbolic link; verdict writes only regular files in the run directory: remove it`,
        );
        expect(readFileSync(outside, 'utf8')).toBe(ORIGINAL);
        expect(existsSync(dangling)).toBe(false);
      });
    }
  }

  it('never writes through a link planted at a temporary name', async () => {
    const { dir, outside, dangling } = setUp();
    for (const name of [`.lock.${process.pid}.tmp`, `.manifest.json.${process.pid}.tmp`])
      symlinkSync(outside, join(dir, name));
    symlinkSync(dangling, join(dir, '.results.jsonl.tmp'));
    const summary = await run(dir, true);
    expect(summary.status).toBe('completed');
    expect(readFileSync(outside, 'utf8')).toBe(ORIGINAL);
    expect(existsSync(dangling)).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).status).toBe('completed');
  });
});
