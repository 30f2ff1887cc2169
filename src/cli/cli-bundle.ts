import { fileURLToPath, pathToFileURL } from 'node:url';
import type { cliMain } from './cli-main';
import { codeCacheDirectory } from './code-cache-directory';
import { type CodeCachedScript, runCodeCachedScript } from './code-cached-script';
import { EXIT_CODES } from './exit-codes';

/** The one-file CommonJS build of the CLI (entry src/cli/cli-main.ts), beside dist/cli.js; built by scripts/build-cli-bundle.ts. */
export const CLI_BUNDLE_FILE = 'cli-bundle.cjs';

/**
 * The names the bundle's code uses for what a CommonJS script run through `vm.Script` lacks (esbuild's `define`
 * and the build's rewrite of `import()`): `import.meta.url`, `import.meta.resolve` and `import()` itself. A
 * `vm.Script`'s own `import()` needs `importModuleDynamically`, which is experimental on Node 20 (a warning on
 * stderr) and, measured on Node 20.20, fails with "A dynamic import callback was not specified" once the script
 * comes from a code cache; so `import()` of a package or a user's module runs here, in an ES module.
 */
export const CLI_BUNDLE_PARAMETERS = {
  importMetaUrl: '__verdictImportMetaUrl',
  importMetaResolve: '__verdictImportMetaResolve',
  dynamicImport: '__verdictImport',
} as const;

/**
 * The commands the bundle runs. Never `run`, `worker` or `demo`: they import a user's experiment module, which
 * imports `verdict` (dist/index.js, ES modules), and the bundle holds its own copy of every class of verdict, so an
 * `InputError` or a target made by the one copy would not be an instance of the other's (the dual package hazard).
 * `help` stands for a command line without a command (`verdict`, `verdict --help`).
 */
const BUNDLED_COMMANDS: ReadonlySet<string> = new Set(['compare', 'summary', 'power', 'formats', 'cache', 'help']);

/**
 * Which code cache of the bundle a command line uses, or `undefined` when the bundle does not run it (the ES
 * modules do): the command's name, or `help` for none or for `--help` anywhere (`compare --help` runs help's code,
 * not compare's, so a cache named compare would then lack the comparison).
 * @example bundleCacheName(['compare', 'r.jsonl', '--help']) // 'help'
 */
export function bundleCacheName(args: readonly string[]): string | undefined {
  const command = args.find((arg) => !arg.startsWith('-')) ?? 'help';
  if (!BUNDLED_COMMANDS.has(command)) return undefined;
  return args.some((arg) => arg === '--help' || arg === '-h') ? 'help' : command;
}

/**
 * The CLI's main from the bundle with its V8 code cache (src/cli/code-cached-script.ts; start-up measured in
 * BENCHMARKS.md "CLI start-up (issue 14): branch issue-14-startup4"), or `undefined` when the ES modules run it
 * instead: from the sources (tsx), for a command the bundle does not run, or when there is no bundle.
 */
export function loadCliBundle(args: readonly string[]): typeof cliMain | undefined {
  const here = import.meta.url;
  const cacheName = bundleCacheName(args);
  if (here.endsWith('.ts') || cacheName === undefined) return undefined;
  const file = fileURLToPath(new URL(`./${CLI_BUNDLE_FILE}`, here));
  let script: CodeCachedScript;
  try {
    script = runCodeCachedScript({
      file,
      cacheDirectory: codeCacheDirectory(),
      cacheName,
      parameters: {
        [CLI_BUNDLE_PARAMETERS.importMetaUrl]: pathToFileURL(file).href,
        [CLI_BUNDLE_PARAMETERS.importMetaResolve]: (specifier: string) => import.meta.resolve(specifier),
        [CLI_BUNDLE_PARAMETERS.dynamicImport]: (specifier: string) => import(specifier),
      },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && (error as NodeJS.ErrnoException).path === file)
      return undefined;
    throw error;
  }
  // At exit the cache holds the code of everything the command ran (written only when there was none or V8 refused
  // it): not after a usage error or an interruption, which ran too little of it to be worth keeping.
  process.once('exit', (code) => {
    if (code !== EXIT_CODES.usage && code !== EXIT_CODES.interrupted) script.saveCache();
  });
  return (script.exports as { cliMain: typeof cliMain }).cliMain;
}
