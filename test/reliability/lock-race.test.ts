/**
 * Issue 11, defect 1 (duplicated results through the lock): the takeover of a stale lock is atomic.
 * 8 processes start together, 50 rounds, on a run directory holding a lock left by a dead process (an
 * old-style lock and a current one, and in some rounds a claim left by a process killed mid-takeover):
 * in every round exactly one holds the lock, the others are refused naming it, and nothing of the lock
 * protocol is left behind once it is released. Then several `verdict run --resume` on one `--out` with
 * a stale lock, started together: every cell is stored exactly once.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, startCli } from '../cli/run-cli-process';
import { runOutcomes } from './run-outcomes';

const ROUNDS = 50;
const CONTENDERS = 8;
const directory = mkdtempSync(join(tmpdir(), 'verdict-lock-race-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** The id of a process that has certainly exited (and been reaped). */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid!;

/** A contender process and the next line it says. */
interface Contender {
  readonly child: ChildProcess;
  readonly next: () => Promise<string>;
}

function startContender(): Contender {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/reliability/fixtures/lock-contender.ts'], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const resolve = waiting.shift();
    if (resolve) resolve(line);
    else lines.push(line);
  });
  const next = () =>
    lines.length > 0 ? Promise.resolve(lines.shift()!) : new Promise<string>((resolve) => waiting.push(resolve));
  return { child, next };
}

describe('the stale-lock takeover', () => {
  it(`gives the lock to exactly one of ${CONTENDERS} processes starting together, ${ROUNDS} rounds out of ${ROUNDS}`, async () => {
    const contenders = Array.from({ length: CONTENDERS }, startContender);
    try {
      expect(await Promise.all(contenders.map((c) => c.next()))).toEqual(Array(CONTENDERS).fill('ready'));
      const holders: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const dir = join(directory, `round-${round}`);
        mkdirSync(dir);
        const dead = deadPid();
        // Even rounds: a lock as verdict writes it now; odd rounds: an older one without a token.
        const stale = `${JSON.stringify({ pid: dead, hostname: hostname(), startedAt: '2026-01-01T00:00:00.000Z', ...(round % 2 === 0 ? { token: `t${round}` } : {}) })}\n`;
        writeFileSync(join(dir, 'lock'), stale);
        if (round % 5 === 4) {
          // A claim on that stale lock by a process killed in the middle of its takeover.
          const id = createHash('sha256').update(stale).digest('hex').slice(0, 32);
          writeFileSync(join(dir, `.lock.claim.${id}.1`), JSON.stringify({ pid: deadPid(), hostname: hostname() }));
        }
        const at = Date.now() + 40;
        for (const c of contenders) c.child.stdin!.write(`go ${dir} ${at}\n`);
        const answers = await Promise.all(contenders.map((c) => c.next()));
        const winners = contenders.filter((_, i) => answers[i] === 'held').map((c) => c.child.pid!);
        holders.push(winners.length);
        expect({ round, winners: winners.length, errors: answers.filter((a) => a.startsWith('error')) }).toEqual({
          round,
          winners: 1,
          errors: [],
        });
        for (const answer of answers.filter((a) => a !== 'held'))
          expect(answer).toMatch(new RegExp(`^refused .*another verdict run \\(pid ${winners[0]}, since `));
        for (const c of contenders) c.child.stdin!.write('release\n');
        expect(await Promise.all(contenders.map((c) => c.next()))).toEqual(Array(CONTENDERS).fill('released'));
        expect({ round, left: readdirSync(dir) }).toEqual({ round, left: [] });
      }
      expect(holders).toEqual(Array(ROUNDS).fill(1));
    } finally {
      for (const c of contenders) c.child.kill();
    }
  }, 120_000);
});

describe('several `verdict run` on one --out with a stale lock', () => {
  const FIXTURE = 'test/reliability/fixtures/faulty-experiment.ts';
  const ITEMS = 40;
  const RUNS = 4;

  it('stores every cell exactly once, round after round', async () => {
    for (let round = 0; round < 5; round++) {
      const dir = join(directory, `cli-${round}`);
      mkdirSync(dir);
      writeFileSync(
        join(dir, 'lock'),
        `${JSON.stringify({ pid: deadPid(), hostname: hostname(), startedAt: '2026-01-01T00:00:00.000Z' })}\n`,
      );
      const env = { VERDICT_FAULTY_ITEMS: String(ITEMS), VERDICT_FAULTY_DELAY_MS: '2' };
      const results = await Promise.all(
        Array.from(
          { length: RUNS },
          () => startCli(['run', FIXTURE, '--out', dir, '--resume', '--quiet', '--concurrency', '2'], env).done,
        ),
      );
      for (const result of results) {
        if (result.code === 0) continue;
        expect({ code: result.code, stderr: result.stderr }).toEqual({
          code: 2,
          stderr: expect.stringMatching(/another verdict run \(pid \d+, since .*\) is using this directory/),
        });
      }
      expect(results.some((r) => r.code === 0)).toBe(true);
      const { outcomes, duplicates } = runOutcomes(dir);
      expect({ round, cells: outcomes.size, duplicates }).toEqual({ round, cells: ITEMS * 2, duplicates: [] });
    }
  }, 240_000);
});
