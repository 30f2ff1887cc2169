import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root: the CLI runs from here, as a user's `npx verdict` would from theirs. */
export const ROOT = join(import.meta.dirname, '../..');

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `node --import tsx src/cli/main.ts ...args` as a child process, its output collected. */
export function startCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

/** Resolve once the started CLI has written `text` on stderr; reject if it ends first. */
export function saying(started: ReturnType<typeof startCli>, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let said = '';
    started.child.stderr?.on('data', (chunk: Buffer) => {
      said += String(chunk);
      if (said.includes(text)) resolve();
    });
    void started.done.then((end) =>
      reject(new Error(`process ended (${end.code}) before saying "${text}": ${end.stderr}`)),
    );
  });
}

export const runCli = (args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> =>
  startCli(args, env).done;

/** Lines of a run's results.jsonl (whole lines only: a torn last line is not counted). */
export function resultLines(dir: string): string[] {
  const file = join(dir, 'results.jsonl');
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  return text
    .slice(0, text.lastIndexOf('\n') + 1)
    .split('\n')
    .filter((line) => line !== '');
}

/** Resolve once `condition` holds or the process has ended, polling every 5 ms. */
export async function waitUntil(condition: () => boolean, ended: () => boolean): Promise<void> {
  while (!condition() && !ended()) await new Promise((resolve) => setTimeout(resolve, 5));
}

/**
 * Run the CLI in this process (`runCli` from src/cli/run-cli.ts), capturing stdout and stderr: the
 * same code path as the binary without a process start, for the cases that need no signals.
 */
export async function runCliInProcess(args: readonly string[]): Promise<CliResult> {
  const { runCli: run } = await import('../../src/cli/run-cli');
  const stdout: string[] = [];
  const stderr: string[] = [];
  const writeOut = process.stdout.write;
  const writeErr = process.stderr.write;
  const exitCode = process.exitCode;
  process.stdout.write = ((chunk: string) => stdout.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => stderr.push(String(chunk)) > 0) as typeof process.stderr.write;
  try {
    const code = await run(['node', 'verdict', ...args]);
    return { code, signal: null, stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
    process.exitCode = exitCode;
  }
}
