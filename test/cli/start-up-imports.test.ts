/**
 * What each command loads before it does anything (issue 14, BENCHMARKS.md "CLI start-up"): the static import
 * graph of the CLI's entry and of compare's action, as esbuild resolves it for the build (dynamic `import()` and
 * `require` of a lazily loaded library excluded, since they run only when needed). A static import of a heavy
 * library here costs every user of the command its load time, so each is named.
 */
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/** The packages a file's static imports reach, transitively (node: built-ins left out). */
async function staticPackages(entry: string): Promise<string[]> {
  const { metafile } = await build({
    entryPoints: [entry],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    write: false,
    metafile: true,
    outdir: 'out',
    logLevel: 'silent',
  });
  const seen = new Set([entry]);
  const packages = new Set<string>();
  const queue = [entry];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const { path, kind, external } of metafile.inputs[file]?.imports ?? []) {
      if (kind !== 'import-statement') continue;
      if (external) {
        if (!path.startsWith('node:'))
          packages.add(
            path
              .split('/')
              .slice(0, path.startsWith('@') ? 2 : 1)
              .join('/'),
          );
      } else if (!seen.has(path)) {
        seen.add(path);
        queue.push(path);
      }
    }
  }
  return [...packages].sort();
}

describe('the CLI start-up graph', () => {
  it('is no package for a bare `verdict --version`, commander alone for `--help` (command files load when named)', async () => {
    expect(await staticPackages('src/cli/main.ts')).toEqual([]);
    expect(await staticPackages('src/cli/run-cli.ts')).toEqual(['commander']);
  });

  it("loads for `verdict compare` on JSON Lines only zod (the record and document schemas) and the JSON head's parser", async () => {
    const packages = await staticPackages('src/cli/actions/run-compare.ts');
    // arquero (its table, CSV), the Parquet, Arrow, zip and promptfoo-CSV readers, vega (--html), the runner's
    // libraries: none of them is needed to compare a JSON Lines file.
    expect(packages).toEqual(['@streamparser/json', 'zod']);
  });

  it('loads no package for the compare command itself, before its action', async () => {
    expect(await staticPackages('src/cli/commands/compare.ts')).toEqual(['commander']);
  });
}, 60_000);
