import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { cannotReadFile, InputError } from '../schema/input-error';
import { inspectEval } from './inspect-eval';
import { inspectJson } from './inspect-json';
import { probeInput } from './probe-input';
import { FORMATS } from './registry';

/** Options of {@link expandInspectLogDirectories}. */
export interface ExpandLogDirectoriesOptions {
  /** Told which logs a directory stands for, and which of its files were not read. */
  readonly onNote: (message: string) => void;
  readonly signal?: AbortSignal | undefined;
}

/**
 * The inputs with each inspect_ai log directory (`verdict compare logs/`, the folder `inspect eval` writes to) replaced
 * by its logs: the `.eval` files and the `.json` files that are inspect_ai logs (EvalLog) directly in it, in name order.
 * Each log is then an input of its own, exactly as `verdict compare logs/*.eval` reads them: the variant is the log's
 * model, and two logs of one model on shared items are told apart by run id, else file name (nameVariants). A
 * directory another format claims (a verdict run directory, HELM, SWE-bench) or holding no log stays as given (the
 * format detection then reads or refuses it). Other files in it (inspect's `logs.json` listing, notes) are named in
 * a note, not read (a `.json` that is no regular file, such as a pipe or a dangling link, with why); sub-directories
 * are not looked into.
 *
 * @throws {InputError} naming the file for a `.eval` file that is not an inspect_ai log (not a zip, or a zip
 *   without header.json), or a log that cannot be read
 */
export async function expandInspectLogDirectories(
  paths: readonly string[],
  { onNote, signal }: ExpandLogDirectoriesOptions,
): Promise<string[]> {
  const expanded: string[] = [];
  for (const path of paths) {
    signal?.throwIfAborted();
    const probe = await probeInput(path);
    if (probe.kind !== 'directory' || FORMATS.some((format) => format.detect(probe) !== 'no')) {
      expanded.push(path);
      continue;
    }
    const logs: string[] = [];
    const skipped: string[] = [];
    for (const name of probe.directoryEntries ?? []) {
      if (name.endsWith('/')) continue;
      const file = join(path, name);
      const lower = name.toLowerCase();
      if (lower.endsWith('.eval')) {
        const detection = inspectEval.detect(await probeInput(file));
        if (detection !== 'yes') {
          const why = detection === 'no' ? 'not a zip archive with header.json' : detection.broken;
          throw new InputError(`not an inspect_ai .eval log: ${why}`, { file });
        }
        logs.push(file);
      } else if (lower.endsWith('.json')) {
        const notAFile = await notARegularFile(file);
        if (notAFile !== null) skipped.push(`${name} [${notAFile}]`);
        else if (inspectJson.detect(await probeInput(file)) !== 'no') logs.push(file);
        else skipped.push(name);
      } else skipped.push(name);
    }
    if (logs.length === 0) {
      expanded.push(path);
      continue;
    }
    onNote(
      `${path}: an inspect_ai log directory; read its ${logs.length} log${logs.length === 1 ? '' : 's'}` +
        (skipped.length > 0
          ? `, not ${skipped.length} other file${skipped.length === 1 ? '' : 's'} (${skipped.join(', ')})`
          : ''),
    );
    expanded.push(...logs);
  }
  return expanded;
}

/**
 * Why a directory's `.json` entry is no file inspect_ai wrote: a dangling or looping link, a pipe, a device, a
 * socket; null for a regular file. Named among the files not read rather than refusing the directory's logs for
 * it; a regular file that cannot be read (no permission, an I/O error) is refused by the probe, naming it: its
 * log, if it is one, must not be left out of the comparison without a word.
 */
async function notARegularFile(file: string): Promise<string | null> {
  try {
    return (await stat(file)).isFile() ? null : 'not a regular file';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'a link to nothing';
    if (code === 'ELOOP') return 'a link that loops';
    throw cannotReadFile(file, error);
  }
}
