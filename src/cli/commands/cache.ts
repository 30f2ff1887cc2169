import type { Command } from 'commander';
import { defaultCacheDirectory } from '../../cache/default-cache-directory';
import type { CacheStats, OutputCache } from '../../cache/output-cache';
import { formatCount } from '../../schema/format-number';
import { InputError } from '../../schema/input-error';
import { writeStdout } from '../terminal-output';

const EXAMPLES = `
Examples:
  $ verdict cache stats
    where the output cache lives, its entries and their size (corrupt entries are counted apart)
  $ verdict cache clear --dir .verdict-cache
    delete every entry of the cache in .verdict-cache (the next run calls its targets again)
The cache is on by default in \`verdict run\` (\`--cache DIR\` moves it, \`--no-cache\` turns it off; docs/cli.md);
with \`--queue\` it is in Redis (docs/distributed.md), and \`verdict cache stats --queue redis://HOST:PORT/DB\`
looks at the cache the workers share there (password: in the URL or VERDICT_REDIS_PASSWORD).
`;

/** `verdict cache stats|clear`: look at or empty the output cache of `verdict run`. */
export function cacheCommand(program: Command): void {
  const cache = program
    .command('cache')
    .description('the output cache of `verdict run` (on by default): its size, or empty it')
    .addHelpText('after', EXAMPLES);
  cache
    .command('stats')
    .description('where the cache lives, how many entries it holds and their size')
    .option('--dir <dir>', `the cache directory (default ${defaultCacheDirectory()})`)
    .option('--queue <url>', 'the shared cache of distributed runs in this Redis, instead of a directory')
    .option('--json', 'print the figures as JSON')
    .action(async (flags: CacheFlags & { json?: boolean }) => {
      const stats = await withCache(flags, (cache) => cache.stats());
      writeStdout(flags.json ? `${JSON.stringify(stats, null, 2)}\n` : formatCacheStats(stats));
    });
  cache
    .command('clear')
    .description('delete every entry of the cache')
    .option('--dir <dir>', `the cache directory (default ${defaultCacheDirectory()})`)
    .option('--queue <url>', 'the shared cache of distributed runs in this Redis, instead of a directory')
    .action(async (flags: CacheFlags) => {
      const { removed, location } = await withCache(flags, async (cache) => ({
        removed: await cache.clear(),
        location: cache.location,
      }));
      writeStdout(`Removed ${formatCount(removed)} ${removed === 1 ? 'entry' : 'entries'} from ${location}\n`);
    });
}

interface CacheFlags {
  readonly dir?: string;
  readonly queue?: string;
}

/** Run `use` on the cache the flags name: a directory, or the Redis cache of `--queue` (connected, then closed). */
async function withCache<T>(flags: CacheFlags, use: (cache: OutputCache) => Promise<T>): Promise<T> {
  if (flags.queue === undefined) {
    const { DirectoryCache } = await import('../../cache/directory-cache');
    return use(new DirectoryCache(flags.dir ?? defaultCacheDirectory()));
  }
  if (flags.dir !== undefined)
    throw new InputError('--dir and --queue name two caches: choose one', { field: '--queue' });
  const { parseQueueUrl } = await import('../../distributed/queue-url');
  const { RedisLink } = await import('../../distributed/redis-link');
  const { RedisCache } = await import('../../distributed/redis-cache');
  const password = process.env.VERDICT_REDIS_PASSWORD;
  const queue = parseQueueUrl(flags.queue, password === undefined ? {} : { password });
  const link = new RedisLink(queue, { name: 'verdict-cache', failFast: true });
  try {
    const redis = link.connect();
    await link.check(redis);
    return await use(new RedisCache(redis, { location: queue.display }));
  } finally {
    await link.close();
  }
}

/** The figures as `verdict cache stats` prints them. */
export function formatCacheStats({ location, entries, bytes, corrupt, temporaryFiles }: CacheStats): string {
  const size = bytes < 1024 ** 2 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  const broken = corrupt === 0 ? '' : `; ${formatCount(corrupt)} corrupt (ignored, replaced when their cell runs)`;
  const torn = temporaryFiles === 0 ? '' : `; ${formatCount(temporaryFiles)} unfinished writes (never served)`;
  return `Output cache ${location}: ${formatCount(entries)} ${entries === 1 ? 'entry' : 'entries'}, ${size}${broken}${torn}\n`;
}
