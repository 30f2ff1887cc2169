import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { projectPath } from './project-path';

/** How a child process ended and how long it took, from spawn to exit. */
export interface ChildRun {
  readonly code: number | null;
  readonly wallMs: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A Node child's run with its peak RSS (getrusage's ru_maxrss, reported by the child itself on exit). */
export interface NodeChildRun extends ChildRun {
  readonly peakRssBytes: number;
}

const PEAK_RSS_PRELOAD = projectPath('bench', 'harness', 'report-peak-rss.mjs');

/**
 * Run a command to its end, without a shell, and time it from spawn to exit (what a user waits for).
 * @throws {Error} when the command cannot be started, or exits other than with one of `okCodes`, quoting its stderr
 * @example const { wallMs } = await runChild('/usr/bin/python3', ['-c', 'pass'])
 */
export function runChild(
  command: string,
  args: readonly string[],
  {
    env = {},
    okCodes = [0],
    onStderrLine,
  }: {
    readonly env?: Readonly<Record<string, string>>;
    readonly okCodes?: readonly number[];
    /** Told each line of stderr as it comes (a child's progress). */
    readonly onStderrLine?: (line: string) => void;
  } = {},
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    let partial = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr.push(chunk);
      if (onStderrLine === undefined) return;
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop()!;
      for (const line of lines) onStderrLine(line);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const run = {
        code,
        wallMs: performance.now() - started,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      };
      if (code !== null && okCodes.includes(code)) resolve(run);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${run.stderr.trim().slice(-2000)}`));
    });
  });
}

/**
 * Run `node [nodeArgs] script [args]` and report its peak RSS as well. `nodeArgs` may load tsx for a
 * TypeScript script; the preload that reports the RSS is added in front.
 */
export async function runNodeChild(
  nodeArgs: readonly string[],
  args: readonly string[],
  { tmpDir, okCodes = [0] }: { readonly tmpDir: string; readonly okCodes?: readonly number[] },
): Promise<NodeChildRun> {
  const rssFile = join(tmpDir, `peak-rss-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.txt`);
  try {
    const run = await runChild(process.execPath, ['--import', PEAK_RSS_PRELOAD, ...nodeArgs, ...args], {
      env: { VERDICT_BENCH_RSS_FILE: rssFile },
      okCodes,
    });
    return { ...run, peakRssBytes: Number(readFileSync(rssFile, 'utf8')) };
  } finally {
    rmSync(rssFile, { force: true });
  }
}
