import type { Command } from 'commander';

/** Every command of the CLI, one file each, registered in the order `--help` lists them. */
export function registerCommands(program: Command): void {
  void program;
}
