import type { Command } from 'commander';
import { cacheCommand } from './cache';
import { compareCommand } from './compare';
import { demoCommand } from './demo';
import { formatsCommand } from './formats';
import { powerCommand } from './power';
import { runCommand } from './run';
import { summaryCommand } from './summary';
import { workerCommand } from './worker';

/** Every command of the CLI, one file each, registered in the order `--help` lists them: a newcomer's order. */
export function registerCommands(program: Command): void {
  demoCommand(program);
  runCommand(program);
  workerCommand(program);
  compareCommand(program);
  summaryCommand(program);
  powerCommand(program);
  formatsCommand(program);
  cacheCommand(program);
}
