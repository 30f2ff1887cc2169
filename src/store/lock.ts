import { linkSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../schema/input-error';
import { onDisk } from './run-store-error';

export const LOCK_FILE = 'lock';

/** What the lock file holds: who holds the run directory, and since when. */
export interface LockOwner {
  readonly pid: number;
  readonly hostname: string;
  readonly startedAt: string;
}

/** A held lock; `release` removes it (only if it is still ours) and may be called more than once. */
export interface RunLock {
  readonly owner: LockOwner;
  readonly release: () => void;
}

/** Whether a process with this id exists on this machine (EPERM: it exists, and is someone else's). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    if (typeof value.pid === 'number' && typeof value.hostname === 'string')
      return { pid: value.pid, hostname: value.hostname, startedAt: String(value.startedAt) };
  } catch {
    // Unreadable or vanished: the caller retries or treats it as stale.
  }
  return undefined;
}

/**
 * Take the run directory's lock: a file `lock` holding `{ pid, hostname, startedAt }`. It is written
 * in full to a temporary file and then hard-linked into place, which fails if `lock` exists (the
 * `O_EXCL` guarantee, as proper-lockfile and git's index.lock rely on, but never visible half-written).
 * A lock held by a live process is refused, naming it; one left by a dead process on this host (kill -9,
 * a crash) is taken over. A lock from another host cannot be checked and is refused.
 *
 * @throws {InputError} `runs/a: another verdict run (pid 4242 on host "ci-7", since ...) is using this directory`.
 */
export function acquireRunLock(dir: string, { label = dir }: { readonly label?: string } = {}): RunLock {
  const file = join(dir, LOCK_FILE);
  const owner: LockOwner = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() };
  const temporary = join(dir, `.${LOCK_FILE}.${process.pid}.tmp`);
  // A failure names the lock file the user knows of, not the temporary one (`cannot write runs/a/lock: ...`).
  onDisk('write', file, () => writeFileSync(temporary, `${JSON.stringify(owner)}\n`, { mode: 0o644 }));
  try {
    for (let tries = 0; ; tries++) {
      try {
        linkSync(temporary, file);
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== 'EEXIST' || tries >= 3)
          return onDisk('create', file, () => {
            throw error;
          });
      }
      const holder = readOwner(file);
      if (holder !== undefined && (holder.hostname !== owner.hostname || processIsAlive(holder.pid))) {
        const where = holder.hostname === owner.hostname ? '' : ` on host ${JSON.stringify(holder.hostname)}`;
        throw new InputError(
          `another verdict run (pid ${holder.pid}${where}, since ${holder.startedAt}) is using this directory; wait for it, or stop it, or delete ${LOCK_FILE} if that process is gone`,
          { file: label },
        );
      }
      // Stale (its process is dead) or unreadable: take it over.
      rmSync(file, { force: true });
    }
  } finally {
    rmSync(temporary, { force: true });
  }
  let released = false;
  return {
    owner,
    release: () => {
      if (released) return;
      released = true;
      const holder = readOwner(file);
      if (holder?.pid === owner.pid && holder.startedAt === owner.startedAt) {
        try {
          unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      }
    },
  };
}
