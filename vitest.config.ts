import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Every test gets an empty output cache of its own, never the user's (test/setup/isolate-output-cache.ts).
    globalSetup: ['test/setup/output-cache-root.ts'],
    setupFiles: ['test/setup/isolate-output-cache.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
