import { parentPort, workerData } from 'node:worker_threads';
import { InputProblems } from '../formats/input-problems';
import { scanLineBytes } from '../formats/scan-lines';
import { chunkBuffers, ResultsColumnsBuilder } from './columns-builder';
import { addJsonLines, reserveFromFirstBatch } from './json-lines-into-columns';
import type { LoadRangeTask, LoadWorkerMessage } from './parallel-jsonl-load';

/**
 * A load worker (parallel-jsonl-load.ts): reads its range of a JSON Lines results file into columns of its own, as
 * one thread reads a file (`addJsonLines`), its lines numbered from the range's first line (the loading thread
 * knows the lines before it only once the ranges before are read), and moves them to the loading thread.
 */
const port = parentPort;
if (port === null) throw new Error('jsonl-load-worker: not started as a worker thread');
const { path, start, end, fields, reserveBytes } = workerData as LoadRangeTask;

async function read(): Promise<void> {
  const builder = new ResultsColumnsBuilder(fields, { forChunk: true });
  const problems = new InputProblems();
  const tornLines: number[] = [];
  const add = addJsonLines({
    path,
    builder,
    file: builder.fileCode(path),
    problems,
    onWarning: () => {},
    onTornLine: (line) => tornLines.push(line),
  });
  let lines = 0;
  for await (const batch of scanLineBytes(path, {}, { start, end, linesBefore: 0 })) {
    reserveFromFirstBatch(builder, batch, reserveBytes);
    add(batch);
    lines = batch.firstLine + batch.count - 1;
  }
  const chunk = builder.chunk();
  const message: LoadWorkerMessage = { chunk, lines, problems: problems.listed, tornLines };
  // Moved, not copied: every column and the item keys' bytes are this worker's own memory.
  port?.postMessage(message, chunkBuffers(chunk));
}

read().catch((error: unknown) => {
  const { message, code } = error as NodeJS.ErrnoException;
  const failure = { message: String(message ?? error), code: typeof code === 'string' ? code : undefined };
  port.postMessage({ failure } satisfies LoadWorkerMessage);
});
