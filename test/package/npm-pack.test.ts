/**
 * The published package, as a user gets it from a fresh clone: the repository's tracked files (as they are in
 * the working tree) copied into a staging directory without dist/, plain `npm pack` there (its `prepack` script
 * builds), the tarball installed into an empty directory, then `npx verdict --help`, `npx verdict demo` and
 * `import('verdict/stats')`. Slow (about a minute: the type declarations and the install), so everything shares
 * one build and one install. The staging copy borrows the repository's node_modules (a symlink) rather than
 * installing them a second time.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const packageJson = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  overrides?: Record<string, string>;
};

let work: string;
let stage: string;
let project: string;
let tarball: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'verdict-pack-'));
  stage = join(work, 'stage');
  project = join(work, 'project');
  await mkdir(project, { recursive: true });
  // What a clone holds: the tracked files (deleted ones left out), never a dist/ built earlier.
  const { stdout: tracked } = await run('git', ['ls-files', '-z', '--cached', '--exclude-standard'], { cwd: root });
  for (const file of tracked.split('\0').filter((f) => f !== '' && !f.startsWith('dist/'))) {
    await mkdir(dirname(join(stage, file)), { recursive: true });
    await cp(join(root, file), join(stage, file)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error; // tracked but deleted in the working tree
    });
  }
  await symlink(join(root, 'node_modules'), join(stage, 'node_modules'), 'dir');
  const { stdout } = await run('npm', ['pack', '--pack-destination', work, '--silent'], { cwd: stage });
  tarball = join(work, stdout.trim().split('\n').pop()!);
  // An empty project. It repeats the repository's `overrides`, which npm applies only to a root project.
  const manifest = { name: 'empty-project', private: true, type: 'module', overrides: packageJson.overrides };
  await writeFile(join(project, 'package.json'), JSON.stringify(manifest));
  await run('npm', ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline'], { cwd: project });
}, 240_000);

afterAll(() => rm(work, { recursive: true, force: true }));

describe('npm package', () => {
  it('builds the CLI with a shebang and every entry point with its type declarations', async () => {
    const cli = await readFile(join(stage, 'dist/cli.js'), 'utf8');
    expect(cli.startsWith('#!/usr/bin/env node\n')).toBe(true);
    for (const entry of ['index', 'stats/index', 'reports/index']) {
      await expect(readFile(join(stage, `dist/${entry}.js`), 'utf8')).resolves.toBeTruthy();
      await expect(readFile(join(stage, `dist/${entry}.d.ts`), 'utf8')).resolves.toBeTruthy();
    }
  });

  it('packs dist/, the README, the licence and package.json, and nothing else', async () => {
    const { stdout } = await run('tar', ['-tzf', tarball]);
    const files = stdout.trim().split('\n');
    const outside = files.filter((f) => !/^package\/(dist\/.+|README\.md|LICENSE|package\.json)$/.test(f));
    expect(outside).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['package/README.md', 'package/LICENSE', 'package/dist/cli.js']));
  });

  it('runs `npx verdict --help` and `--version` in the project it was installed into', async () => {
    const help = await run('npx', ['--no-install', 'verdict', '--help'], { cwd: project });
    expect(help.stdout).toMatch(/^Usage: verdict /);
    const version = await run('npx', ['--no-install', 'verdict', '--version'], { cwd: project });
    expect(version.stdout.trim()).toBe(packageJson.version);
  });

  it('runs `npx verdict compare` from the one-file bundle, its V8 code cache written once and then used', async () => {
    const cacheDir = join(work, 'verdict-cache');
    const env = { ...process.env, VERDICT_CACHE_DIR: cacheDir };
    const results = join(root, 'test/fixtures/results/small.jsonl');
    const compare = () =>
      run('npx', ['--no-install', 'verdict', 'compare', results, '--max-missing', '100', '--json-stdout'], {
        cwd: project,
        env,
      });
    const first = await compare();
    const caches = await readdir(join(cacheDir, 'code'));
    expect(caches).toEqual([expect.stringMatching(/^cli-bundle\.cjs-compare-[0-9a-f]{64}\.bin$/)]);
    const written = (await stat(join(cacheDir, 'code', caches[0]!))).mtimeMs;
    const second = await compare();
    const withoutDate = (json: string) => json.replace(/"createdAt":\s*"[^"]*"/, '');
    expect(withoutDate(second.stdout)).toBe(withoutDate(first.stdout));
    expect(second.stderr).toBe(first.stderr);
    // Accepted, so not written again (a refused cache would be rewritten at exit).
    expect(await readdir(join(cacheDir, 'code'))).toEqual(caches);
    expect((await stat(join(cacheDir, 'code', caches[0]!))).mtimeMs).toBe(written);
  });

  it("renders `compare --html`'s charts in the worker with vega's code caches, the same page from them", async () => {
    const cacheDir = join(work, 'verdict-cache-html');
    const env = { ...process.env, VERDICT_CACHE_DIR: cacheDir };
    const results = join(root, 'test/fixtures/results/small.jsonl');
    const page = async (name: string) => {
      const file = join(work, name);
      await run('npx', ['--no-install', 'verdict', 'compare', results, '--max-missing', '100', '--html', file], {
        cwd: project,
        env,
      });
      return (await readFile(file, 'utf8')).replaceAll(file, 'PAGE').replace(/<dd>\d{4}-[^<]*Z<\/dd>/, '');
    };
    const first = await page('first.html');
    expect((await readdir(join(cacheDir, 'code'))).sort()).toEqual([
      expect.stringMatching(/^cli-bundle\.cjs-compare-/),
      expect.stringMatching(/^vega-lite\.min\.js-charts-/),
      expect.stringMatching(/^vega\.min\.js-charts-/),
    ]);
    expect(first).toContain('<svg');
    expect(await page('second.html')).toBe(first);
  });

  it('runs `npx verdict demo` without the repository: data generated in memory, reports written', async () => {
    const { stdout } = await run('npx', ['--no-install', 'verdict', 'demo', '--items', '20'], { cwd: project });
    expect(stdout).toContain('SIMULATED');
    expect(stdout).toContain('Report: runs/demo/report.html');
    const html = await readFile(join(project, 'runs/demo/report.html'), 'utf8');
    expect(html.includes('<svg'), 'report.html holds the server-rendered charts').toBe(true);
  });

  it("imports { mcnemarTest } from 'verdict/stats' in plain Node", async () => {
    const script = [
      "import { mcnemarTest } from 'verdict/stats';",
      'console.log(JSON.stringify(mcnemarTest({ n11: 40, n10: 2, n01: 9, n00: 49 })));',
    ].join('\n');
    const { stdout } = await run('node', ['--input-type=module', '-e', script], { cwd: project });
    const { mcnemarTest } = await import('../../stats/index');
    expect(JSON.parse(stdout)).toEqual(mcnemarTest({ n11: 40, n10: 2, n01: 9, n00: 49 }));
  });
});
