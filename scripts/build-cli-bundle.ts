/**
 * Builds dist/cli-bundle.cjs: the CLI (entry src/cli/cli-main.ts) as one CommonJS file, which dist/cli.js runs
 * through `vm.Script` with a V8 code cache (src/cli/cli-bundle.ts, src/cli/code-cached-script.ts). Run by tsup after
 * the ES module build (tsup.config.ts `onSuccess`). Why one script: Node 20 resolves, reads and compiles each of the
 * ~45 chunks of tsup's output and zod's 95 files one by one on every start, and has no compile cache of its own.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'acorn';
import { build, type Plugin } from 'esbuild';
import { CLI_BUNDLE_FILE, CLI_BUNDLE_PARAMETERS } from '../src/cli/cli-bundle';

/**
 * The packages inside the bundle: what `compare` loads on every run (zod, commander, the JSON head's parser), and
 * the ES-module-only packages the bundle's code imports statically (p-map, string-width), which `require` cannot
 * load with their default export. Every other package stays outside and loads when it is needed, as before; the
 * build fails if the bundle would `require` an ES-module-only one.
 */
const BUNDLED_PACKAGES = ['zod', 'commander', '@streamparser/json', 'p-map', 'string-width'];

/**
 * The actions of the commands the bundle never runs (`run`, `worker`, `demo`: src/cli/cli-bundle.ts says why),
 * each left out as a module that throws: their command files stay (for `--help`), the runner and the demo do not,
 * about 300 kB of the bundle's 2 MB that every start would read, hash and decode.
 */
const LEFT_OUT =
  /^\.\.\/(actions\/run-from-cli|actions\/worker-from-cli|\.\.\/demo\/run-demo|\.\.\/demo\/format-demo-summary)$/;
const leaveOut: Plugin = {
  name: 'leave-out-actions',
  setup(build) {
    build.onResolve({ filter: LEFT_OUT }, ({ path, importer }) =>
      importer.includes(join('src', 'cli', 'commands')) ? { path, namespace: 'left-out' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'left-out' }, ({ path }) => ({
      contents: `throw new Error(${JSON.stringify(`internal: ${path} is not in ${CLI_BUNDLE_FILE} (src/cli/cli-bundle.ts)`)});`,
    }));
  },
};

export async function buildCliBundle(outDir: string): Promise<void> {
  const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
  const external = Object.keys(packageJson.dependencies).filter((name) => !BUNDLED_PACKAGES.includes(name));
  const outfile = join(outDir, CLI_BUNDLE_FILE);
  await build({
    entryPoints: ['src/cli/cli-main.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    external,
    plugins: [leaveOut],
    define: {
      'import.meta.url': CLI_BUNDLE_PARAMETERS.importMetaUrl,
      'import.meta.resolve': CLI_BUNDLE_PARAMETERS.importMetaResolve,
    },
    logLevel: 'warning',
  });
  const code = rewriteDynamicImports(readFileSync(outfile, 'utf8'));
  checkRequiredPackages(code);
  writeFileSync(outfile, code);
}

/**
 * Every `import(...)` expression of the bundle made a call of the loader's import function (CLI_BUNDLE_PARAMETERS;
 * why in src/cli/cli-bundle.ts). Found by acorn's syntax tree, not by text, so `import(` inside a string (the worker
 * stub of src/formats/worker-module.ts) stays as it is.
 */
function rewriteDynamicImports(code: string): string {
  const starts: number[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) for (const child of node) visit(child);
    else if (node !== null && typeof node === 'object') {
      if ((node as { type?: unknown }).type === 'ImportExpression') starts.push((node as { start: number }).start);
      for (const value of Object.values(node)) if (value !== null && typeof value === 'object') visit(value);
    }
  };
  visit(parse(code, { ecmaVersion: 'latest', sourceType: 'script' }));
  let rewritten = code;
  for (const start of starts.sort((a, b) => b - a)) {
    if (rewritten.slice(start, start + 'import'.length) !== 'import') throw new Error(`no import() at ${start}`);
    rewritten = `${rewritten.slice(0, start)}${CLI_BUNDLE_PARAMETERS.dynamicImport}${rewritten.slice(start + 'import'.length)}`;
  }
  return rewritten;
}

/** Fails the build if the bundle `require`s a package that has no CommonJS entry (it must be bundled instead). */
function checkRequiredPackages(code: string): void {
  for (const [, name] of code.matchAll(/\brequire\("([^"]+)"\)/g)) {
    if (name === undefined || name.startsWith('node:')) continue;
    const pkg = name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0]!;
    const manifest = JSON.parse(readFileSync(join('node_modules', pkg, 'package.json'), 'utf8')) as {
      type?: string;
      exports?: unknown;
    };
    const entry = JSON.stringify((manifest.exports as Record<string, unknown> | undefined)?.['.'] ?? manifest.exports);
    if (manifest.type === 'module' && !entry?.includes('"require"'))
      throw new Error(`${CLI_BUNDLE_FILE} requires ${name}, an ES module only package: add it to BUNDLED_PACKAGES`);
  }
}
