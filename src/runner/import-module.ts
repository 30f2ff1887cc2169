import { pathToFileURL } from 'node:url';
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
 * @throws {InputError} when the module cannot be loaded (syntax error, a throw at top level, no tsx).
 */
export async function importModule(file: string, displayPath: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href;
  try {
    return await import(url);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_UNKNOWN_FILE_EXTENSION' && TYPESCRIPT.test(file)) {
      return importWithTsx(url, displayPath);
    }
    throw new InputError(`cannot load the experiment module: ${firstLine(error)}`, { file: displayPath });
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
    return await tsImport(url, import.meta.url);
  } catch (error) {
    throw new InputError(`cannot load the experiment module: ${firstLine(error)}`, { file: displayPath });
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
