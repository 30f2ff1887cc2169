import { InputError } from '../schema/input-error';
import { importModule } from './import-module';

/**
 * The experiment a module exports: its default export, as loadExperiment validates it and as a worker
 * thread finds the module's targets again (both go through here, so they see the same object). A
 * module compiled to CommonJS (a .ts file outside a `"type": "module"` package, under tsx) has its
 * `export default` at module.exports.default, which Node's interop shows as default.default.
 *
 * @param file the module's absolute path
 * @param displayPath the path as the user wrote it, for messages
 * @throws {InputError} naming the file: no default export, a default export that is a promise (or any
 *   thenable) rather than the experiment, or a module that cannot be loaded (see importModule).
 */
export async function experimentModuleDefault(file: string, displayPath: string): Promise<unknown> {
  const namespace = await importModule(file, displayPath);
  let value = namespace.default;
  if ((typeof value === 'object' || typeof value === 'function') && value !== null && isThenable(value)) {
    throw new InputError(
      'the default export is a promise, not the experiment: export the object itself (`export default await build()` if it must be computed)',
      { file: displayPath, field: 'default' },
    );
  }
  if (
    typeof value === 'object' &&
    value !== null &&
    Object.keys(value).every((key) => key === 'default' || key === '__esModule')
  ) {
    value = (value as { default?: unknown }).default;
  }
  if (value === undefined) {
    throw new InputError(
      'expected the experiment as the default export (export default { name, items, variants, ... })',
      { file: displayPath, field: 'default' },
    );
  }
  return value;
}

function isThenable(value: object): boolean {
  try {
    return typeof (value as { then?: unknown }).then === 'function';
  } catch {
    return false; // a throwing `then` getter: the schema check reports it
  }
}
