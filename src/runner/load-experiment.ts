import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ExperimentFileSchema } from '../schema/experiment';
import type { Experiment, ExperimentItem, TargetDefinition } from '../schema/experiment-definition';
import { InputError } from '../schema/input-error';
import { formatPath, type IssuePath, inputErrorFromZod } from '../schema/input-error-from-zod';
import { parseLocated } from '../schema/parse-located';
import { PROTOTYPE_KEY_PROBLEM, prototypeKeyPath } from '../schema/prototype-key';
import { experimentModuleDefault } from './experiment-module';
import { thrownText } from './import-module';
import { loadItems } from './load-items';
import { validateItems } from './validate-items';

/** Experiment file formats, by extension. */
export const EXPERIMENT_FILE_EXTENSIONS = [
  '.ts',
  '.mts',
  '.cts',
  '.js',
  '.mjs',
  '.cjs',
  '.json',
  '.yaml',
  '.yml',
] as const;

/**
 * Load an experiment file: a TS/JS module whose default export is the experiment (a plain object;
 * a file with no imports works), or a JSON/YAML file. The file is validated strictly
 * (src/schema/experiment.ts); `items: { path }` is read relative to the experiment's directory
 * (JSONL, CSV, JSON, YAML) and may leave that directory only when written `{ path, allowOutside: true }`;
 * a command target runs in the experiment's directory unless its `cwd` says otherwise (relative to it);
 * a built-in `score` config stays data (the runner builds its scorer; the config hash sees it).
 *
 * @param file the experiment file, as the user wrote it (relative to the current directory)
 * @throws {InputError} naming the file, the line (JSON/YAML, item files) and the field of the first problem.
 * @example const experiment = await loadExperiment('experiments/qa.yaml'); await runExperiment(experiment, { outDir })
 */
export async function loadExperiment(file: string): Promise<Experiment> {
  const extension = extname(file).toLowerCase();
  if (!(EXPERIMENT_FILE_EXTENSIONS as readonly string[]).includes(extension)) {
    throw new InputError(
      `unknown experiment file format ${JSON.stringify(extension)}; expected one of ${EXPERIMENT_FILE_EXTENSIONS.join(', ')}`,
      {
        file,
      },
    );
  }
  const absolute = resolve(file);
  const { value, lineOf } = await readDefinition(absolute, file, extension);
  let parsed: ReturnType<typeof ExperimentFileSchema.safeParse>;
  try {
    const named = prototypeKeyPath(value);
    if (named !== undefined)
      throw new InputError(PROTOTYPE_KEY_PROBLEM, { file, line: lineOf?.(named), field: formatPath(named) });
    parsed = ExperimentFileSchema.safeParse(value);
  } catch (error) {
    if (error instanceof InputError) throw error;
    // A module's object may have getters, or be a Proxy, that throw when read.
    throw new InputError(`reading the experiment failed: ${thrownText(error)}`, { file });
  }
  if (!parsed.success) throw inputErrorFromZod(parsed.error, value, { file, lineOf });
  const definition = parsed.data;
  const directory = dirname(absolute);

  let items: ExperimentItem[];
  if (Array.isArray(definition.items)) {
    items = validateItems(
      definition.items.map((item, index) => ({ value: item, path: ['items', index] })),
      { file, lineOf },
    );
  } else {
    const { path, allowOutside = false } = definition.items;
    const itemsFile = await resolveItemsPath(directory, path, {
      allowOutside,
      file,
      line: lineOf?.(['items', 'path']),
    });
    items = await loadItems(itemsFile, relative(process.cwd(), itemsFile) || itemsFile);
  }

  // A command target runs in the experiment's directory, the judge's as a variant's.
  const inDirectory = <T extends TargetDefinition>(target: T): T =>
    typeof target !== 'function' && target.type === 'command'
      ? { ...target, cwd: resolve(directory, target.cwd ?? '.') }
      : target;
  const variants = Object.fromEntries(
    Object.entries(definition.variants).map(([name, target]): [string, TargetDefinition] => [
      name,
      inDirectory(target as TargetDefinition),
    ]),
  );
  const { score } = definition;
  return withoutUndefined({
    name: definition.name,
    items,
    variants,
    score: typeof score === 'object' && score.type === 'judge' ? { ...score, judge: inDirectory(score.judge) } : score,
    samples: definition.samples,
    concurrency: definition.concurrency,
    timeoutMs: definition.timeoutMs,
    attemptTimeoutMs: definition.attemptTimeoutMs,
    retries: definition.retries,
    rateLimit: definition.rateLimit,
    accounts: definition.accounts,
    seed: definition.seed,
    maxCostUsd: definition.maxCostUsd,
    stopping: definition.stopping,
    module: isModule(extension) ? absolute : undefined,
  }) as Experiment;
}

async function readDefinition(
  absolute: string,
  file: string,
  extension: string,
): Promise<{ value: unknown; lineOf?: (path: IssuePath) => number | undefined }> {
  if (extension === '.json' || extension === '.yaml' || extension === '.yml') {
    let text: string;
    try {
      text = await readFile(absolute, 'utf8');
    } catch (error) {
      throw notReadable(error, file);
    }
    return parseLocated(text, { file, format: extension === '.json' ? 'json' : 'yaml' });
  }
  try {
    await stat(absolute);
  } catch (error) {
    throw notReadable(error, file);
  }
  return { value: await experimentModuleDefault(absolute, file) };
}

const isModule = (extension: string): boolean => !['.json', '.yaml', '.yml'].includes(extension);

function notReadable(error: unknown, file: string): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  return new InputError(code === 'ENOENT' ? 'experiment file not found' : `cannot read the experiment file (${code})`, {
    file,
  });
}

/**
 * The items file's absolute path. A path that leaves the experiment's directory (after resolving
 * symlinks) is refused unless `allowOutside`: an experiment shared in a repository should not read,
 * and send to an API, a file elsewhere on the machine without saying so.
 */
async function resolveItemsPath(
  directory: string,
  path: string,
  { allowOutside, file, line }: { allowOutside: boolean; file: string; line: number | undefined },
): Promise<string> {
  const target = resolve(directory, path);
  if (allowOutside) return target;
  const realDirectory = await realpath(directory);
  const realTarget = await realpath(target).catch(() => join(realDirectory, relative(directory, target)));
  const inside = relative(realDirectory, realTarget);
  if (inside.split(sep)[0] === '..' || isAbsolute(inside)) {
    throw new InputError(
      `${JSON.stringify(path)} is outside the experiment's directory; write { path, allowOutside: true } to read it`,
      { file, line, field: 'items.path' },
    );
  }
  return target;
}

function withoutUndefined<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
}
