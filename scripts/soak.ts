/**
 * The long soak of issue 7: the reliability suite's fault, HTTP and crash runs (test/reliability/) at
 * sizes too large for `npm test`. Seeded, so a failure can be replayed with the same flags.
 *
 *   npx tsx scripts/soak.ts [--cells 100000] [--http-cells 20000] [--kills 30] [--crash-items 10000] [--seed 1]
 *
 * 1. Function targets under the seeded fault plan (20% transient, 2% permanent, 1% hangs, 1% malformed,
 *    5% slow): every cell ends as its fault says, transient ones succeed after their retries, nothing is
 *    lost or stored twice.
 * 2. The same over HTTP: the built-in openai target against a local faulty chat-completions server, the
 *    API key (a canary) echoed by every failure and stored nowhere.
 * 3. `verdict run` killed with SIGKILL at `--kills` seeded moments and resumed each time, then compared
 *    cell for cell with an uninterrupted run of the same deterministic experiment.
 *
 * Prints the figures RELIABILITY.md reports, and exits 1 on the first broken promise.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type CellRecord, loadExperiment, readRun, runExperiment } from '../src/index';
import { planCells } from '../src/runner/plan-cells';
import { seededRandom } from '../stats/seeded-random';
import { type CellFault, expectedStatus, faultCounts, faultPlan, passesHash } from '../test/reliability/fault-plan';
import { startFaultyChatServer } from '../test/reliability/faulty-chat-server';
import { faultyTarget } from '../test/reliability/faulty-target';
import { runOutcomes } from '../test/reliability/run-outcomes';

const { values } = parseArgs({
  options: {
    cells: { type: 'string', default: '100000' },
    'http-cells': { type: 'string', default: '20000' },
    kills: { type: 'string', default: '30' },
    'crash-items': { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
  },
});
const seed = Number(values.seed);
const work = mkdtempSync(join(tmpdir(), 'verdict-soak-'));
const VARIANTS = ['baseline', 'candidate'];
const MAX_RETRIES = 3;

function fail(message: string): never {
  process.stderr.write(`soak: FAILED: ${message}\n(run directories kept in ${work})\n`);
  process.exit(1);
}

/** Check stored records against the plan: status, retries, no duplicate, no lost cell. */
async function verify(outDir: string, keys: readonly string[], plan: ReadonlyMap<string, CellFault>): Promise<void> {
  const lines = readFileSync(join(outDir, 'results.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l !== '');
  const stored = lines.map((line) => JSON.parse(line) as CellRecord);
  const seen = new Set<string>();
  for (const record of stored) {
    if (seen.has(record.key)) fail(`${record.key} stored twice`);
    seen.add(record.key);
    const fault = plan.get(record.key)!;
    const want = expectedStatus(fault);
    if (record.status !== want)
      fail(`${record.key} (${fault.kind}) ended ${record.status}, want ${want}: ${record.error}`);
    if (want === 'ok' && record.attempts !== fault.failures + 1)
      fail(`${record.key} took ${record.attempts} attempts, want ${fault.failures + 1}`);
  }
  const lost = keys.filter((key) => !seen.has(key));
  if (lost.length > 0) fail(`${lost.length} cells lost, e.g. ${lost[0]}`);
  if ((await readRun(outDir)).records.length !== keys.length) fail('readRun disagrees with the file');
}

function describePlan(plan: ReadonlyMap<string, CellFault>): string {
  const { cells, transientCalls } = faultCounts(plan);
  return `transient ${cells.transient} cells (${transientCalls} failing calls), permanent ${cells.permanent}, hang ${cells.hang}, malformed ${cells.malformed}, slow ${cells.slow}`;
}

async function functionSoak(cellCount: number): Promise<void> {
  const items = Array.from({ length: Math.ceil(cellCount / 2) }, (_, i) => ({ id: `item-${i}`, input: i }));
  const keys = planCells(items, VARIANTS).map((c) => c.key);
  const plan = faultPlan(keys, { seed: seed * 1000 + 1, maxFailures: MAX_RETRIES, maxSlowMs: 40 });
  const calls = new Map<string, number>();
  const began = Date.now();
  const outDir = join(work, 'function');
  const summary = await runExperiment(
    {
      name: 'soak-function',
      items,
      variants: Object.fromEntries(VARIANTS.map((v) => [v, faultyTarget(v, plan, calls)])),
      score: passesHash,
      concurrency: 128,
      timeoutMs: 2000,
      retries: { max: MAX_RETRIES, baseDelayMs: 1, maxDelayMs: 4 },
    },
    { outDir, command: ['soak'], random: seededRandom(seed) },
  );
  await verify(outDir, keys, plan);
  process.stdout.write(
    `function targets: ${keys.length} cells in ${((Date.now() - began) / 1000).toFixed(1)} s; ${describePlan(plan)}; ok ${summary.ok}, error ${summary.error}, timeout ${summary.timeout}; none lost, none twice\n`,
  );
}

async function httpSoak(cellCount: number): Promise<void> {
  const items = Array.from({ length: Math.ceil(cellCount / 2) }, (_, i) => ({ id: `q${i}`, input: `q${i}` }));
  const keys = planCells(items, VARIANTS).map((c) => c.key);
  const plan = faultPlan(keys, { seed: seed * 1000 + 2, maxFailures: MAX_RETRIES, maxSlowMs: 60 });
  const server = await startFaultyChatServer(plan);
  const canary = `sk-soak-canary-${seed}-${Date.now().toString(36)}`;
  process.env.VERDICT_SOAK_CANARY_KEY = canary;
  const began = Date.now();
  const outDir = join(work, 'http');
  try {
    const summary = await runExperiment(
      {
        name: 'soak-http',
        items,
        variants: Object.fromEntries(
          VARIANTS.map((model) => [
            model,
            { type: 'openai', baseURL: server.baseURL, model, apiKeyEnv: 'VERDICT_SOAK_CANARY_KEY' },
          ]),
        ),
        score: passesHash,
        concurrency: 64,
        timeoutMs: 5000,
        retries: { max: MAX_RETRIES, baseDelayMs: 1, maxDelayMs: 4 },
      },
      { outDir, command: ['soak'], random: seededRandom(seed + 1) },
    );
    await verify(outDir, keys, plan);
    for (const file of ['results.jsonl', 'manifest.json'])
      if (readFileSync(join(outDir, file), 'utf8').includes(canary)) fail(`the API key leaked into ${file}`);
    process.stdout.write(
      `HTTP (openai target): ${keys.length} cells in ${((Date.now() - began) / 1000).toFixed(1)} s; ${describePlan(plan)}; ok ${summary.ok}, error ${summary.error}, timeout ${summary.timeout}; key stored nowhere\n`,
    );
  } finally {
    await server.close();
  }
}

const FIXTURE = 'test/reliability/fixtures/faulty-experiment.ts';

/** `verdict run FIXTURE --out DIR --resume --quiet` as a process. */
function startRun(outDir: string, env: NodeJS.ProcessEnv) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'run', FIXTURE, '--out', outDir, '--resume', '--quiet'],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, done };
}

