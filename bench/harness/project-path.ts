import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of verdict's package.json, found upward from this module (wherever a bundle of it was written). */
function findProjectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'verdict')
      return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('bench: cannot find the verdict package.json above this file');
    dir = parent;
  }
}

const ROOT = findProjectRoot();

/**
 * A path in the project. Benchmarks run from bundles written under bench/.tmp, where paths relative to
 * `import.meta.url` would point elsewhere; paths from the project root hold in both.
 * @example projectPath('bench', 'python', 'compare.py')
 */
export function projectPath(...segments: string[]): string {
  return join(ROOT, ...segments);
}
