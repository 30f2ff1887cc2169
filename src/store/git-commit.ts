import { execFileSync } from 'node:child_process';

/**
 * The commit checked out in `cwd` (`git rev-parse HEAD`), or undefined outside a git repository,
 * without git, or on any other failure: provenance is a bonus, never a reason to fail a run.
 */
export function gitCommit(cwd: string = process.cwd()): string | undefined {
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 });
    const commit = out.toString('utf8').trim();
    return /^[0-9a-f]{40,64}$/.test(commit) ? commit : undefined;
  } catch {
    return undefined;
  }
}
