/**
 * `verdict run` caches target outputs by default, in `$VERDICT_CACHE_DIR` (src/cache/default-cache-directory.ts).
 * Tests must neither write to the user's ~/.cache nor see one another's outputs (a cell served from a cache another
 * test filled would make no call, and change what that test counts), so each test gets an empty cache directory of
 * its own, inherited by the CLI processes it starts, and removed after it. A test that shares a cache between its
 * runs names one with `--cache DIR`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

let directory: string | undefined;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'verdict-test-cache-'));
  process.env.VERDICT_CACHE_DIR = directory;
});

afterEach(() => {
  // A CLI process a failed test left running may still be writing entries: removal is best effort (the directory
  // is a temporary one), never a second failure.
  if (directory !== undefined) {
    try {
      rmSync(directory, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
    } catch {}
  }
  directory = undefined;
});
