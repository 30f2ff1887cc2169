import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The minified browser builds of vega, vega-lite and vega-embed, in load order. */
export interface VegaBundles {
  readonly vega: string;
  readonly vegaLite: string;
  readonly vegaEmbed: string;
}

const require = createRequire(import.meta.url);

/** The `build/` folder of an installed package, found from its main entry (their `exports` hide other paths). */
const buildFolder = (name: string): string => dirname(require.resolve(name));

/**
 * Reads the UMD builds the HTML report inlines, so the file needs no network: `vega.min.js`, `vega-lite.min.js` and
 * `vega-embed.min.js` from the installed packages (the versions in package.json).
 * @example const { vega } = await readVegaBundles(); vega.length // about 520 kB
 */
export async function readVegaBundles(): Promise<VegaBundles> {
  const [vega, vegaLite, vegaEmbed] = await Promise.all([
    readFile(join(buildFolder('vega'), 'vega.min.js'), 'utf8'),
    readFile(join(buildFolder('vega-lite'), 'vega-lite.min.js'), 'utf8'),
    readFile(join(buildFolder('vega-embed'), 'vega-embed.min.js'), 'utf8'),
  ]);
  return { vega, vegaLite, vegaEmbed };
}
