#!/usr/bin/env node
import { VERSION } from '../version';

const args = process.argv.slice(2);
// A bare `verdict --version` (a CI log's first line) is answered before commander and the commands load: start-up
// within 1.3x of `node -e 0` (issue 14, BENCHMARKS.md "CLI start-up"). The line is commander's own for
// `.version(VERSION)`; anywhere else on a command line commander answers it (test/cli/version.test.ts).
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) process.stdout.write(`${VERSION}\n`);
else {
  // The bundle with its code cache where it may run (src/cli/cli-bundle.ts), else the ES modules.
  const cliMain = (await import('./cli-bundle')).loadCliBundle(args) ?? (await import('./cli-main')).cliMain;
  process.exitCode = await cliMain(process.argv);
}
