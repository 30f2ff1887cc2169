#!/usr/bin/env node
import { VERSION } from '../version';

const args = process.argv.slice(2);
// A bare `verdict --version` (a CI log's first line) is answered before commander and the commands load: start-up
// within 1.3x of `node -e 0` (issue 14, BENCHMARKS.md "CLI start-up"). The line is commander's own for
// `.version(VERSION)`; anywhere else on a command line commander answers it (test/cli/version.test.ts).
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) process.stdout.write(`${VERSION}\n`);
else {
  // `compare --html`: the charts' worker starts now, so that its loading of vega overlaps the loading of commander
  // and the command as well as the comparison (unreferenced until it renders: a command that fails ends anyway).
  if (args.includes('compare') && args.some((arg) => arg === '--html' || arg.startsWith('--html=')))
    (await import('./start-chart-svg-worker')).startChartSvgWorkerEarly();
  const { runCli } = await import('./run-cli');
  process.exitCode = await runCli(process.argv);
}
