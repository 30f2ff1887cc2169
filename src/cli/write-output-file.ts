import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readlink, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { InputError } from '../schema/input-error';

/** Links followed before a path is taken as a loop (Linux's own limit for a path lookup, MAXSYMLINKS). */
const MAX_LINKS = 40;

/**
 * Write a report file atomically: to a temporary file beside it, then renamed over it (atomic on
 * POSIX), so that a CI job never picks up half a report. Creates the directory if needed. The contents may come in
 * pieces (a report written as it is rendered); an error while rendering one leaves no file and is thrown as it is.
 *
 * What the path names is kept, as `write-file-atomic` (npm's own) keeps it: a symbolic link is followed and the file
 * it points at replaced, not the link; a path that is not a regular file (`/dev/null`, `/dev/stdout`, a named pipe)
 * is written into as it is. A rename over it would replace the device or the link with a regular file: `--junit
 * /dev/null` run as root (as CI runs) replaced the machine's `/dev/null`.
 *
 * @throws {InputError} naming the file when it cannot be written
 */
export async function writeOutputFile(path: string, contents: string | Iterable<string | Uint8Array>): Promise<void> {
  let target: OutputTarget;
  try {
    target = await outputTarget(path);
  } catch (error) {
    throw cannotWrite(path, error);
  }
  if (target.into) {
    try {
      await writeFile(target.path, contents, 'utf8');
    } catch (error) {
      if (typeof contents !== 'string' && typeof (error as NodeJS.ErrnoException).code !== 'string') throw error;
      throw cannotWrite(path, error);
    }
    return;
  }
  const temporary = `${target.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(dirname(target.path), { recursive: true });
    await writeFile(temporary, contents, 'utf8');
    await rename(temporary, target.path);
  } catch (error) {
    await rm(temporary, { force: true });
    if (typeof contents !== 'string' && typeof (error as NodeJS.ErrnoException).code !== 'string') throw error;
    throw cannotWrite(path, error);
  }
}

interface OutputTarget {
  /** The file to replace, or to write into. */
  readonly path: string;
  /** Write into `path` as it is (it is not a regular file) rather than rename a finished file over it. */
  readonly into: boolean;
}

/** Where a report named `path` goes: the regular file it is or links to, or the device, pipe or socket it names. */
async function outputTarget(path: string): Promise<OutputTarget> {
  const named = await stat(path).catch(absent);
  if (named !== undefined) return named.isFile() ? { path: await realpath(path), into: false } : { path, into: true };
  // Nothing there yet, or a link to nothing yet: the file is created where the last link points.
  let at = path;
  for (let links = 0; links < MAX_LINKS; links++) {
    const entry = await lstat(at).catch(absent);
    if (entry === undefined || !entry.isSymbolicLink()) return { path: at, into: false };
    at = resolve(dirname(at), await readlink(at));
  }
  throw Object.assign(new Error('too many symbolic links'), { code: 'ELOOP' });
}

/** `undefined` for a path that does not exist; any other failure is thrown. */
function absent(error: unknown): undefined {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
  throw error;
}

function cannotWrite(path: string, error: unknown): InputError {
  return new InputError(`cannot write the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, {
    file: path,
  });
}
