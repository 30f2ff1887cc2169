/**
 * stats/ and the chart builders of reports/ must run in a browser or a notebook: bundled by esbuild for
 * the browser, they may import no Node built-in (directly or through a dependency). The stats bundle is
 * then evaluated on its own, as a page would, and computes a comparison.
 */

import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import * as stats from '../stats/index';

const ROOT = resolve(import.meta.dirname, '..');
const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** Record every import of a Node built-in (with its importer) instead of letting esbuild guess. */
function nodeBuiltinDetector(found: string[]): Plugin {
  return {
    name: 'node-builtin-detector',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /.*/ }, (args) => {
        if (!NODE_BUILTINS.has(args.path)) return undefined;
        found.push(`${args.importer} imports ${args.path}`);
        return { path: args.path, external: true };
      });
    },
  };
}

/** Bundle `entry` (a file, or `{ contents }` of a module in the repository's root) for the browser. */
async function bundleForBrowser(
  entry: string | { contents: string },
): Promise<{ code: string; nodeImports: string[] }> {
  const nodeImports: string[] = [];
  const result = await build({
    ...(typeof entry === 'string'
      ? { entryPoints: [entry] }
      : { stdin: { contents: entry.contents, resolveDir: ROOT, loader: 'ts' as const } }),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    plugins: [nodeBuiltinDetector(nodeImports)],
  });
  return { code: result.outputFiles[0]!.text, nodeImports };
}

const directory = await mkdtemp(join(tmpdir(), 'verdict-browser-'));
afterAll(() => rm(directory, { recursive: true, force: true }));

describe('browser bundles', () => {
  it('bundles stats/ without any Node built-in and computes a comparison from the bundle alone', async () => {
    const { code, nodeImports } = await bundleForBrowser('stats/index.ts');
    expect(nodeImports).toEqual([]);

    const file = join(directory, 'stats.mjs');
    await writeFile(file, code);
    const bundled = (await import(pathToFileURL(file).href)) as typeof stats;
    const table = { n11: 40, n10: 9, n01: 2, n00: 49 };
    expect(bundled.mcnemarTest(table)).toEqual(stats.mcnemarTest(table));
    expect(bundled.pairedDifference(table)).toEqual(stats.pairedDifference(table));
    expect(bundled.proportionInterval(42, 100)).toEqual(stats.proportionInterval(42, 100));
  });

  it('bundles every chart builder of reports/charts/ without any Node built-in', async () => {
    // reports/index also holds the HTML renderer, which reads the vega bundles from disk: the chart
    // modules are bundled on their own, as a notebook or a page would import them.
    const modules = (await readdir(join(ROOT, 'reports/charts'))).filter((f) => /^[\w-]+\.ts$/.test(f));
    expect(modules).toContain('pass-rate-chart.ts');
    const contents = modules.map((file) => `export * from './reports/charts/${file.replace(/\.ts$/, '')}';`).join('\n');
    const { code, nodeImports } = await bundleForBrowser({ contents });
    expect(nodeImports).toEqual([]);

    const file = join(directory, 'charts.mjs');
    await writeFile(file, code);
    const bundled = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    expect(typeof bundled.passRateChart).toBe('function');
  });
});
