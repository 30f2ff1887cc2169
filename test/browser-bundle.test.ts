/**
 * stats/ and the chart builders of reports/ must run in a browser or a notebook: bundled by esbuild for
 * the browser, they may import no Node built-in (directly or through a dependency). The stats bundle is
 * then evaluated on its own, as a page would, and computes a comparison.
 */

import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
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

  it('bundles verdict/charts (reports/charts/index.ts) without any Node built-in, and builds a spec', async () => {
    // reports/index also holds the HTML renderer, which reads the vega bundles from disk; the chart
    // builders have their own entry point, verdict/charts, for notebooks and pages.
    // Every module holding a builder of the Verdict document (`export const|function xxxChart = (doc`) is in the entry.
    const entry = await readFile(join(ROOT, 'reports/charts/index.ts'), 'utf8');
    for (const module of (await readdir(join(ROOT, 'reports/charts'))).filter((f) => f.endsWith('-chart.ts'))) {
      const source = await readFile(join(ROOT, 'reports/charts', module), 'utf8');
      if (/export (function \w+Chart\(doc|const \w+Chart = \(doc)/.test(source)) {
        expect(entry).toContain(`'./${module.replace(/\.ts$/, '')}'`);
      }
    }
    const { code, nodeImports } = await bundleForBrowser({ contents: "export * from './reports/charts/index';" });
    expect(nodeImports).toEqual([]);

    const file = join(directory, 'charts.mjs');
    await writeFile(file, code);
    const bundled = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    expect(typeof bundled.passRateChart).toBe('function');
  });
});
