/**
 * Issue 11, defect 11 (odd experiment modules get odd messages): a module that throws `null` or an
 * error at load, exports a Promise as its default, has a getter that throws, or has a top-level await
 * that never settles. Each gets one line on stderr naming the experiment file and what is wrong, and
 * exit code 2 (input error, as docs/cli.md documents), through `verdict run` as a process.
 */
import { describe, expect, it } from 'vitest';
import { startCli } from '../cli/run-cli-process';

const DIR = 'test/reliability/fixtures/odd-modules';
const cases: [file: string, message: string][] = [
  ['throws-null.mjs', 'cannot load the experiment module: it threw null'],
  ['throws-error.mjs', 'cannot load the experiment module: boom at load'],
  [
    'default-promise.mjs',
    '`default`: the default export is a promise, not the experiment: export the object itself (`export default await build()` if it must be computed)',
  ],
  ['throwing-getter.mjs', 'reading the experiment failed: getter'],
  [
    'never-settles.mjs',
    'the module never finished loading: a top-level await in it (or in a module it imports) waits for something that never happens',
  ],
];

describe('odd experiment modules', () => {
  it('each gets one line naming the file and the problem, exit 2', async () => {
    const results = await Promise.all(cases.map(([file]) => startCli(['run', `${DIR}/${file}`, '--dry-run']).done));
    const got = results.map((r) => ({ code: r.code, stderr: r.stderr }));
    expect(got).toEqual(cases.map(([file, message]) => ({ code: 2, stderr: `verdict: ${DIR}/${file}: ${message}\n` })));
  }, 60_000);
});
