/**
 * Helpers of the docs tests: scratch directories that resolve the repository's node_modules, the CLI
 * run from source through tsx, and TypeScript blocks rewritten to import the sources.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CLI = join(ROOT, 'src/cli/main.ts');

/** A scratch directory whose `node_modules` is the repository's, holding a copy of `examples/`. */
export async function scratchDirectory(prefix: string): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), `verdict-${prefix}-`));
  await symlink(join(ROOT, 'node_modules'), join(directory, 'node_modules'), 'dir');
  await cp(join(ROOT, 'examples'), join(directory, 'examples'), { recursive: true });
  await mkdir(join(directory, 'runs'), { recursive: true });
  return directory;
}

export interface ProcessResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run a program and resolve with its exit code and output, whatever the code. */
export function runProcess(file: string, args: readonly string[], cwd: string): Promise<ProcessResult> {
  return new Promise((done) => {
    execFile(
      file,
      [...args],
      { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        done({ exitCode: code, stdout, stderr });
      },
    );
  });
}

/** `verdict <args>` from the sources, in a process of its own, in `cwd`. */
export function runCli(args: readonly string[], cwd: string): Promise<ProcessResult> {
  return runProcess(TSX, [CLI, ...args], cwd);
}

/**
 * `verdict <args>` in this process, in `cwd`, with stdout and stderr captured: what `runCli` does without
 * the second or two each new process spends loading the sources. Tests calling it must not run
 * concurrently (it changes the working directory and `process.exitCode` for the duration).
 */
export async function runCliInProcess(args: readonly string[], cwd: string): Promise<ProcessResult> {
  const { runCli: run } = await import('../../src/cli/run-cli');
  const captured = { stdout: '', stderr: '' };
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  const capture = (stream: 'stdout' | 'stderr') =>
    ((chunk: string | Uint8Array) => {
      captured[stream] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    }) as typeof process.stdout.write;
  const previous = process.cwd();
  process.chdir(cwd);
  process.exitCode = undefined;
  process.stdout.write = capture('stdout');
  process.stderr.write = capture('stderr');
  try {
    const exitCode = await run(['node', 'verdict', ...args]);
    return { exitCode, ...captured };
  } finally {
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
    process.chdir(previous);
    process.exitCode = undefined;
  }
}

/** Import a TypeScript module in this process, in `cwd` (top-level code runs), with console output muted. */
export async function importInProcess(file: string, cwd: string): Promise<void> {
  const previous = process.cwd();
  const log = console.log;
  process.chdir(cwd);
  console.log = () => {};
  try {
    await import(pathToFileURL(join(cwd, file)).href);
  } finally {
    console.log = log;
    process.chdir(previous);
  }
}

/** Run a TypeScript file with tsx. */
export function runTypeScript(file: string, cwd: string): Promise<ProcessResult> {
  return runProcess(TSX, [file], cwd);
}

/** Point `verdict`, `verdict/stats` and `verdict/reports` imports at the sources. */
export function importSources(code: string): string {
  const entries: Record<string, string> = {
    verdict: join(ROOT, 'src/index'),
    'verdict/stats': join(ROOT, 'stats/index'),
    'verdict/reports': join(ROOT, 'reports/index'),
  };
  return code.replace(
    /(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(['"])(verdict(?:\/stats|\/reports)?)\2/g,
    (_, head: string, quote: string, name: string) => `${head}${quote}${entries[name]}${quote}`,
  );
}
