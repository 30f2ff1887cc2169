import type { Command } from 'commander';
import { defaultCacheDirectory } from '../../cache/default-cache-directory';
import { DEFAULT_QUEUE_WINDOW } from '../../distributed/defaults';
import { DEFAULT_RETRY_BASE_DELAY_MS, DEFAULT_RETRY_MAX_DELAY_MS } from '../../runner/backoff-delay';
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_MAX_OUTPUT_CHARS,
  DEFAULT_MAX_RETRIES,
  DEFAULT_RUNS_DIR,
  DEFAULT_SAMPLES,
  DEFAULT_SEED,
  DEFAULT_TIMEOUT_MS,
} from '../../runner/run-defaults';
import type { RunFlags } from '../actions/run-from-cli';

const EXAMPLES = `
The experiment is a .ts/.js module whose default export is { name, items, variants, score, ... },
or a .json/.yaml file of the same fields with built-in targets ({ type: 'openai' | 'anthropic' | 'http' | 'command' }).
A .ts file is loaded through tsx (installed with verdict); .js/.mjs/.json/.yaml are read directly.
Items: an array of { id, input, expected?, tags? }, or { path } to a .jsonl/.csv/.json file next to
the experiment (a path outside its directory needs allowOutside: true).

A minimal experiment, qa.yaml:
  name: qa
  items: { path: items.jsonl }   # one {"id":"q1","input":"2+2?","expected":"4"} per line
  variants:
    A: { type: openai, baseURL: https://api.openai.com/v1, model: gpt-4o-mini, apiKeyEnv: OPENAI_API_KEY }
    B: { type: command, argv: [python3, solve.py] }   # input on stdin, answer on stdout, no shell
  score: { type: exact-match }

Examples (the files are in the examples/ folder of verdict's repository):
  $ verdict run examples/command/experiment.yaml --dry-run
    validates the file and prints the plan: 36 items x 2 variants x 1 samples = 72 cells
  $ verdict run examples/qa/experiment.ts --out runs/qa --concurrency 16
    runs it into runs/qa/ (results.jsonl, manifest.json); Ctrl-C stops it and keeps the results
  $ verdict run examples/qa/experiment.ts --out runs/qa --resume --retry-errors
    runs what is missing, and the cells that ended in an error or a timeout, again
  $ verdict run examples/qa/experiment.ts --out runs/qa-4 --samples 4
    four samples per item and variant, for pass@k (\`verdict summary runs/qa-4\`)
  $ verdict run examples/command/experiment.yaml --attempt-timeout 5000 --dry-run
    a call still hanging after 5 s is abandoned and retried within the cell's --timeout

  $ verdict run examples/command/experiment.yaml --stop-early --design-difference 5 --design-discordance 15 --dry-run
    stop once a 5-point change at 15% discordance is shown (or ruled out at the planned end)

  $ verdict run examples/qa/experiment.ts --out runs/qa-uncached --no-cache
    calls every target again; by default unchanged cells are served from the output cache
    ($VERDICT_CACHE_DIR, else ~/.cache/verdict/outputs) and the summary states the calls and cost saved

On many machines: \`verdict run EXPERIMENT --queue redis://host:6379/0\` makes this process the
coordinator and \`verdict worker EXPERIMENT --queue ...\` on each machine runs the cells; see
docs/distributed.md.

Exit codes: 0 run finished (cells may have errors: see the summary), 2 bad experiment or flags,
130 interrupted (resume with --resume).
`;

