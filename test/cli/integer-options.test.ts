import { describe, expect, it } from 'vitest';
import { runCliInProcess } from './run-cli-process';

const EXPERIMENT = 'test/fixtures/experiments/deterministic.ts';
const SMALL = 'test/fixtures/results/small.jsonl';

/**
 * One integer parser for every command (src/cli/parse-options.ts): the same flag takes the same text in `run`,
 * `compare` and `summary`, and an integer option of any command refuses what JavaScript's `Number` would read
 * as something else (hexadecimal, binary, exponent, a trailing `.0`, Infinity) in the same words.
 */
describe('integer options', () => {
  const commands: readonly (readonly [string, readonly string[]])[] = [
    ['--seed', ['run', EXPERIMENT, '--dry-run']],
    ['--seed', ['compare', SMALL]],
    ['--seed', ['summary', SMALL]],
    ['--resamples', ['compare', SMALL]],
    ['--flips', ['compare', SMALL]],
    ['--concurrency', ['run', EXPERIMENT, '--dry-run']],
    ['--n', ['power', '--p10', '0.1', '--p01', '0.2']],
    ['--items', ['demo']],
  ];

  it.each(['0x10', '0b1', '1e1', '16.0', 'Infinity'])('%j is refused alike by every command', async (text) => {
    for (const [flag, args] of commands) {
      const result = await runCliInProcess([...args, flag, text]);
      expect({ code: result.code, command: args[0], stdout: result.stdout }).toEqual({
        code: 2,
        command: args[0],
        stdout: '',
      });
      expect(result.stderr).toMatch(new RegExp(`^verdict: \`${flag}\`: expected an integer[^\\n]*, got "${text}"\\n$`));
    }
  });

  it('`run --seed 16` and `compare --seed 16` both take the seed', async () => {
    const run = await runCliInProcess(['run', EXPERIMENT, '--dry-run', '--seed', '16']);
    expect([run.code, run.stderr]).toEqual([0, '']);
    const pair = ['--baseline', 'A', '--candidate', 'B'];
    const compare = await runCliInProcess(['compare', SMALL, ...pair, '--seed', '16', '--json-stdout']);
    expect(JSON.parse(compare.stdout).policy.seed).toBe(16);
  });
});
