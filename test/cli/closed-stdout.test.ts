/**
 * A reader that closes verdict's stdout early (`| head`, `| true`) ends the command quietly with its own exit code:
 * Node's unhandled EPIPE printed a stack trace and exited 1, which a CI gate reads as "regressed".
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT, runCliInProcess } from './run-cli-process';

const FILE = 'test/fixtures/results/small.jsonl';

/** The command's exit code and stderr with its stdout piped into `reader`, which reads nothing and exits. */
function piped(args: string, reader: string): { code: number; stderr: string } {
  const script = `"${process.execPath}" --import tsx src/cli/main.ts ${args} 2>stderr.txt | ${reader} >/dev/null; echo "$?:\${PIPESTATUS[0]}"; cat stderr.txt; rm -f stderr.txt`;
  const out = execFileSync('bash', ['-c', script], { cwd: ROOT, encoding: 'utf8' });
  const [status, ...stderr] = out.split('\n');
  return { code: Number(status?.split(':')[1]), stderr: stderr.join('\n') };
}

describe('stdout closed by its reader', () => {
  it.each([
    [`compare ${FILE} --json-stdout`, 'true'],
    [`compare ${FILE}`, 'true'],
    [`compare ${FILE} --json-stdout`, 'head -c 20'],
    [`summary ${FILE}`, 'true'],
  ])('`verdict %s | %s` ends with its own exit code and no stack trace', async (args, reader) => {
    const own = await runCliInProcess(args.split(' '));
    const { code, stderr } = piped(args, reader);
    expect(stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
    expect(code).toBe(own.code);
  });
});
