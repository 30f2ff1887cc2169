import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { InputProblems, ListedProblems } from '../formats/input-problems';
import { tornLineWarning } from '../formats/json-lines';
import { hashFile, nextLineStart, scanLineBytes } from '../formats/scan-lines';
import { startWorker, workerModuleFile } from '../formats/worker-module';
import { InputError } from '../schema/input-error';
import type { ColumnsChunk, ResultsColumnsBuilder } from './columns-builder';
import { addJsonLines, reserveFromFirstBatch } from './json-lines-into-columns';

/**
 * The smallest file read on more than one thread when the threads are `auto` (`VERDICT_LOAD_THREADS=auto`). A worker's start (a thread, the scanner's and the
 * schema's modules) is 0.08-0.11 s of CPU and the loading thread's merge of its keys and columns about 0.2 s per
 * 10^6 items (measured with the bundled worker, 2026-12-03, BENCHMARKS.md "loading on both cores, again"): below
 * 32 MiB (about 10^5 items) that is more than half the scan it would take over.
 */
export const PARALLEL_LOAD_MIN_BYTES = 32 << 20;

/**
 * The most threads an `auto` load reads on: measured on 2 cores only, and each worker adds its keys' merge to
 * the loading thread's serial part, and its own columns and heap to the peak memory.
 */
export const MOST_LOAD_THREADS = 2;

/** The environment variable that sets the threads of every JSON Lines load. */
export const LOAD_THREADS_VARIABLE = 'VERDICT_LOAD_THREADS';

/**
 * What a load does when `VERDICT_LOAD_THREADS` is not set: one thread. Not `auto` yet: at 10^6 items the CLI on two
 * threads peaked 1.06-1.14x higher in RSS (+24-62 MB, the worker's heap and its columns beside this thread's) for
 * 1.08-1.12x the CPU, and gained no wall with the second core busy (BENCHMARKS.md, "loading on both cores, again").
 */
const DEFAULT_LOAD_THREADS = '1';

/**
 * The threads a JSON Lines file of `size` bytes is read on, from `VERDICT_LOAD_THREADS` (default `1`): a whole number
 * (1 to 256) for a file of any size (1: this thread only), or `auto`: this thread alone below
 * {@link PARALLEL_LOAD_MIN_BYTES}, else as many as the cores this process may run on, at most
 * {@link MOST_LOAD_THREADS}.
 *
 * @throws {InputError} when the variable is set to anything else
 */
export function loadThreads(size: number, env: NodeJS.ProcessEnv = process.env): number {
  const set = env[LOAD_THREADS_VARIABLE] || DEFAULT_LOAD_THREADS;
  if (set === 'auto')
    return size < PARALLEL_LOAD_MIN_BYTES ? 1 : Math.max(1, Math.min(availableParallelism(), MOST_LOAD_THREADS));
  const threads = Number(set);
  if (!Number.isInteger(threads) || threads < 1 || threads > 256)
    throw new InputError(
      `${LOAD_THREADS_VARIABLE}: expected auto or a whole number of threads from 1 to 256, got ${JSON.stringify(set)}`,
    );
  return threads;
}

/** What a load worker is started with (its `workerData`): its file's range of whole lines and the kept fields. */
export interface LoadRangeTask {
  readonly path: string;
  readonly start: number;
  readonly end: number;
  readonly fields: readonly string[];
  /**
   * The bytes its columns' room is reserved for: the whole file's for the first range (the loading thread copies
   * the later ranges' rows into that room, so each column is one array), its own range's for the others.
   */
  readonly reserveBytes: number;
}

/** A load worker's one message to the loading thread (jsonl-load-worker.ts). */
export type LoadWorkerMessage =
  /**
   * Its range read: the rows' columns, the lines of the range (an unterminated last line counted), and its problems
   * and torn last line, their line numbers counted from the range's first line as the columns' are.
   */
  | {
      readonly chunk: ColumnsChunk;
      readonly lines: number;
      readonly problems: ListedProblems;
      readonly tornLines: readonly number[];
    }
  /** It failed (not a problem of a line: those are in `problems`); `code` is the system's (ENOENT, EIO). */
  | { readonly failure: { readonly message: string; readonly code?: string | undefined } };

/** What {@link loadJsonLinesInParallel} needs: the file, the builder and the file's code in it, where problems go. */
export interface ParallelLoad {
  readonly path: string;
  readonly size: number;
  readonly builder: ResultsColumnsBuilder;
  readonly file: number;
  readonly problems: InputProblems;
  readonly onWarning: (message: string) => void;
  /** Every byte of the file, in order (its hash). */
  readonly onBytes: (chunk: Uint8Array) => void;
  /** Told of each row this thread reads itself (its variant), in order; the workers' rows are returned. */
  readonly onRow: (variant: string) => void;
  readonly signal?: AbortSignal | undefined;
  /** Threads to read on, this one included. */
  readonly workers: number;
}

const WORKER_FILE = workerModuleFile(import.meta.url, 'jsonl-load-worker');

