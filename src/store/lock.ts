import { createHash, randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../schema/input-error';
import { fsyncDirectory } from './fsync-directory';
import { READ_NO_FOLLOW, refuseLinkedEntry, writeNewFile } from './run-directory-entry';
import { onDisk } from './run-store-error';

export const LOCK_FILE = 'lock';

/** Hidden files of the lock protocol start with this: `.lock.<token>.tmp` and `.lock.claim.<id>.<n>`. */
export const LOCK_FILE_PREFIX = `.${LOCK_FILE}.`;

const CLAIM_PREFIX = `${LOCK_FILE_PREFIX}claim.`;

/** Rounds of looking at the lock before giving up on a takeover that another live process keeps claiming. */
const MAX_ROUNDS = 2000;

/** What the lock file holds: who holds the run directory, since when, and a token unique to this hold. */
export interface LockOwner {
  readonly pid: number;
  readonly hostname: string;
  readonly startedAt: string;
  /** 128 random bits: tells this hold from any other, even by the same pid. */
  readonly token: string;
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

/** A lock or claim file as read: its exact text (whose hash identifies it) and its owner when it parses. */
interface LockFileContents {
  readonly text: string;
  readonly owner: Omit<LockOwner, 'token'> | undefined;
}

/** Read a lock or claim file without following a link; undefined when it is gone. */
function readLockFile(file: string): LockFileContents | undefined {
  let text: string;
  try {
    const fd = openSync(file, READ_NO_FOLLOW);
    try {
      text = readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    return onDisk('read', file, () => {
      throw error;
    });
  }
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (typeof value.pid === 'number' && typeof value.hostname === 'string')
      return { text, owner: { pid: value.pid, hostname: value.hostname, startedAt: String(value.startedAt) } };
  } catch {
    // Not a verdict lock (edited by hand, an older tool): it is taken over like a stale one.
  }
  return { text, owner: undefined };
}

/** A lock file's identity: the hash of its exact text, which holds a random token (or, in an old lock, a start time). */
const identityOf = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 32);

/** Whether an owner still counts as holding: alive on this host, or on another host (which cannot be checked). */
const stillHeld = (owner: Omit<LockOwner, 'token'> | undefined, host: string): boolean =>
  owner !== undefined && (owner.hostname !== host || processIsAlive(owner.pid));

/** Hard-link `from` to `to`; false when `to` exists (the `O_EXCL` guarantee of link(2)). */
function linkExclusive(from: string, to: string, label: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'EEXIST') return false;
    return onDisk('create', label, () => {
      throw error;
    });
  }
}

/** Sleep the thread for `ms` (the lock is taken synchronously, before the run has an event loop to share). */
const pause = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/**
 * Take the run directory's lock: a file `lock` holding `{ pid, hostname, startedAt, token }`, written
 * in full (and fsynced) to a temporary file first, so that it is never seen half-written.
 *
 * - No lock: the temporary file is hard-linked to `lock`, which fails if `lock` exists (link(2) has
 *   the `O_EXCL` guarantee, as proper-lockfile and git's index.lock rely on). Of any number of
 *   processes, exactly one succeeds.
 * - A lock held by a live process is refused, naming it; one from another host cannot be checked and is
 *   refused too.
 * - A stale lock (its process on this host is dead: kill -9, a crash) is taken over atomically. Deleting
 *   it and linking anew is a race: of two processes that both saw it stale, the second deletes the lock
 *   the first has just taken, and both hold it. Instead a process first claims *that* stale lock, by
 *   creating `.lock.claim.<its hash>.<n>` exclusively, where `n` is one more than the highest claim on
 *   it, and only when that claim's process is dead (so a claimant killed mid-takeover does not block
 *   the directory for ever). The one live claimant checks that `lock` is still the stale one and
 *   renames its temporary file over it (rename(2) replaces atomically: `lock` never goes missing, so no
 *   one can link in meanwhile). Everyone else looks again and finds a live holder.
 * - Claims of locks that are no longer `lock` are garbage; the new holder removes them.
 *
 * The directory is fsynced after the lock is in place (see fsyncDirectory).
 *
 * @throws {InputError} `runs/a: another verdict run (pid 4242 on host "ci-7", since ...) is using this directory`,
 *   or naming `lock` when it is a symbolic link; {RunStoreError} on a disk error, naming `lock`.
 */
