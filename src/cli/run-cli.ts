import { Command, CommanderError } from 'commander';
import { VERSION } from '../version';
import { registerCommands } from './commands';
import { EXIT_CODES } from './exit-codes';
import { formatCliError } from './format-cli-error';
import { allowEarlyClosedOutput, writeStderr, writeStdout } from './terminal-output';

/** Build the `verdict` program for `argv`: the commands it can need register themselves from commands/. */
async function buildProgram(argv: readonly string[]): Promise<Command> {
  const program = new Command('verdict')
    .description('Paired statistics for comparing model versions: McNemar, Wilson, pass@k, power, reports, CI gate.')
    .version(VERSION, '-V, --version')
    .option('--verbose', 'show stack traces of errors')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (text) => writeStderr(text), writeOut: (text) => writeStdout(text) });
  await registerCommands(program, argv.slice(2));
  for (const command of program.commands) command.exitOverride();
  return program;
}

/**
 * Run the CLI on `argv` and resolve to the exit code. A user's mistake prints one line on stderr
 * (the stack only with --verbose) and gives exit code 2; nothing here calls process.exit().
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const verbose = argv.includes('--verbose');
  allowEarlyClosedOutput();
  try {
    const program = await buildProgram(argv);
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_CODES.passed;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0; usage errors were already printed.
      return error.exitCode === 0 ? 0 : EXIT_CODES.usage;
    }
    writeStderr(`${formatCliError(error, { verbose })}\n`);
    return exitCodeOfError(error);
  }
}

function exitCodeOfError(error: unknown): number {
  if (error instanceof Error && error.name === 'AbortError') return EXIT_CODES.interrupted;
  return EXIT_CODES.usage;
}
