import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type ChildRun, runChild } from './run-child';

/** GNU time (Debian's package `time`): the kernel's rusage of a child of any language. */
export const GNU_TIME = '/usr/bin/time';

/** A child's run with what the kernel counted for it: CPU time (user + system) and peak RSS. */
export interface TimedRun extends ChildRun {
  readonly cpuMs: number;
  readonly peakRssBytes: number;
}

/**
 * Run a command under GNU time and report its wall time (spawn to exit, as runChild), its user + system CPU
 * time and its peak RSS (getrusage's ru_maxrss of the child, whatever language it is written in), so that a
 * Node CLI, a DuckDB child and a Python script are measured the same way.
 * @throws {Error} when /usr/bin/time is missing (install Debian's `time`), or as runChild does
 * @example const { wallMs, cpuMs, peakRssBytes } = await runTimed('/usr/bin/python3', ['-c', 'pass'], { tmpDir })
 */
export async function runTimed(
  command: string,
  args: readonly string[],
  { tmpDir, okCodes = [0] }: { readonly tmpDir: string; readonly okCodes?: readonly number[] },
): Promise<TimedRun> {
  if (!existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} not found: install GNU time (apt-get install time)`);
  const report = join(tmpDir, `time-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.txt`);
  try {
    const run = await runChild(GNU_TIME, ['-f', '%U %S %M', '-o', report, command, ...args], { okCodes });
    // The last line: GNU time writes "Command exited with non-zero status N" before it for a non-zero exit.
    const last = readFileSync(report, 'utf8').trim().split('\n').at(-1)!;
    const [user, system, maxKb] = last.split(' ').map(Number) as [number, number, number];
    return { ...run, cpuMs: (user + system) * 1000, peakRssBytes: maxKb * 1024 };
  } finally {
    rmSync(report, { force: true });
  }
}
