/**
 * Where `verdict compare` spends its CPU (issue 14): run the bundled CLI under `node --cpu-prof` on a synthetic
 * results file, then summarise the .cpuprofile: the functions with the most self time, and the share of the
 * garbage collector (V8's "(garbage collector)" node) and of idle time (waiting on I/O).
 *
 * Run: npx tsx bench/harness/cpu-profile.ts [--items 1000000] [--file results.jsonl] [--top 15] [--keep]
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { bundleScript } from './bundle-script';
import { projectPath } from './project-path';
import { runChild } from './run-child';
import { compareArgs, syntheticFile } from './synthetic-file';

/** The parts of V8's .cpuprofile (the Chrome DevTools Profiler.Profile) read here. */
interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: {
      readonly functionName: string;
      readonly url: string;
      readonly lineNumber: number;
    };
  }[];
  readonly samples: readonly number[];
  /** Microseconds since the sample before (the first: since startTime). */
  readonly timeDeltas: readonly number[];
}

/** One function's self time. */
export interface SelfTime {
  readonly name: string;
  readonly where: string;
  readonly selfMs: number;
  readonly share: number;
}

/** The summary of a profile: total sampled time, GC and idle shares, and the functions by self time. */
export interface ProfileSummary {
  readonly totalMs: number;
  readonly gcShare: number;
  readonly idleShare: number;
  readonly top: readonly SelfTime[];
}

/**
 * Self time per function (summed over the call tree's nodes of one function, named by name, file and line):
 * each sample is charged the time until the next one (V8's timeDeltas), to the node it landed in.
 * @example summariseProfile(JSON.parse(readFileSync('CPU.cpuprofile', 'utf8')), 10).gcShare // 0.12
 */
export function summariseProfile(profile: CpuProfile, top: number): ProfileSummary {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const self = new Map<string, { name: string; where: string; us: number }>();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const us = profile.timeDeltas[i + 1] ?? 0;
    const frame = byNode.get(profile.samples[i]!)!;
    const url = frame.url === '' ? '' : shortUrl(frame.url);
    const where = url === '' || url === 'cli bundle' ? url : `${url}:${frame.lineNumber + 1}`;
    const name = frame.functionName || '(anonymous)';
    const key = `${name}\u0000${where}`;
    const entry = self.get(key) ?? { name, where, us: 0 };
    entry.us += us;
    self.set(key, entry);
    total += us;
  }
  const shareOf = (name: string) => (self.get(`${name}\u0000`)?.us ?? 0) / total;
  const ranked = [...self.values()].sort((a, b) => b.us - a.us).slice(0, top);
  return {
    totalMs: total / 1000,
    gcShare: shareOf('(garbage collector)'),
    idleShare: shareOf('(idle)'),
    top: ranked.map(({ name, where, us }) => ({ name, where, selfMs: us / 1000, share: us / total })),
  };
}

/** A file URL as a path from the project (node_modules/... or the bundle), for a table. */
function shortUrl(url: string): string {
  const path = url.startsWith('file://') ? new URL(url).pathname : url;
  if (path.endsWith('/main.mjs')) return 'cli bundle'; // the bundled CLI: its line numbers change with every build
  const from = relative(projectPath(), path);
  return from.startsWith('..') ? path : from;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      items: { type: 'string', default: '1000000' },
      file: { type: 'string' },
      top: { type: 'string', default: '15' },
      keep: { type: 'boolean', default: false },
    },
  });
  const tmpDir = projectPath('bench', '.tmp', `profile-${process.pid}`);
  const file = values.file ?? syntheticFile(tmpDir, Number(values.items)).file;
  const cli = await bundleScript(projectPath('src', 'cli', 'main.ts'), tmpDir);
  const profileDir = mkdtempSync(join(tmpDir, 'cpu-'));
  const args = compareArgs(file, join(tmpDir, 'out.json'));
  const run = await runChild(process.execPath, ['--cpu-prof', '--cpu-prof-dir', profileDir, cli, ...args], {
    okCodes: [0, 1, 3, 4],
  });
  const [name] = readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile'));
  const summary = summariseProfile(
    JSON.parse(readFileSync(join(profileDir, name!), 'utf8')) as CpuProfile,
    Number(values.top),
  );
  const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
  const lines = [
    `node --cpu-prof <CLI bundled as tsup bundles dist/cli.js> compare ${relative(projectPath(), file)} --baseline A --candidate B --by tags.category --json out.json`,
    `wall ${(run.wallMs / 1000).toFixed(1)} s; sampled ${(summary.totalMs / 1000).toFixed(1)} s; GC ${pct(summary.gcShare)}; idle ${pct(summary.idleShare)}`,
    '',
    '| self time | share | function | where |',
    '|---:|---:|---|---|',
    ...summary.top.map((t) => `| ${t.selfMs.toFixed(0)} ms | ${pct(t.share)} | \`${t.name}\` | ${t.where} |`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (!values.keep) rmSync(tmpDir, { recursive: true, force: true });
}

await main();
