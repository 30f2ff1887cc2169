import { pathToFileURL } from 'node:url';
import { describeValue } from '../../stats/validate';
import { InputError } from '../schema/input-error';

const TYPESCRIPT = /\.(c|m)?tsx?$/i;

/**
 * Import a user's experiment module and return its namespace. JavaScript is imported as it is.
 * TypeScript works as it is when the process already runs under a TypeScript loader (`tsx`,
 * `node --import tsx`, vitest, Node with type stripping); under plain Node, the module is loaded
 * through tsx's scoped `tsImport` (tsx/esm/api), which registers nothing globally. tsx is not a
 * runtime dependency of verdict: without it, a .ts experiment is a clear error telling the user
 * to install it or to write the experiment in .js/.mjs.
 *
 * Odd modules get one line naming the file, never an internal error: a module that throws at load
 * (`throw null` included) says what it threw; one whose top-level await never settles (Node would
 * exit 13, "unsettled top-level await", with no word of the file) is caught when the event loop runs
 * dry while waiting for it.
 *
 * @throws {InputError} when the module cannot be loaded (syntax error, a throw at top level, no tsx,
 *   a top-level await that never settles).
 */
export async function importModule(file: string, displayPath: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href;
  try {
    return await untilSettledOrStuck(import(url), displayPath);
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (errorCode(error) === 'ERR_UNKNOWN_FILE_EXTENSION' && TYPESCRIPT.test(file)) {
      return importWithTsx(url, displayPath);
    }
    throw new InputError(`cannot load the experiment module: ${thrownText(error)}`, { file: displayPath });
  }
}

async function importWithTsx(url: string, displayPath: string): Promise<Record<string, unknown>> {
  let tsImport: (specifier: string, parentURL: string) => Promise<Record<string, unknown>>;
  try {
    ({ tsImport } = await import('tsx/esm/api'));
  } catch {
    throw new InputError(
      'a TypeScript experiment needs tsx: install it (npm install -D tsx), run under `node --import tsx`, or write the experiment as .js/.mjs',
      { file: displayPath },
    );
  }
  try {
    return await untilSettledOrStuck(tsImport(url, import.meta.url), displayPath);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot load the experiment module: ${thrownText(error)}`, { file: displayPath });
  }
}

/**
 * `loading`, or a rejection once the process has nothing left to do but wait for it ('beforeExit':
 * the event loop is empty, so the module's top-level await can never settle).
 */
function untilSettledOrStuck<T>(loading: Promise<T>, displayPath: string): Promise<T> {
  let onStuck: (() => void) | undefined;
  const stuck = new Promise<never>((_, reject) => {
    onStuck = () =>
      reject(
        new InputError(
          'the module never finished loading: a top-level await in it (or in a module it imports) waits for something that never happens',
          { file: displayPath },
        ),
      );
    process.once('beforeExit', onStuck);
  });
  return Promise.race([loading, stuck]).finally(() => process.off('beforeExit', onStuck!));
}

const errorCode = (error: unknown): unknown =>
  typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;

/** What a module threw, on one line: an error's first message line, or the thrown value itself. */
export function thrownText(error: unknown): string {
  if (error instanceof Error) return (error.message.split('\n')[0] ?? '') || error.name;
  return `it threw ${describeValue(error)}`;
}