const wholeLines = (dir: string) =>
  existsSync(join(dir, 'results.jsonl')) ? readFileSync(join(dir, 'results.jsonl'), 'utf8').split('\n').length - 1 : 0;

async function crashSoak(kills: number, itemCount: number): Promise<void> {
  const env = { VERDICT_FAULTY_ITEMS: String(itemCount) };
  Object.assign(process.env, env);
  const planned = itemCount * 2;
  const killed = join(work, 'killed');
  const reference = join(work, 'reference');
  const began = Date.now();
  const random = seededRandom(seed * 1000 + 3);
  const perSession = Math.floor((0.8 * planned) / kills);
  let done = 0;
  for (let kill = 1; kill <= kills; kill++) {
    const target = wholeLines(killed) + Math.floor(random() * perSession);
    const session = startRun(killed, env);
    let ended = false;
    void session.done.then(() => {
      ended = true;
    });
    while (!ended && wholeLines(killed) < target) await new Promise((resolve) => setTimeout(resolve, 5));
    session.child.kill('SIGKILL');
    const result = await session.done;
    if (result.signal !== 'SIGKILL') fail(`session ${kill} ended on its own (${result.code}): ${result.stderr}`);
    if (runOutcomes(killed).duplicates.length > 0) fail(`a cell stored twice after kill ${kill}`);
    done = kill;
  }
  const last = await startRun(killed, env).done;
  if (last.code !== 0) fail(`the final resume exited ${last.code}: ${last.stderr}`);
  await runExperiment(await loadExperiment(FIXTURE), { outDir: reference, command: ['soak'] });
  const want = runOutcomes(reference).outcomes;
  const got = runOutcomes(killed);
  if (got.duplicates.length > 0 || got.outcomes.size !== planned || want.size !== planned)
    fail(`after ${done} kills: ${got.outcomes.size} cells (${got.duplicates.length} twice), want ${planned}`);
  for (const [key, outcome] of want)
    if (JSON.stringify(got.outcomes.get(key)) !== JSON.stringify(outcome))
      fail(
        `${key} differs from the uninterrupted run: ${JSON.stringify(got.outcomes.get(key))} vs ${JSON.stringify(outcome)}`,
      );
  process.stdout.write(
    `kill -9 and resume: ${done} kills over ${planned} cells in ${((Date.now() - began) / 1000).toFixed(1)} s; equal to an uninterrupted run, cell for cell\n`,
  );
}

try {
  process.stdout.write(`soak (seed ${seed}), working in ${work}\n`);
  await functionSoak(Number(values.cells));
  await httpSoak(Number(values['http-cells']));
  await crashSoak(Number(values.kills), Number(values['crash-items']));
  rmSync(work, { recursive: true, force: true });
  process.stdout.write('soak passed\n');
} catch (error) {
  fail(error instanceof Error ? (error.stack ?? error.message) : String(error));
}
