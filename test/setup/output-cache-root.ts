/**
 * Global setup: one temporary directory under which every test's output cache lives (see
 * isolate-output-cache.ts), removed when the run ends. Created here, in vitest's main process, so that the per-test
 * setup imports no file-system module: a test that mocks node:fs (test/reliability/disk-injected.test.ts) must be
 * the first to load it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'verdict-test-caches-'));
  process.env.VERDICT_TEST_CACHE_ROOT = root;
  return () => rmSync(root, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
}
