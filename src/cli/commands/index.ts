import type { Command } from 'commander';

/**
 * Every command of the CLI, one file each, in the order `--help` lists them (a newcomer's order), each loaded
 * only when it is needed: `verdict compare ...` loads compare's file alone, `verdict --version` none of them
 * (BENCHMARKS.md "CLI start-up"). The key is the command's name, as its file registers it.
 */
const COMMANDS = {
  demo: async () => (await import('./demo')).demoCommand,
  run: async () => (await import('./run')).runCommand,
  worker: async () => (await import('./worker')).workerCommand,
  compare: async () => (await import('./compare')).compareCommand,
  summary: async () => (await import('./summary')).summaryCommand,
  power: async () => (await import('./power')).powerCommand,
  formats: async () => (await import('./formats')).formatsCommand,
  cache: async () => (await import('./cache')).cacheCommand,
} satisfies Record<string, () => Promise<(program: Command) => void>>;

type CommandName = keyof typeof COMMANDS;
const isCommandName = (name: string | undefined): name is CommandName =>
  name !== undefined && Object.hasOwn(COMMANDS, name);

/**
 * Register the commands `args` (argv without node and the script) can need: the one it names (its first
 * operand), none for a bare `--version`, and every one otherwise (`--help`, `help compare`, a mistyped name, which
 * commander answers with a suggestion from all of them).
 */
export async function registerCommands(program: Command, args: readonly string[]): Promise<void> {
  const first = args.find((arg) => !arg.startsWith('-'));
  const names: readonly CommandName[] = isCommandName(first)
    ? [first]
    : first === undefined && args.some((arg) => arg === '--version' || arg === '-V')
      ? []
      : (Object.keys(COMMANDS) as CommandName[]);
  const registers = await Promise.all(names.map((name) => COMMANDS[name]()));
  registers.forEach((register, i) => {
    register(program);
    const registered = program.commands.at(-1)?.name();
    if (registered !== names[i])
      throw new Error(`internal: commands/index.ts lists ${names[i]}, its file registered ${registered}`);
  });
}
