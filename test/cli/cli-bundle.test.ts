import { describe, expect, it } from 'vitest';
import { bundleCacheName } from '../../src/cli/cli-bundle';
import { codeCacheDirectory } from '../../src/cli/code-cache-directory';

describe('the CLI bundle (src/cli/cli-bundle.ts)', () => {
  it('runs the commands that import no user module, each with its own cache; help for --help anywhere', () => {
    const cases: [string[], string | undefined][] = [
      [['compare', 'r.jsonl', '--json', 'o.json'], 'compare'],
      [['--verbose', 'compare', 'r.jsonl'], 'compare'],
      [['summary', 'r.jsonl'], 'summary'],
      [['power', '--baseline', '0.7'], 'power'],
      [['formats'], 'formats'],
      [['cache', 'stats'], 'cache'],
      [[], 'help'],
      [['--help'], 'help'],
      [['help', 'compare'], 'help'],
      [['compare', 'r.jsonl', '--help'], 'help'],
      [['compare', '-h'], 'help'],
      // A user's experiment module imports verdict's ES modules: the bundle's own copies of its classes would differ.
      [['run', 'experiment.ts', '--out', 'runs/a'], undefined],
      [['worker', '--queue', 'redis://localhost'], undefined],
      [['demo'], undefined],
      [['demo', '--help'], undefined],
      [['comapre', 'r.jsonl'], undefined],
    ];
    for (const [args, name] of cases) expect({ args, name: bundleCacheName(args) }).toEqual({ args, name });
  });

  it('keeps its code caches in code/ beside the output cache', () => {
    expect(codeCacheDirectory({ VERDICT_CACHE_DIR: '/ci/cache' })).toBe('/ci/cache/code');
    expect(codeCacheDirectory({ XDG_CACHE_HOME: '/x', HOME: '/home/ada' })).toBe('/x/verdict/code');
    expect(codeCacheDirectory({ HOME: '/home/ada' })).toBe('/home/ada/.cache/verdict/code');
  });
});
