import type { Worker } from 'node:worker_threads';
import type { InputProblems, ListedProblems } from '../formats/input-problems';
import { nextLineStart } from '../formats/scan-lines';
import { startWorker, workerModuleFile } from '../formats/worker-module';
import {
  type ColumnSegment,
  type ColumnsChunk,
  type ResultsColumnsBuilder,
  segmentRows,
  sharedColumnSegment,
} from './columns-builder';

/**
 * The smallest file read by workers when they are asked for. A worker's start (a thread, the scanner's and the
 * schema's modules) is 0.12-0.13 s of CPU, and counting its range's lines about 0.13 s per 150 MB (measured with
 * the bundled worker, 2026-12-03): below 32 MiB (about 10^5 items) that is more than the scan it shares.
 */
export const PARALLEL_LOAD_MIN_BYTES = 32 << 20;

/** What a load worker is started with (its `workerData`): its file's range of whole lines and the kept fields. */
export interface LoadRangeTask {
  readonly path: string;
  readonly start: number;
  readonly end: number;
  readonly fields: readonly string[];
}

/** The messages of a load worker (jsonl-load-worker.ts) to the loading thread, in order. */
export type LoadWorkerMessage =
  /** Its range's lines (an unterminated last line counted): the rows it may write. */
  | { readonly lines: number }
  /** Its rows, written into the segment it was given. */
  | {
      readonly chunk: ColumnsChunk;
      readonly problems: ListedProblems;
      readonly warnings: readonly string[];
    }
  /** It failed (not a problem of a line: those are in `problems`); `code` is the system's (ENOENT, EIO). */
  | { readonly failure: { readonly message: string; readonly code?: string | undefined } };

/** The loading thread's one message to a load worker after its `lines`: where to write its rows. */
export interface LoadRangeRows {
  readonly segment: ColumnSegment;
  readonly linesBefore: number;
}

/** What {@link loadJsonLinesInParallel} needs: the file, the builder and the file's code in it, where problems go. */
export interface ParallelLoad {
  readonly path: string;
  readonly size: number;
  readonly builder: ResultsColumnsBuilder;
  readonly file: number;
  readonly problems: InputProblems;
  readonly onWarning: (message: string) => void;
  readonly signal?: AbortSignal | undefined;
  readonly workers: number;
}

const WORKER_FILE = workerModuleFile(import.meta.url, 'jsonl-load-worker');

/**
 * A verdict JSON Lines file read by worker threads (issue 14), one per range of its whole lines, into the columns
 * as one thread reads it (`addJsonLines`, the same per line). Each worker counts its range's lines; the columns are
 * then allocated once, in shared memory, for every line of the file, and each worker writes its rows from its first
 * line's place (so nothing is copied back). The builder then takes the ranges in file order: rows moved down over
 * lines that held none, item and variant codes and kept values renumbered into first-appearance order. Line
 * numbers and byte offsets are the file's (each worker knows the lines before its range), so the problems, in file
 * order, and the torn-line warning are word for word those of one thread.
 *
 * Why worker_threads and not piscina (a dependency): each worker runs one task on its own range and talks to this
 * thread twice, so a pool's queue and reuse would add nothing.
 */
export async function loadJsonLinesInParallel(load: ParallelLoad): Promise<{ rows: number; variants: string[] }> {
  const { path, size, builder, file, problems, onWarning, signal } = load;
  const cuts = [0];
  for (let k = 1; k < load.workers; k++) {
    const cut = await nextLineStart(path, Math.floor((size * k) / load.workers), signal);
    if (cut > (cuts.at(-1) ?? 0) && cut < size) cuts.push(cut);
  }
  cuts.push(size);
  const workers = cuts.slice(1).map((end, k) => {
    const task: LoadRangeTask = { path, start: cuts[k] ?? 0, end, fields: builder.keptFields };
    return new RangeWorker(startWorker(WORKER_FILE, { workerData: task }));
  });
  const abort = () => {
    for (const worker of workers) void worker.stop();
  };
  signal?.addEventListener('abort', abort, { once: true });
  try {
    const lines = await Promise.all(workers.map((worker) => worker.next()));
    const counts = lines.map((message) => ('lines' in message ? message.lines : 0));
    const total = counts.reduce((sum, count) => sum + count, 0);
    const segment = sharedColumnSegment(total);
    let linesBefore = 0;
    const starts = counts.map((count, k) => {
      const start = linesBefore;
      linesBefore += count;
      workers[k]?.send({ segment: segmentRows(segment, start, start + count), linesBefore: start });
      return start;
    });
    const done = await Promise.all(workers.map((worker) => worker.next()));
    signal?.throwIfAborted();
    const chunks: { start: number; chunk: ColumnsChunk }[] = [];
    const variants = new Set<string>();
    done.forEach((message, k) => {
      if (!('chunk' in message)) throw new Error('a load worker sent no rows');
      problems.absorbListed(message.problems);
      for (const warning of message.warnings) onWarning(warning);
      chunks.push({ start: starts[k] ?? 0, chunk: message.chunk });
      for (const variant of message.chunk.variants) variants.add(variant);
    });
    builder.adoptChunks(segment, chunks, file);
    return { rows: chunks.reduce((sum, { chunk }) => sum + chunk.rows, 0), variants: [...variants] };
  } catch (error) {
    signal?.throwIfAborted(); // the workers were stopped because of it: the abort is the reason, not their exit
    throw error;
  } finally {
    signal?.removeEventListener('abort', abort);
    await Promise.all(workers.map((worker) => worker.stop()));
  }
}

/** One load worker's messages, awaited one at a time; its failure or exit rejects the message awaited. */
class RangeWorker {
  readonly #worker: Worker;
  readonly #queue: LoadWorkerMessage[] = [];
  #waiting: { resolve: (message: LoadWorkerMessage) => void; reject: (error: Error) => void } | null = null;
  #failure: Error | null = null;

  constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (message: LoadWorkerMessage) => {
      if ('failure' in message) {
        const error: NodeJS.ErrnoException = new Error(message.failure.message);
        if (message.failure.code !== undefined) error.code = message.failure.code;
        this.#fail(error);
        return;
      }
      const waiting = this.#waiting;
      this.#waiting = null;
      if (waiting === null) this.#queue.push(message);
      else waiting.resolve(message);
    });
    worker.on('error', (error) => this.#fail(error));
    worker.on('exit', (code) => this.#fail(new Error(`a load worker ended (exit code ${code})`)));
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    this.#waiting?.reject(this.#failure);
    this.#waiting = null;
  }

  next(): Promise<LoadWorkerMessage> {
    const queued = this.#queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.#failure !== null) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
    });
  }

  send(rows: LoadRangeRows): void {
    this.#worker.postMessage(rows);
  }

  async stop(): Promise<void> {
    await this.#worker.terminate();
  }
}
