import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/index';
import { acquireRunLock } from '../../src/store/lock';
import { COMMAND, doublingExperiment, temporaryDirectory } from './helpers';

/** The id of a process that has certainly exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid!;
}

const lockOf = (pid: number, host = hostname()) =>
  `${JSON.stringify({ pid, hostname: host, startedAt: '2026-01-01T00:00:00.000Z' })}\n`;

describe('the run lock', () => {
  it('holds pid, host and start time while held, and is gone after release', () => {
    const dir = temporaryDirectory();
    const lock = acquireRunLock(dir);
    const stored = JSON.parse(readFileSync(join(dir, 'lock'), 'utf8'));
    expect(stored).toEqual({
      pid: process.pid,
      hostname: hostname(),
      startedAt: lock.owner.startedAt,
      token: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    lock.release();
    lock.release();
    expect(existsSync(join(dir, 'lock'))).toBe(false);
  });

  it('refuses a second run on the same directory, naming the process that holds it', async () => {
    const dir = temporaryDirectory();
    const lock = acquireRunLock(dir);
    try {
      await expect(runExperiment(doublingExperiment(), { outDir: dir, resume: true })).rejects.toThrow(
        `${dir}: another verdict run (pid ${process.pid}, since ${lock.owner.startedAt}) is using this directory; wait for it, or stop it, or delete lock if that process is gone`,
      );
    } finally {
      lock.release();
    }
  });

  it('refuses a lock held on another host, which it cannot check', () => {
    const dir = temporaryDirectory();
    writeFileSync(join(dir, 'lock'), lockOf(deadPid(), 'elsewhere'));
    expect(() => acquireRunLock(dir)).toThrow(
      /another verdict run \(pid \d+ on host "elsewhere", since 2026-01-01T00:00:00.000Z\)/,
    );
  });

  it('takes over a stale lock left by a dead process, and a run proceeds', async () => {
    const dir = temporaryDirectory();
    writeFileSync(join(dir, 'lock'), lockOf(deadPid()));
    const summary = await runExperiment(doublingExperiment(), { outDir: dir, resume: true, command: COMMAND });
    expect(summary.status).toBe('completed');
    expect(existsSync(join(dir, 'lock'))).toBe(false);
  });

  it('does not remove a lock that another process took over meanwhile', () => {
    const dir = temporaryDirectory();
    const lock = acquireRunLock(dir);
    writeFileSync(join(dir, 'lock'), lockOf(1));
    lock.release();
    expect(existsSync(join(dir, 'lock'))).toBe(true);
  });
});
