import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** The minified browser builds of vega, vega-lite and vega-embed, in load order. */
export interface VegaBundles {
  readonly vega: string;
  readonly vegaLite: string;
  readonly vegaEmbed: string;
}

const require = createRequire(import.meta.url);

/** The `build/` folder of an installed package, found from its main entry (their `exports` hide other paths). */
const buildFolder = (name: string): string => dirname(require.resolve(name));

/** The minified UMD build of each package: what the report inlines, and what `loadVegaFromBundles` runs. */
const BUNDLE_FILES = { vega: 'vega.min.js', 'vega-lite': 'vega-lite.min.js', 'vega-embed': 'vega-embed.min.js' };
const bundleFile = (name: keyof typeof BUNDLE_FILES): string => join(buildFolder(name), BUNDLE_FILES[name]);

/**
 * Reads the UMD builds the HTML report inlines, so the file needs no network: `vega.min.js`, `vega-lite.min.js` and
 * `vega-embed.min.js` from the installed packages (the versions in package.json).
 * @example const { vega } = await readVegaBundles(); vega.length // about 520 kB
 */
export async function readVegaBundles(): Promise<VegaBundles> {
  const [vega, vegaLite, vegaEmbed] = await Promise.all([
    readFile(bundleFile('vega'), 'utf8'),
    readFile(bundleFile('vega-lite'), 'utf8'),
    readFile(bundleFile('vega-embed'), 'utf8'),
  ]);
  return { vega, vegaLite, vegaEmbed };
}

/**
 * Runs a UMD file as a CommonJS module, its `require` answered by `requireOf`, and returns its `module.exports`.
 * The default reads and compiles it; the CLI's chart worker passes one with a V8 code cache (src/cli/chart-svg-worker.ts).
 */
export type RunBundleFile = (file: string, requireOf: (id: string) => unknown) => unknown;

/** A UMD file run as a CommonJS module (Node's own wrapper). */
const runUmdBundle: RunBundleFile = (file, requireOf) => {
  const module = { exports: {} };
  const source = readFileSync(file, 'utf8');
  const factory = new Script(`(function (exports, require, module) {${source}\n})`, {
    filename: file,
  }).runInThisContext();
  factory.call(module.exports, module.exports, requireOf, module);
  return module.exports;
};

let fromBundles: Promise<[typeof import('vega'), typeof import('vega-lite')]> | undefined;

/**
 * vega and vega-lite from their one-file UMD builds (the same files, of the same installed versions, the report
 * inlines) instead of their ES module builds, which are 271 files of vega-*, d3-*, topojson and internmap: Node
 * resolves, reads and compiles each one, and that was most of `compare --html`'s chart worker on a small file
 * (its CPU profile, BENCHMARKS.md "CLI start-up (issue 14): branch issue-14-startup3": `import('vega')` and
 * `import('vega-lite')` 360-470 ms, the two bundles about 80-150 ms). vega's package is `"type": "module"`, so
 * `require` would read the UMD file as an ES module (no `exports`): it is run here as Node runs a CommonJS file.
 * The SVG is the same byte for byte as from the ES modules (test/reports/vega-from-bundles.test.ts). Loaded once
 * per thread (by the first call's `runBundleFile`).
 * @example const [{ View, parse }, { compile }] = await loadVegaFromBundles()
 */
export function loadVegaFromBundles(
  runBundleFile: RunBundleFile = runUmdBundle,
): Promise<[typeof import('vega'), typeof import('vega-lite')]> {
  fromBundles ??= (async () => {
    const [vegaFile, vegaLiteFile] = [bundleFile('vega'), bundleFile('vega-lite')];
    const noRequire = (id: string) => {
      throw new Error(`loadVegaFromBundles: ${vegaFile} asked for ${id}`);
    };
    const vega = runBundleFile(vegaFile, noRequire) as typeof import('vega');
    // vega-lite's build asks for vega alone (`require("vega")`): the bundle just run.
    const vegaLite = runBundleFile(vegaLiteFile, (id) =>
      id === 'vega' ? vega : noRequire(id),
    ) as typeof import('vega-lite');
    return [vega, vegaLite];
  })();
  return fromBundles;
}
