import type { Command } from 'commander';
import { defaultCacheDirectory } from '../../cache/default-cache-directory';
import type { CacheStats } from '../../cache/output-cache';
import { formatCount } from '../../schema/format-number';
import { writeStdout } from '../terminal-output';

const EXAMPLES = `
Examples:
  $ verdict cache stats
    where the output cache lives, its entries and their size (corrupt entries are counted apart)
  $ verdict cache clear --dir .verdict-cache
    delete every entry of the cache in .verdict-cache (the next run calls its targets again)
The cache is on by default in \`verdict run\` (\`--cache DIR\` moves it, \`--no-cache\` turns it off; docs/cli.md).
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
    .option('--json', 'print the figures as JSON')
    .action(async (flags: { dir?: string; json?: boolean }) => {
      const { DirectoryCache } = await import('../../cache/directory-cache');
      const stats = await new DirectoryCache(flags.dir ?? defaultCacheDirectory()).stats();
      writeStdout(flags.json ? `${JSON.stringify(stats, null, 2)}\n` : formatCacheStats(stats));
    });
  cache
    .command('clear')
    .description('delete every entry of the cache')
    .option('--dir <dir>', `the cache directory (default ${defaultCacheDirectory()})`)
    .action(async (flags: { dir?: string }) => {
      const { DirectoryCache } = await import('../../cache/directory-cache');
      const directory = flags.dir ?? defaultCacheDirectory();
      const removed = await new DirectoryCache(directory).clear();
      writeStdout(`Removed ${formatCount(removed)} ${removed === 1 ? 'entry' : 'entries'} from ${directory}\n`);
    });
}

/** The figures as `verdict cache stats` prints them. */
export function formatCacheStats({ location, entries, bytes, corrupt, temporaryFiles }: CacheStats): string {
  const size = bytes < 1024 ** 2 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  const broken = corrupt === 0 ? '' : `; ${formatCount(corrupt)} corrupt (ignored, replaced when their cell runs)`;
  const torn = temporaryFiles === 0 ? '' : `; ${formatCount(temporaryFiles)} unfinished writes (never served)`;
  return `Output cache ${location}: ${formatCount(entries)} ${entries === 1 ? 'entry' : 'entries'}, ${size}${broken}${torn}\n`;
}
