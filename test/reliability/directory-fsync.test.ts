/**
 * Issue 11, defect 12 (no directory fsync): after the store creates or renames a file the run depends
 * on (the lock, results.jsonl, manifest.json, the run directory itself), it fsyncs the directory that
 * holds the new name, as SQLite does after creating its journal; fsync of the file alone does not make
 * its directory entry durable. Observed through the fs layer: every such link, create or rename is
 * followed by an fsync of a descriptor opened on that directory, before the run goes on.
 */
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runExperiment } from '../../src/index';
import { COMMAND, doublingExperiment, temporaryDirectory } from '../store/helpers';

/** What the store did to the file system, in order. */
const log = vi.hoisted(() => ({ events: [] as string[], fds: new Map<number, string>() }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const patched = {
    openSync: (path: string, flags?: string | number, mode?: number) => {
      const fd = fs.openSync(path, flags ?? 'r', mode);
      log.fds.set(fd, String(path));
      const creates = typeof flags === 'number' && (flags & fs.constants.O_CREAT) !== 0;
      if (creates) log.events.push(`create ${path}`);
      return fd;
    },
    fsyncSync: (fd: number) => {
      log.events.push(`fsync ${log.fds.get(fd)}`);
      return fs.fsyncSync(fd);
    },
    linkSync: (from: string, to: string) => {
      fs.linkSync(from, to);
      log.events.push(`link ${to}`);
    },
    renameSync: (from: string, to: string) => {
      fs.renameSync(from, to);
      log.events.push(`rename ${to}`);
    },
    mkdirSync: (path: string, options?: object) => {
      const first = fs.mkdirSync(path, options as never);
      if (first !== undefined) log.events.push(`mkdir ${first}`);
      return first;
    },
  };
  return { ...fs, ...patched, default: { ...fs, ...patched } };
});

describe('directory fsync', () => {
  it('fsyncs the directory after each new name the run depends on', async () => {
    const base = temporaryDirectory();
    const dir = join(base, 'runs', 'new');
    log.events.length = 0;
    await runExperiment(doublingExperiment(), { outDir: dir, command: COMMAND });
    const events = log.events;
    /** The index of the first fsync of `directory` after the event at `index`. */
    const fsyncAfter = (index: number, directory: string) => events.indexOf(`fsync ${directory}`, index + 1);
    const expectDurable = (event: string, directory: string) => {
      const at = events.indexOf(event);
      expect(at, `${event} in ${events.join('\n')}`).toBeGreaterThanOrEqual(0);
      expect(fsyncAfter(at, directory), `fsync of ${directory} after ${event}`).toBeGreaterThan(at);
    };
    expectDurable(`mkdir ${join(base, 'runs')}`, base);
    expectDurable(`mkdir ${join(base, 'runs')}`, join(base, 'runs'));
    expectDurable(`link ${join(dir, 'lock')}`, dir);
    expectDurable(`create ${join(dir, 'results.jsonl')}`, dir);
    // manifest.json is renamed into place twice (running, then completed): each rename is made durable.
    const renames = events.flatMap((e, i) => (e === `rename ${join(dir, 'manifest.json')}` ? [i] : []));
    expect(renames).toHaveLength(2);
    for (const at of renames) expect(fsyncAfter(at, dir)).toBeGreaterThan(at);
  });
});