/** `verdict run <experiment>`: run every (item, variant, sample) cell into a run directory. */
export function runCommand(program: Command): void {
  program
    .command('run')
    .description('run an experiment: every item through every variant, results streamed to <out>/results.jsonl')
    .argument('<experiment>', 'experiment file: .ts, .mts, .js, .mjs, .json, .yaml')
    .option('--out <dir>', `run directory (default ${DEFAULT_RUNS_DIR}/<experiment name>)`)
    .option('--resume', 'continue the run in --out: run only the cells not stored yet')
    .option('--retry-errors', 'with --resume, also re-run cells stored as error or timeout')
    .option('--fresh', 'start over: delete the stored results in --out first')
    .option('--force', 'with --resume, accept a changed experiment; without, the same as --fresh')
    .option('--concurrency <n>', `cells run at once (default: the experiment's, else ${DEFAULT_CONCURRENCY})`)
    .option(
      '--samples <n>',
      `repeats per item and variant, for pass@k (default: the experiment's, else ${DEFAULT_SAMPLES})`,
    )
    .option(
      '--timeout <ms>',
      `deadline per cell, all attempts included (default: the experiment's, else ${DEFAULT_TIMEOUT_MS})`,
    )
    .option(
      '--attempt-timeout <ms>',
      "deadline per attempt: a hung call is abandoned and retried within the cell's --timeout (default: the experiment's attemptTimeoutMs, else none)",
    )
    .option(
      '--max-retries <n>',
      `retries of transient failures (default: the experiment's, else ${DEFAULT_MAX_RETRIES}, backoff ${DEFAULT_RETRY_BASE_DELAY_MS}-${DEFAULT_RETRY_MAX_DELAY_MS} ms)`,
    )
    .option(
      '--seed <n>',
      `experiment seed, from which every cell's seed is derived (default: the experiment's, else ${DEFAULT_SEED})`,
    )
    .option(
      '--max-output-chars <n>',
      `longest output a cell stores, in characters of JSON; a longer one is an error (default ${DEFAULT_MAX_OUTPUT_CHARS})`,
    )
    .option(
      '--in-process',
      "call function targets and scorers in verdict's own thread, not in worker threads (faster per cell; a synchronous loop then outlives its deadline, and process.exit() in a target ends the run)",
    )
    .option(
      '--cache [dir]',
      `the output cache, on by default: serve unchanged cells from it and store every ok cell in it, in this directory (default: $VERDICT_CACHE_DIR, else $XDG_CACHE_HOME/verdict/outputs, else ~/.cache/verdict/outputs; here ${defaultCacheDirectory()})`,
    )
    .option('--no-cache', 'call every target: no output cache is read or written')
    .option(
      '--stop-early',
      "items in a seeded random order, stop starting new ones once the anytime-valid comparison of the experiment's `stopping` baseline and candidate has decided (or at its maxItems)",
    )
    .option(
      '--design-difference <points>',
      'with --stop-early: tune the gate to this drop or gain in points (the likelihood ratio at that alternative, a final look at the planned end; `verdict power --sequential` plans it), over `stopping.design`',
    )
    .option(
      '--design-discordance <points>',
      'with --design-difference: the expected share of items whose outcome differs (p10 + p01), in points',
    )
    .option(
      '--design-calibrated',
      'with --design-difference: the calibrated truncated design (opt-in): cross at a threshold calibrated exactly to a truncation at K discordant pairs, stop at the K-th with its final exact look (valid up to K only; planned for power 0.8 or --design-power)',
    )
    .option(
      '--design-power <p>',
      'with --design-calibrated: the power the calibrated design is planned for (default 0.8; stopping.design.power)',
    )
    .option(
      '--queue <url>',
      'distributed run: be the coordinator on this Redis (redis://host:port/db, rediss:// for TLS); `verdict worker` runs the cells',
    )
    .option('--queue-name <name>', "with --queue: the queue's name (default: the experiment's name)")
    .option(
      '--on-interrupt <mode>',
      'with --queue: Ctrl-C cancels the cells in flight on workers (cancel) or lets them finish (drain)',
      'cancel',
    )
    .option('--stalled-after <ms>', 'with --queue: lock duration of result jobs (default 30000)')
    .option(
      '--queue-window <n>',
      `with --queue: cells in Redis and not yet stored, at most; topped up as results come back (default ${DEFAULT_QUEUE_WINDOW})`,
    )
    .option('--dry-run', 'validate the experiment and print the plan without running it')
    .option('--quiet', 'no progress on stderr')
    .option('--json', 'print the summary (or with --dry-run the plan) as JSON on stdout')
    .addHelpText('after', EXAMPLES)
    .action(async (file: string, flags: RunFlags) => {
      // Loaded when the command runs, so that `verdict --help` and other commands never load the runner.
      const { runFromCli } = await import('../actions/run-from-cli');
      process.exitCode = await runFromCli(file, flags);
    });
}