/**
 * A verdict JSON Lines file read on several threads (issue 14), one range of its whole lines each, into the columns
 * as one thread reads it (`addJsonLines`, the same per line). This thread reads the first range itself, as one
 * thread reads a file (hashed as read, its rows in room reserved for the whole file), then hashes the rest of the
 * file while a worker per later range reads it into narrow columns of its own, its lines numbered from the range's
 * first line, and moves them here (no line-count pass first, no shared memory). The builder then takes the ranges
 * in file order: copied into the room after this thread's rows, codes renumbered into first-appearance order, line
 * numbers moved on by the lines of the ranges before (known by then). The workers' problems are taken after this
 * thread's, in file order, their lines moved on the same way, so the first problem named, the 20 listed and the
 * count are those of one thread, word for word, and so is the torn-line warning.
 *
 * Why the first range on this thread: a worker of its own cost a second start (a thread, its modules: 0.08-0.11 s
 * of CPU), a second read of that range for the hash, and its million item names structured-cloned back (the
 * loading thread's scavenges of them, --trace-gc). Why worker_threads and not piscina (a dependency): each worker
 * runs one task on its own range and sends one message, so a pool's queue and reuse would add nothing.
 * @returns the rows the workers read and their variants (this thread's went to `onRow`)
 */
export async function loadJsonLinesInParallel(load: ParallelLoad): Promise<{ rows: number; variants: string[] }> {
  const { path, size, builder, file, problems, onWarning, signal } = load;
  const cuts = [0];
  for (let k = 1; k < load.workers; k++) {
    const cut = await nextLineStart(path, Math.floor((size * k) / load.workers), signal);
    if (cut > (cuts.at(-1) ?? 0) && cut < size) cuts.push(cut);
  }
  cuts.push(size);
  signal?.throwIfAborted();
  const firstEnd = cuts[1] ?? size;
  const workers = cuts.slice(2).map((end, k) => {
    const start = cuts[k + 1] ?? 0;
    const task: LoadRangeTask = { path, start, end, fields: builder.keptFields, reserveBytes: end - start };
    return new RangeWorker(startWorker(WORKER_FILE, { workerData: task }));
  });
  const abort = () => {
    for (const worker of workers) void worker.stop();
  };
  signal?.addEventListener('abort', abort, { once: true });
  try {
    const add = addJsonLines({ path, builder, file, problems, onRow: load.onRow, onWarning });
    let linesBefore = 0;
    for await (const batch of scanLineBytes(
      path,
      { onBytes: load.onBytes, signal },
      { start: 0, end: firstEnd, linesBefore: 0 },
    )) {
      reserveFromFirstBatch(builder, batch, size);
      add(batch);
      linesBefore = batch.firstLine + batch.count - 1;
    }
    await hashFile(path, load.onBytes, { from: firstEnd, signal });
    const done = await Promise.all(workers.map((worker) => worker.read()));
    signal?.throwIfAborted();
    const variants = new Set<string>();
    let rows = 0;
    const chunks: { chunk: ColumnsChunk; linesBefore: number }[] = [];
    for (const { chunk, lines, problems: found, tornLines } of done) {
      const shift = ({ problem, location }: ListedProblems['listed'][number]) => ({
        problem,
        location: location.line === undefined ? location : { ...location, line: location.line + linesBefore },
      });
      problems.absorbListed({ listed: found.listed.map(shift), count: found.count });
      for (const line of tornLines) onWarning(tornLineWarning(path, line + linesBefore));
      chunks.push({ chunk, linesBefore });
      for (const variant of chunk.variants) variants.add(variant);
      rows += chunk.rows;
      linesBefore += lines;
    }
    builder.adoptChunks(chunks, file);
    return { rows, variants: [...variants] };
  } catch (error) {
    signal?.throwIfAborted(); // the workers were stopped because of it: the abort is the reason, not their exit
    throw error;
  } finally {
    signal?.removeEventListener('abort', abort);
    await Promise.all(workers.map((worker) => worker.stop()));
  }
}

/** One load worker: its one message awaited; its failure, or its exit before it sent it, rejects. */
class RangeWorker {
  readonly #worker: Worker;
  readonly #read: Promise<Extract<LoadWorkerMessage, { chunk: unknown }>>;

  constructor(worker: Worker) {
    this.#worker = worker;
    this.#read = new Promise((resolve, reject) => {
      worker.once('message', (message: LoadWorkerMessage) => {
        // Its one message is in: its thread and heap go now, not when the slowest range is read.
        void worker.terminate();
        if ('chunk' in message) {
          resolve(message);
          return;
        }
        const error: NodeJS.ErrnoException = new Error(message.failure.message);
        if (message.failure.code !== undefined) error.code = message.failure.code;
        reject(error);
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`a load worker ended (exit code ${code})`)));
    });
    this.#read.catch(() => {}); // awaited by read(); a worker stopped before it is asked must not go unhandled
  }

  read(): Promise<Extract<LoadWorkerMessage, { chunk: unknown }>> {
    return this.#read;
  }

  async stop(): Promise<void> {
    await this.#worker.terminate();
  }
}
