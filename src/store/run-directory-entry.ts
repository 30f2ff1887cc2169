import { closeSync, constants, fsyncSync, lstatSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../schema/input-error';
import { RunStoreError } from './run-store-error';

/**
 * Flags for creating a file the run writes: it must not exist (`O_EXCL`, which also fails on a
 * symbolic link, dangling or not, POSIX open(2)) and is never followed through a link (`O_NOFOLLOW`).
 * A planted `runs/a/.manifest.json.tmp -> ~/.bashrc` then makes the create fail instead of writing
 * through the link outside the run directory.
 */
export const CREATE_EXCLUSIVE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/** Flags for opening an existing entry for reading without following a symbolic link (ELOOP if it is one). */
export const READ_NO_FOLLOW = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

/**
 * Refuse an entry of the run directory that is a symbolic link (or anything but a regular file):
 * verdict writes only regular files inside `--out`, and a link there (`results.jsonl -> /etc/passwd`,
 * a dangling `lock`) would make it write elsewhere. A missing entry is fine.
 *
 * @throws {InputError} `runs/a/results.jsonl: is a symbolic link; verdict writes only regular files in the run directory: remove it`
 */
export function refuseLinkedEntry(dir: string, name: string): void {
  const path = join(dir, name);
  let kind: string;
  try {
    const stats = lstatSync(path);
    if (stats.isFile()) return;
    kind = stats.isSymbolicLink() ? 'a symbolic link' : stats.isDirectory() ? 'a directory' : 'not a regular file';
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return;
    throw new RunStoreError('inspect', path, error);
  }
  throw new InputError(`is ${kind}; verdict writes only regular files in the run directory: remove it`, {
    file: path,
  });
}

/** Create `path` exclusively (see {@link CREATE_EXCLUSIVE}), write `text`, fsync and close it. */
export function writeNewFile(path: string, text: string): void {
  const fd = openSync(path, CREATE_EXCLUSIVE, 0o644);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
