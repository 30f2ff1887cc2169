import { neutraliseTerminalControls } from '../schema/terminal-controls';

/**
 * Write to stdout what the CLI prints, neutralised (see {@link neutraliseTerminalControls}). Every
 * line the CLI prints from data goes through this or {@link writeStderr}; only the progress bar adds
 * its own control sequences, around a line that was neutralised.
 */
export const writeStdout = (text: string): boolean => process.stdout.write(neutraliseTerminalControls(text));

/**
 * {@link writeStdout} for a long output written in pieces: resolves when stdout can take more (at once, or on
 * `drain`), or when it was closed by its reader, after which nothing more is written.
 */
export async function writeStdoutPiece(text: string): Promise<void> {
  const stdout = process.stdout;
  if (stdout.destroyed || writeStdout(text)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      stdout.off('drain', done).off('close', done).off('error', done);
      resolve();
    };
    stdout.on('drain', done).on('close', done).on('error', done);
  });
}

/** Write to stderr, neutralised (see {@link writeStdout}). */
export const writeStderr = (text: string): boolean => process.stderr.write(neutraliseTerminalControls(text));

/**
 * Let a reader close the CLI's stdout or stderr early (`verdict compare --json-stdout | head`) without a crash:
 * Node emits the write's EPIPE as an `error` event, and with no listener ends the process with a stack trace and
 * exit code 1, which a CI gate reads as "regressed". What is left to print is dropped (no one reads it) and the
 * command ends with its own exit code. Any other error of the stream is thrown as before.
 */
let earlyCloseAllowed = false;

export function allowEarlyClosedOutput(): void {
  if (earlyCloseAllowed) return;
  earlyCloseAllowed = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
      throw error;
    });
  }
}
