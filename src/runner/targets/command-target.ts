import { spawn } from 'node:child_process';
import type { CommandTargetConfig, TargetContext, TargetFunction } from '../../schema/experiment-definition';
import { excerpt } from './redact';

/** Time a process group gets between SIGTERM and SIGKILL once its cell is aborted. @default 2000 */
export const DEFAULT_KILL_GRACE_MS = 2000;

/** Most stdout a call may produce before it is stopped: a runaway process must not exhaust memory. @default 16 MiB */
export const DEFAULT_MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

/** Options of {@link commandTarget} beyond the experiment file's fields. */
export interface CommandTargetOptions {
  /** Time between SIGTERM and SIGKILL to the process group on abort. @default DEFAULT_KILL_GRACE_MS */
  readonly killGraceMs?: number;
  /** Stdout beyond this many bytes kills the process group and fails the call. @default DEFAULT_MAX_OUTPUT_BYTES */
  readonly maxOutputBytes?: number;
}

/** What goes on stdin: a string as it is, anything else as JSON, nothing for undefined. */
export function stdinOf(input: unknown): string {
  if (input === undefined) return '';
  return typeof input === 'string' ? input : JSON.stringify(input);
}

/**
 * A target that runs a subprocess per call: `spawn(argv[0], argv.slice(1))` without a shell (an
 * item's `$(touch pwned)` stays text), the input on stdin, the output from stdout with one final
 * newline trimmed. The process leads its own process group (`detached`), so that an abort or a
 * timeout kills the whole group, grandchildren included: SIGTERM, then SIGKILL after `killGraceMs`
 * if anything in the group is still alive. A non-zero exit is an error with the exit code and an
 * excerpt of stderr; a command that does not exist is an error naming it.
 *
 * @example commandTarget({ type: 'command', argv: ['python3', 'solve.py', '--fast'] })
 */
export function commandTarget(
  config: CommandTargetConfig,
  { killGraceMs = DEFAULT_KILL_GRACE_MS, maxOutputBytes = DEFAULT_MAX_OUTPUT_BYTES }: CommandTargetOptions = {},
): TargetFunction {
  const [command, ...args] = config.argv;
  if (command === undefined) throw new TypeError('commandTarget: `argv` must name a command, got an empty array');
  const env = config.env === undefined ? process.env : { ...process.env, ...config.env };

  return (input: unknown, ctx: TargetContext): Promise<string> => {
    ctx.signal.throwIfAborted();
    return new Promise<string>((resolve, reject) => {
      const child = spawn(command, args, { cwd: config.cwd, env, shell: false, detached: true, stdio: 'pipe' });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let settled = false;
      const settle = (action: () => void) => {
        if (settled) return;
        settled = true;
        ctx.signal.removeEventListener('abort', onAbort);
        action();
      };
      const onAbort = () => {
        killGroup(child.pid, killGraceMs);
        settle(() => reject(ctx.signal.reason));
      };
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      let outputBytes = 0;
      child.stdout.on('data', (chunk: Buffer) => {
        outputBytes += chunk.length;
        if (outputBytes <= maxOutputBytes) stdout.push(chunk);
        else {
          killGroup(child.pid, killGraceMs);
          settle(() =>
            reject(new Error(`command '${command}' wrote more than ${maxOutputBytes} bytes to stdout; stopped`)),
          );
        }
      });
      // Only an excerpt of stderr is ever shown: keep its first 64 KiB.
      let errorBytes = 0;
      child.stderr.on('data', (chunk: Buffer) => {
        if (errorBytes < 65_536) stderr.push(chunk);
        errorBytes += chunk.length;
      });
      // A command that exits without reading its stdin closes the pipe: that is its business, not an error.
      child.stdin.on('error', () => {});
      child.stdin.end(stdinOf(input));
      child.on('error', (error: NodeJS.ErrnoException) => settle(() => reject(spawnError(command, error))));
      child.on('close', (code, signal) => {
        settle(() => {
          if (code === 0) return resolve(trimFinalNewline(Buffer.concat(stdout).toString('utf8')));
          const why = code === null ? `was killed by ${signal}` : `exited with code ${code}`;
          const err = excerpt(Buffer.concat(stderr).toString('utf8'));
          reject(new Error(`command '${command}' ${why}${err ? `: ${err}` : ''}`));
        });
      });
    });
  };
}

function trimFinalNewline(text: string): string {
  return text.endsWith('\r\n') ? text.slice(0, -2) : text.endsWith('\n') ? text.slice(0, -1) : text;
}

function spawnError(command: string, error: NodeJS.ErrnoException): Error {
  if (error.code === 'ENOENT')
    return new Error(`command not found: '${command}' (argv[0] is not on PATH or does not exist)`);
  if (error.code === 'EACCES') return new Error(`command '${command}' is not executable (EACCES)`);
  return new Error(`command '${command}' could not be started: ${error.message}`);
}

/**
 * SIGTERM the process group led by `pid`, then SIGKILL it after `graceMs` if any member is still
 * there. The timer stays referenced so that a CLI exiting right after an abort still finishes the job.
 */
function killGroup(pid: number | undefined, graceMs: number): void {
  if (pid === undefined) return;
  if (!signalGroup(pid, 'SIGTERM')) return;
  setTimeout(() => {
    if (signalGroup(pid, 0)) signalGroup(pid, 'SIGKILL');
  }, graceMs);
}

/** Send `signal` to the group; false when the group no longer exists (ESRCH). */
function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}
