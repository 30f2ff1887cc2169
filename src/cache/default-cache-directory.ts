import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the output cache lives unless `--cache DIR` says otherwise: `$VERDICT_CACHE_DIR` when set, else
 * `$XDG_CACHE_HOME/verdict/outputs`, else `~/.cache/verdict/outputs` (the XDG base directory default, which macOS
 * and Windows tools also accept), so that every run of a user's experiments shares one cache.
 *
 * @example defaultCacheDirectory({ HOME: '/home/ada' }) // '/home/ada/.cache/verdict/outputs' (with no XDG_CACHE_HOME)
 */
export function defaultCacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env.VERDICT_CACHE_DIR) return env.VERDICT_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'verdict', 'outputs');
  return join(env.HOME || homedir(), '.cache', 'verdict', 'outputs');
}
