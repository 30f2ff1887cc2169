import { defineConfig } from 'tsup';
import { buildCliBundle } from './scripts/build-cli-bundle';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'stats/index': 'stats/index.ts',
    'reports/index': 'reports/index.ts',
    'reports/charts/index': 'reports/charts/index.ts',
    cli: 'src/cli/main.ts',
    // Loaded by the runner's worker threads from beside the bundle (src/runner/isolation/cell-worker-pool.ts).
    'cell-worker': 'src/runner/isolation/cell-worker.ts',
    // The worker that renders --html's charts (src/cli/start-chart-svg-worker.ts), from beside the bundle too.
    'chart-svg-worker': 'src/cli/chart-svg-worker.ts',
    // The workers that read a large JSON Lines file a range each (src/analysis/parallel-jsonl-load.ts), beside it too.
    'jsonl-load-worker': 'src/analysis/jsonl-load-worker.ts',
  },
  format: ['esm'],
  target: 'node20',
  dts: true,
  clean: true,
  sourcemap: false,
  splitting: true,
  // dist/cli-bundle.cjs, the one-file CommonJS build dist/cli.js runs with a V8 code cache (src/cli/cli-bundle.ts).
  onSuccess: () => buildCliBundle('dist'),
});
