import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../schema/input-error';
import { inputErrorFromZod } from '../schema/input-error-from-zod';
import { RunManifest } from '../schema/run-manifest';
import { fsyncDirectory } from './fsync-directory';
import { writeNewFile } from './run-directory-entry';
import { onDisk } from './run-store-error';

export const MANIFEST_FILE = 'manifest.json';

/**
 * Write manifest.json atomically: to a new temporary file in the same directory (created exclusively,
 * with a random name, so that a planted symbolic link is never written through), fsynced, then renamed
 * over the old one (rename is atomic on POSIX), and the directory fsynced so that the rename itself
 * survives a power cut. A reader or a crash sees the old or the new manifest, never half of one.
 *
 * @throws {RunStoreError} naming the file on a disk error.
 */
export function writeManifest(dir: string, manifest: RunManifest): void {
  const file = join(dir, MANIFEST_FILE);
  const temporary = join(dir, `.${MANIFEST_FILE}.${randomBytes(6).toString('hex')}.tmp`);
  onDisk('write', file, () => {
    try {
      writeNewFile(temporary, `${JSON.stringify(manifest, null, 2)}\n`);
      renameSync(temporary, file);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
    fsyncDirectory(dir);
  });
}

/**
 * Read manifest.json, or undefined when there is none.
 *
 * @throws {InputError} when it is not a verdict manifest, naming the file and the field.
 */
export function readManifest(
  dir: string,
  { label = join(dir, MANIFEST_FILE) }: { readonly label?: string } = {},
): RunManifest | undefined {
  const file = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    return onDisk('read', file, () => {
      throw error;
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`invalid JSON (${(error as Error).message})`, { file: label });
  }
  const parsed = RunManifest.safeParse(value);
  if (!parsed.success) throw inputErrorFromZod(parsed.error, value, { file: label });
  return parsed.data;
}
