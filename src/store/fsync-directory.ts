import { closeSync, constants, fsyncSync, openSync } from 'node:fs';
import { RunStoreError } from './run-store-error';

/**
 * fsync a directory, so that the names created, renamed or removed in it since survive a power cut.
 * fsync of a file makes its contents durable, not its directory entry: a file created and fsynced can
 * still be missing after a crash until its directory is fsynced too (fsync(2): "Calling fsync() does
 * not necessarily ensure that the entry in the directory containing the file has also reached disk.
 * For that an explicit fsync() on a file descriptor for the directory is also needed"). SQLite does
 * this after creating its journal (unixSync, SQLITE_DISABLE_DIRSYNC), as does every durable store.
 *
 * Platforms that cannot open a directory for fsync (Windows: EISDIR/EPERM) or whose file system does
 * not support it (EINVAL) are skipped: there the OS gives no stronger promise to keep.
 *
 * @throws {RunStoreError} naming the directory on any other error (EIO).
 */
export function fsyncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, constants.O_RDONLY | (constants.O_DIRECTORY ?? 0));
  } catch (error) {
    if (UNSUPPORTED.has((error as { code?: string }).code ?? '')) return;
    throw new RunStoreError('open', dir, error);
  }
  try {
    fsyncSync(fd);
  } catch (error) {
    if (!UNSUPPORTED.has((error as { code?: string }).code ?? '')) throw new RunStoreError('sync', dir, error);
  } finally {
    closeSync(fd);
  }
}

const UNSUPPORTED = new Set(['EISDIR', 'EPERM', 'EINVAL', 'ENOTSUP', 'EBADF']);
