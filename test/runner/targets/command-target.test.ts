import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planCells } from '../../../src/runner/plan-cells';
import { runCell } from '../../../src/runner/run-cell';
import { commandTarget } from '../../../src/runner/targets/command-target';
import { targetContext } from './target-context';

const node = process.execPath;
let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'verdict-command-'));
});
afterEach(() => rm(directory, { recursive: true, force: true }));

const context = (signal?: AbortSignal) => targetContext('cmd', signal);

/** Alive and not a zombie (a container's PID 1 may not reap orphans). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, what: string, limitMs = 5000): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > limitMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('commandTarget', () => {
  it('passes a string on stdin as it is and other values as JSON; stdout is the output, final newline trimmed', async () => {
    const echo = commandTarget({ type: 'command', argv: [node, '-e', 'process.stdin.pipe(process.stdout)'] });
    expect(await echo('line one\nline two', context())).toBe('line one\nline two');
    expect(await echo({ question: 'x', n: [1, 2] }, context())).toBe('{"question":"x","n":[1,2]}');
    const print = commandTarget({ type: 'command', argv: [node, '-e', 'console.log("a"); console.log("b")'] });
    expect(await print('', context())).toBe('a\nb');
  });

  it('never passes arguments or input through a shell', async () => {
    const script =
      'let s="";process.stdin.on("data",(d)=>s+=d).on("end",()=>process.stdout.write(JSON.stringify([process.argv[1],s])))';
    const target = commandTarget({
      type: 'command',
      argv: [node, '-e', script, '$(touch pwned-arg); `touch pwned-tick`'],
      cwd: directory,
    });
    const output = await target('$(touch pwned-input) && touch pwned-and', context());
    expect(JSON.parse(String(output))).toEqual([
      '$(touch pwned-arg); `touch pwned-tick`',
      '$(touch pwned-input) && touch pwned-and',
    ]);
    for (const name of ['pwned-arg', 'pwned-tick', 'pwned-input', 'pwned-and'])
      expect(existsSync(join(directory, name))).toBe(false);
  });

  it('turns a non-zero exit into an error with the exit code and an excerpt of stderr', async () => {
    const failing = commandTarget({
      type: 'command',
      argv: [node, '-e', 'console.error("bad\\n  things"); process.exit(3)'],
    });
    await expect(failing('', context())).rejects.toThrow(new Error(`command '${node}' exited with code 3: bad things`));
  });

  it('stops a command whose output runs away', async () => {
    const flood = commandTarget(
      {
        type: 'command',
        argv: [node, '-e', 'const b = "x".repeat(65536); const w = () => process.stdout.write(b, w); w()'],
      },
      { maxOutputBytes: 1_000_000, killGraceMs: 100 },
    );
    await expect(flood('', context())).rejects.toThrow(
      new Error(`command '${node}' wrote more than 1000000 bytes to stdout; stopped`),
    );
  });

  it('names a command that is not found', async () => {
    const missing = commandTarget({ type: 'command', argv: ['verdict-no-such-command', '--flag'] });
    await expect(missing('', context())).rejects.toThrow(
      new Error("command not found: 'verdict-no-such-command' (argv[0] is not on PATH or does not exist)"),
    );
  });

  it('kills the whole process group on timeout, a grandchild and a child that ignores SIGTERM included', async () => {
    const pidsFile = join(directory, 'pids.json');
    const script = `
      const { spawn } = require('node:child_process');
      process.on('SIGTERM', () => {}); // survives SIGTERM: only the SIGKILL after the grace period ends it
      const grandchild = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
      require('node:fs').writeFileSync(${JSON.stringify(pidsFile)}, JSON.stringify([process.pid, grandchild.pid]));
      setTimeout(() => {}, 60000);`;
    const target = commandTarget({ type: 'command', argv: [node, '-e', script] }, { killGraceMs: 200 });
    const [cell] = planCells([{ id: 'slow', input: '' }], ['cmd']);
    const record = await runCell(cell!, target, { scorer: () => true, timeoutMs: 1500, retries: { max: 0 } });
    expect({ status: record.status, error: record.error }).toEqual({
      status: 'timeout',
      error: 'target timed out after 1500 ms',
    });
    const pids = JSON.parse(await readFile(pidsFile, 'utf8')) as number[];
    expect(pids).toHaveLength(2);
    await waitFor(() => pids.every((pid) => !isAlive(pid)), `processes ${pids.join(', ')} to end`);
  });

  it('kills the group when the run is aborted and rejects with the abort reason', async () => {
    const controller = new AbortController();
    const target = commandTarget({ type: 'command', argv: [node, '-e', 'setTimeout(() => {}, 60000)'] });
    const running = Promise.resolve(target('', context(controller.signal)));
    setTimeout(() => controller.abort(new Error('stopped by the user')), 100);
    await expect(running).rejects.toThrow('stopped by the user');
  });
});