export function acquireRunLock(dir: string, { label = dir }: { readonly label?: string } = {}): RunLock {
  const file = join(dir, LOCK_FILE);
  refuseLinkedEntry(dir, LOCK_FILE);
  const owner: LockOwner = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
    token: randomBytes(16).toString('hex'),
  };
  const text = `${JSON.stringify(owner)}\n`;
  const temporary = join(dir, `${LOCK_FILE_PREFIX}${owner.token}.tmp`);
  // A failure names the lock file the user knows of, not the temporary one (`cannot write runs/a/lock: ...`).
  onDisk('write', file, () => writeNewFile(temporary, text));
  try {
    for (let round = 0; ; round++) {
      if (linkExclusive(temporary, file, file)) break;
      const current = readLockFile(file);
      if (current === undefined) continue; // released meanwhile: try again
      if (stillHeld(current.owner, owner.hostname)) throw heldBy(current.owner!, owner.hostname, label);
      const stale = identityOf(current.text);
      const claim = claimTakeover(dir, stale, temporary, owner.hostname);
      if (claim !== undefined) {
        // The one live claim on this stale lock is ours: replace it, if it is still the one we judged.
        if (identityOf(readLockFile(file)?.text ?? '') === stale) {
          onDisk('create', file, () => renameSync(temporary, file));
          break;
        }
        rmSync(claim, { force: true });
      } else if (round >= MAX_ROUNDS) {
        throw new InputError(
          `another verdict process keeps taking over the stale ${LOCK_FILE} of this directory; try again, or delete ${LOCK_FILE} and its ${CLAIM_PREFIX}* files if no verdict run is using it`,
          { file: label },
        );
      } else pause(1 + (round % 4));
    }
  } finally {
    rmSync(temporary, { force: true });
  }
  fsyncDirectory(dir);
  removeOldClaims(dir, identityOf(text));
  let released = false;
  return {
    owner,
    release: () => {
      if (released) return;
      released = true;
      if (readLockFile(file)?.text !== text) return; // not ours any more: leave it
      try {
        unlinkSync(file);
      } catch {
        // Already gone: nothing to release.
      }
    },
  };
}

/**
 * Claim the takeover of the stale lock whose identity is `stale`: link `temporary` to the next claim
 * number, unless the highest claim belongs to a live process. Returns the claim's path, or undefined
 * when another live process holds the claim (the caller looks at the lock again).
 */
function claimTakeover(dir: string, stale: string, temporary: string, host: string): string | undefined {
  const prefix = `${CLAIM_PREFIX}${stale}.`;
  for (;;) {
    let highest = 0;
    for (const entry of onDisk('list', dir, () => readdirSync(dir))) {
      if (!entry.startsWith(prefix)) continue;
      const n = Number(entry.slice(prefix.length));
      if (Number.isSafeInteger(n) && n > highest) highest = n;
    }
    if (highest > 0) {
      const claimant = readLockFile(join(dir, `${prefix}${highest}`));
      if (claimant === undefined) continue; // removed meanwhile: look again
      if (stillHeld(claimant.owner, host)) return undefined;
    }
    const claim = join(dir, `${prefix}${highest + 1}`);
    if (linkExclusive(temporary, claim, join(dir, LOCK_FILE))) return claim;
  }
}

/** Remove claims on locks other than `own`: those locks are gone, so their claims can decide nothing. */
function removeOldClaims(dir: string, own: string): void {
  for (const entry of readdirSync(dir)) {
    if (entry.startsWith(CLAIM_PREFIX) && !entry.startsWith(`${CLAIM_PREFIX}${own}.`))
      rmSync(join(dir, entry), { force: true });
  }
}

function heldBy(holder: Omit<LockOwner, 'token'>, host: string, label: string): InputError {
  const where = holder.hostname === host ? '' : ` on host ${JSON.stringify(holder.hostname)}`;
  return new InputError(
    `another verdict run (pid ${holder.pid}${where}, since ${holder.startedAt}) is using this directory; wait for it, or stop it, or delete ${LOCK_FILE} if that process is gone`,
    { file: label },
  );
}
