import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { projectPath } from './project-path';

/** esbuild's options for a bundle plain `node` runs: the project's modules inlined, packages external. */
export const NODE_BUNDLE = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'error',
} as const;

/**
 * The worker threads' modules, loaded from beside the bundle as from dist/ (tsup.config.ts): the runner's
 * cell-worker.js, chart-svg-worker.js for `compare --html`'s charts, jsonl-load-worker.js for a large file's load.
 */
export const WORKER_ENTRIES = [
  ['cell-worker', 'src/runner/isolation/cell-worker.ts'],
  ['chart-svg-worker', 'src/cli/chart-svg-worker.ts'],
  ['jsonl-load-worker', 'src/analysis/jsonl-load-worker.ts'],
] as const;

/**
 * Bundle a TypeScript entry point into one ES module for plain `node`, as tsup bundles dist/cli.js: the project's
 * own modules inlined, packages left to node_modules. Benchmark children then start the way users run verdict,
 * without a TypeScript loader's start-up time and memory in the figures.
 * @returns the path of the bundle (`<outDir>/<entry name>.mjs`)
 * @example const cli = await bundleScript('src/cli/main.ts', 'bench/.tmp/bundles') // 'bench/.tmp/bundles/main.mjs'
 */
export async function bundleScript(entry: string, outDir: string): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `${basename(entry).replace(/\.ts$/, '')}.mjs`);
  await build({ ...NODE_BUNDLE, entryPoints: [entry], outfile });
  for (const [name, source] of WORKER_ENTRIES)
    await build({ ...NODE_BUNDLE, entryPoints: [projectPath(source)], outfile: join(outDir, `${name}.js`) });
  return outfile;
}
