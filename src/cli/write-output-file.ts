import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InputError } from '../schema/input-error';

/**
 * Write a report file atomically: to a temporary file beside it, then renamed over it (atomic on
 * POSIX), so that a CI job never picks up half a report. Creates the directory if needed. The contents may come in
 * pieces (a report written as it is rendered); an error while rendering one leaves no file and is thrown as it is.
 *
 * @throws {InputError} naming the file when it cannot be written
 */
export async function writeOutputFile(path: string, contents: string | Iterable<string | Uint8Array>): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temporary, contents, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    if (typeof contents !== 'string' && typeof (error as NodeJS.ErrnoException).code !== 'string') throw error;
    throw new InputError(`cannot write the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, {
      file: path,
    });
  }
}
