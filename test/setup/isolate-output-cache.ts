/**
 * `verdict run` caches target outputs by default, in `$VERDICT_CACHE_DIR` (src/cache/default-cache-directory.ts).
 * Tests must neither write to the user's ~/.cache nor see one another's outputs (a cell served from a cache another
 * test filled would make no call, and change what that test counts), so each test gets a cache directory of its own
 * (created by the cache on its first write), inherited by the CLI processes it starts, under the root that
 * output-cache-root.ts creates and removes. No file-system module is imported here (a test file may mock node:fs).
 * A test that shares a cache between its runs names one with `--cache DIR`.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach } from 'vitest';

let tests = 0;

beforeEach(() => {
  const root = process.env.VERDICT_TEST_CACHE_ROOT ?? join(tmpdir(), 'verdict-test-caches');
  process.env.VERDICT_CACHE_DIR = join(root, `${process.pid}-${++tests}`);
});
