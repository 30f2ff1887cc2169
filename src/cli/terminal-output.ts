import { neutraliseTerminalControls } from '../schema/terminal-controls';

/**
 * Write to stdout what the CLI prints, neutralised (see {@link neutraliseTerminalControls}). Every
 * line the CLI prints from data goes through this or {@link writeStderr}; only the progress bar adds
 * its own control sequences, around a line that was neutralised.
 */
export const writeStdout = (text: string): boolean => process.stdout.write(neutraliseTerminalControls(text));

/** Write to stderr, neutralised (see {@link writeStdout}). */
export const writeStderr = (text: string): boolean => process.stderr.write(neutraliseTerminalControls(text));
