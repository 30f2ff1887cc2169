import { dirname, join } from 'node:path';
import { defaultCacheDirectory } from '../cache/default-cache-directory';

/**
 * Where the CLI keeps V8 code caches (src/cli/code-cached-script.ts: the CLI bundle's, the chart worker's vega):
 * `code/` beside the output cache's own folders, so `$VERDICT_CACHE_DIR/code` when that is set, else
 * `$XDG_CACHE_HOME/verdict/code` or `~/.cache/verdict/code` (`verdict cache clear` removes only the outputs).
 * @example codeCacheDirectory({ HOME: '/home/ada' }) // '/home/ada/.cache/verdict/code'
 */
export function codeCacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const outputs = defaultCacheDirectory(env);
  return env.VERDICT_CACHE_DIR ? join(outputs, 'code') : join(dirname(outputs), 'code');
}
