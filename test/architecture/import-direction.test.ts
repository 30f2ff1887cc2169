import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layers of ARCHITECTURE.md, checked on the source itself: every import (static, `export ... from`,
 * `import type` and dynamic `import()`) of every module in stats/, src/ and reports/ is resolved to a
 * file, and the file's layer must be one its importer may use. Type-only imports count: a type that
 * points back up is still a contract owned by the wrong layer.
 */
const ROOT = resolve(import.meta.dirname, '../..');

/** Layer of a project file (relative path, '/' separators), by folder. */
function layerOf(file: string): string {
  if (file.startsWith('stats/')) return 'stats';
  if (file.startsWith('reports/')) return 'reports';
  if (file === 'src/index.ts') return 'api';
  if (file === 'src/version.ts') return 'version';
  const match = /^src\/([a-z-]+)\//.exec(file);
  if (!match) throw new Error(`no layer for ${file}`);
  return match[1]!;
}

/** Every layer but the entry and the CLI itself: what the CLI may import. */
const CLI_BELOW = [
  'demo',
  'analysis',
  'reports',
  'distributed',
  'runner',
  'cache',
  'store',
  'formats',
  'schema',
  'time',
  'stats',
  'version',
];

/** What each layer may import besides itself (ARCHITECTURE.md, "Layers"). */
const BELOW = {
  stats: [],
  schema: ['stats'],
  version: [],
  time: ['schema'],
  formats: ['schema', 'stats', 'version'],
  store: ['formats', 'schema', 'time', 'version'],
  cache: ['store', 'schema', 'time', 'version'],
  runner: ['cache', 'store', 'formats', 'schema', 'time', 'stats', 'version'],
  distributed: ['runner', 'cache', 'store', 'formats', 'schema', 'time', 'stats', 'version'],
  analysis: ['formats', 'store', 'schema', 'stats', 'version'],
  reports: ['schema', 'stats', 'version'],
  demo: ['analysis', 'reports', 'runner', 'cache', 'store', 'formats', 'schema', 'time', 'stats', 'version'],
  cli: CLI_BELOW,
  api: ['cli', ...CLI_BELOW],
} satisfies Record<string, readonly string[]>;

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
    .map((name) => `${folder}/${name.split('\\').join('/')}`);
}

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"`]([^'"`]+)['"`]\s*\)|(?:^|[\s;])import\s*['"]([^'"]+)['"]/gm;

/** Relative specifiers of a file, resolved to project files (packages are not layers). */
function importsOf(file: string): string[] {
  // Comments may quote imports (examples in doc comments): drop them before matching.
  const text = readFileSync(join(ROOT, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const found: string[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2] ?? match[3]!;
    // Packages and data files (package.json for the version) are not layers.
    if (!specifier.startsWith('.') || specifier.endsWith('.json')) continue;
    const target = relative(ROOT, resolve(ROOT, dirname(file), specifier))
      .split('\\')
      .join('/');
    const candidates = [`${target}.ts`, `${target}/index.ts`, target.replace(/\.js$/, '.ts'), target];
    const hit = candidates.find((candidate) => files.has(candidate));
    if (!hit) throw new Error(`${file}: cannot resolve import '${specifier}'`);
    found.push(hit);
  }
  return found;
}

const files = new Set([...sourceFiles('stats'), ...sourceFiles('src'), ...sourceFiles('reports')]);
const graph = new Map([...files].map((file) => [file, importsOf(file)]));

describe('import direction', () => {
  it('no module imports a layer above its own', () => {
    const backwards: string[] = [];
    for (const [file, targets] of graph) {
      const layer = layerOf(file) as keyof typeof BELOW;
      expect(BELOW, `unknown layer of ${file}`).toHaveProperty(layer);
      for (const target of targets) {
        const targetLayer = layerOf(target);
        if (targetLayer !== layer && !(BELOW[layer] as readonly string[]).includes(targetLayer)) {
          backwards.push(`${file} -> ${target}`);
        }
      }
    }
    expect(backwards, backwards.join('\n')).toEqual([]);
  });

  it('no circle of imports, types included', () => {
    // Tarjan's strongly connected components: any component of more than one file is a circle.
    let index = 0;
    const order = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const circles: string[][] = [];
    const visit = (file: string): void => {
      order.set(file, index);
      low.set(file, index);
      index += 1;
      stack.push(file);
      onStack.add(file);
      for (const target of graph.get(file) ?? []) {
        if (!order.has(target)) {
          visit(target);
          low.set(file, Math.min(low.get(file)!, low.get(target)!));
        } else if (onStack.has(target)) {
          low.set(file, Math.min(low.get(file)!, order.get(target)!));
        }
      }
      if (low.get(file) === order.get(file)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== file);
        if (component.length > 1) circles.push(component.sort());
      }
    };
    for (const file of graph.keys()) if (!order.has(file)) visit(file);
    expect(circles, circles.map((circle) => circle.join(' <-> ')).join('\n')).toEqual([]);
  });

  it('the layers themselves form no circle, and every folder of src/ is a layer', () => {
    // Depth-first search over the allowed edges: a layer reached again while still on the path is a circle.
    const state = new Map<string, 'open' | 'done'>();
    const circles: string[] = [];
    const walk = (layer: string, path: string[]): void => {
      if (state.get(layer) === 'done') return;
      if (state.get(layer) === 'open') {
        circles.push([...path.slice(path.indexOf(layer)), layer].join(' -> '));
        return;
      }
      state.set(layer, 'open');
      for (const below of BELOW[layer as keyof typeof BELOW]) walk(below, [...path, layer]);
      state.set(layer, 'done');
    };
    for (const layer of Object.keys(BELOW)) walk(layer, []);
    expect(circles).toEqual([]);
    const folders = readdirSync(join(ROOT, 'src'), { withFileTypes: true }).filter((entry) => entry.isDirectory());
    expect(folders.map((entry) => entry.name).filter((name) => !(name in BELOW))).toEqual([]);
  });

  it('allows exactly what ARCHITECTURE.md says each layer may import', () => {
    const rows = readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8')
      .split('\n')
      .filter((line) => /^\| `(src\/)?[a-z]+\/` \|/.test(line));
    const documented = new Map(
      rows.map((row) => {
        const cells = row.split(' | ');
        const folder = /`(?:src\/)?([a-z]+)\/`/.exec(cells[0]!)![1]!;
        return [folder, cells.at(-1)!] as const;
      }),
    );
    for (const layer of Object.keys(BELOW)) {
      if (layer === 'api' || layer === 'version') continue;
      const text = documented.get(layer);
      expect(text, `ARCHITECTURE.md has no row for ${layer}`).toBeDefined();
      // Rows that say "everything" or "and below" are checked by the circle test, not listed one by one.
      if (/everything|and below/.test(text!)) continue;
      const listed = [...text!.matchAll(/`([a-z]+)\/`/g)].map((match) => match[1]!);
      const allowed = (BELOW[layer as keyof typeof BELOW] as readonly string[]).filter((name) => name !== 'version');
      expect([...listed].sort(), layer).toEqual([...allowed].sort());
    }
  });

  it('reads the imports it checks (the test sees the graph it claims to)', () => {
    expect(graph.size).toBeGreaterThan(300);
    expect(graph.get('src/cli/actions/run-compare.ts')).toContain('reports/html/render-html-report.ts');
    expect([...graph.values()].reduce((sum, targets) => sum + targets.length, 0)).toBeGreaterThan(1000);
  });
});
