import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** How to run one CommonJS script with a V8 code cache. */
export interface CodeCachedScriptOptions {
  /** The script: a CommonJS file, run with `exports, require, module, __filename, __dirname` and `parameters`. */
  readonly file: string;
  /** Where its code caches live (created when one is first written); `undefined` runs without a cache. */
  readonly cacheDirectory: string | undefined;
  /**
   * Which cache of the script to use: what a cache holds is the code of the functions the run that wrote it called,
   * so each command keeps its own (`compare` and `--help` run different parts of the one script).
   */
  readonly cacheName: string;
  /** Further names the script sees as variables (the build's stand-ins for `import.meta.url` and `import()`). */
  readonly parameters?: Readonly<Record<string, unknown>>;
  /** The script's `require` (default: Node's, from the script's folder). */
  readonly require?: (id: string) => unknown;
}

/** A script run by {@link runCodeCachedScript}. */
export interface CodeCachedScript {
  /** What the script put in `module.exports`. */
  readonly exports: unknown;
  /** Whether V8 took the cache (false: none, damaged, or refused). */
  readonly cacheAccepted: boolean;
  /**
   * Writes the cache when it was not accepted, from the code of every function run so far (so call it last: when
   * the process or thread is done with the script); a no-op otherwise, and best effort (errors are swallowed).
   */
  saveCache(): void;
}

const DIGEST_BYTES = 32;

/**
 * Runs `file` like `require(file)` would, but compiled through `vm.Script` with V8's code cache: the first run
 * compiles as usual and `saveCache()`, called when the script's work is done, writes the bytecode of every function
 * it ran (`script.createCachedData()` after the run, so functions compiled lazily are in it) to the cache directory; later
 * runs hand it back as `cachedData` and skip parsing and compiling those functions. Node 20 has no built-in module
 * compile cache (`module.enableCompileCache` is Node 22.1+); this is what the `v8-compile-cache` package does for
 * `require`. Measured on `compare` of a 500-item file in BENCHMARKS.md "CLI start-up (issue 14): branch
 * issue-14-startup4".
 *
 * A cache is never trusted blindly: its file name holds a SHA-256 of the script's source, Node's version and
 * the architecture (a new build or Node gets a new file; older files of the same name are removed when it is
 * written), its bytes start with a SHA-256 of the rest (a torn or damaged file is ignored: V8 checks only the
 * source's length, its own version and flags, not the bytes, in a release build), and V8 itself refuses a cache
 * of another V8 or flags (`script.cachedDataRejected`), which is then rewritten. Writing is best effort (a
 * read-only or full disk runs without a cache) and atomic (a temporary file renamed), so two processes writing
 * at once leave one whole cache.
 * @example const script = runCodeCachedScript({ file: 'dist/cli-bundle.cjs', cacheDirectory: '/tmp/c', cacheName: 'compare' }); process.once('exit', script.saveCache)
 */
export function runCodeCachedScript(options: CodeCachedScriptOptions): CodeCachedScript {
  const { file, cacheDirectory, cacheName, parameters = {}, require = createRequire(file) } = options;
  // The bytes are hashed, not the text: hashing a JavaScript string of 2 MB took 4-8 ms, its bytes 1.5 ms.
  const bytes = readFileSync(file);
  const source = bytes.toString('utf8');
  const prefix = `${basename(file)}-${cacheName}-`;
  const cacheFile =
    cacheDirectory === undefined
      ? undefined
      : join(cacheDirectory, `${prefix}${sha256([bytes, process.version, process.arch]).toString('hex')}.bin`);
  const cachedData = cacheFile === undefined ? undefined : readVerifiedCache(cacheFile);
  const names = Object.keys(parameters);
  // One line, so that the script's own line numbers (stack traces) stay as they are in the file.
  const wrapped = `(function (exports, require, module, __filename, __dirname, ${names.join(', ')}) {${source}\n})`;
  const script = new Script(wrapped, { filename: file, ...(cachedData === undefined ? {} : { cachedData }) });
  const cacheAccepted = cachedData !== undefined && script.cachedDataRejected !== true;
  let saved = cacheAccepted || cacheFile === undefined;
  const saveCache = () => {
    if (saved || cacheFile === undefined) return;
    saved = true;
    writeCache(cacheFile, prefix, script.createCachedData());
  };
  const module = { exports: {} as unknown };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(
    module.exports,
    module.exports,
    require,
    module,
    file,
    dirname(file),
    ...names.map((name) => parameters[name]),
  );
  return { exports: module.exports, cacheAccepted, saveCache };
}

function sha256(parts: readonly (string | Uint8Array)[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** The cache's V8 bytes, or `undefined` when there is none or it is not whole (its digest does not match). */
function readVerifiedCache(cacheFile: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  if (bytes.length <= DIGEST_BYTES) return undefined;
  const payload = bytes.subarray(DIGEST_BYTES);
  return sha256([payload]).equals(bytes.subarray(0, DIGEST_BYTES)) ? payload : undefined;
}

/** Writes the cache (digest, then V8's bytes) atomically and removes the caches of older builds, if it can. */
function writeCache(cacheFile: string, prefix: string, data: Buffer): void {
  const directory = dirname(cacheFile);
  const temporary = join(directory, `.${basename(cacheFile)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    mkdirSync(directory, { recursive: true });
    writeFileSync(temporary, Buffer.concat([sha256([data]), data]));
    renameSync(temporary, cacheFile);
    for (const name of readdirSync(directory))
      if (name.startsWith(prefix) && name.endsWith('.bin') && name !== basename(cacheFile))
        rmSync(join(directory, name), { force: true });
  } catch {
    // No cache this time (read-only, full or missing disk): the next run compiles again. The temporary file goes.
    try {
      rmSync(temporary, { force: true });
    } catch {}
  }
}
