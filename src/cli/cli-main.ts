/**
 * The CLI after the `--version` shortcut (src/cli/main.ts): the program built and run on `argv`, resolving to the
 * exit code. It is also the entry of the one-file CommonJS build that `main.ts` runs with a V8 code cache
 * (dist/cli-bundle.cjs, src/cli/cli-bundle.ts).
 */
export async function cliMain(argv: readonly string[]): Promise<number> {
  const args = argv.slice(2);
  // `compare --html`: the charts' worker starts now, so that its loading of vega overlaps the loading of commander
  // and the command as well as the comparison (unreferenced until it renders: a command that fails ends anyway).
  if (args.includes('compare') && args.some((arg) => arg === '--html' || arg.startsWith('--html=')))
    (await import('./start-chart-svg-worker')).startChartSvgWorkerEarly();
  const { runCli } = await import('./run-cli');
  return await runCli(argv);
}
