import { parentPort, workerData } from 'node:worker_threads';
import { InputProblems } from '../formats/input-problems';
import { countLineBreaks, scanLineBytes } from '../formats/scan-lines';
import { ResultsColumnsBuilder } from './columns-builder';
import { addJsonLines } from './json-lines-into-columns';
import type { LoadRangeRows, LoadRangeTask, LoadWorkerMessage } from './parallel-jsonl-load';

/**
 * A load worker (parallel-jsonl-load.ts): counts the lines of its range of a JSON Lines results file, then reads
 * them into the shared columns it is given, as one thread reads a file (`addJsonLines`), and says what it read.
 */
const port = parentPort;
if (port === null) throw new Error('jsonl-load-worker: not started as a worker thread');
const { path, start, end, fields } = workerData as LoadRangeTask;
const send = (message: LoadWorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

async function lines(): Promise<number> {
  const breaks = await countLineBreaks(path, start, end);
  // The file's last range may end without a newline: that last line is a line too.
  return breaks + ((await countLineBreaks(path, end - 1, end)) === 0 && end > start ? 1 : 0);
}

async function read({ segment, linesBefore }: LoadRangeRows): Promise<void> {
  const builder = new ResultsColumnsBuilder(fields);
  builder.fillInto(segment);
  const problems = new InputProblems();
  const warnings: string[] = [];
  const add = addJsonLines({
    path,
    builder,
    file: builder.fileCode(path),
    problems,
    onWarning: (message) => warnings.push(message),
  });
  for await (const batch of scanLineBytes(path, {}, { start, end, linesBefore })) add(batch);
  const chunk = builder.chunk();
  // Moved, not copied: the item keys' bytes and the kept fields' codes are this worker's own memory.
  const { arena, starts, lengths, table } = chunk.items;
  const owned = [arena, starts, lengths, table, ...chunk.kept.flatMap(({ codes }) => (codes === null ? [] : [codes]))];
  send({ chunk, problems: problems.listed, warnings }, [...new Set(owned.map((array) => array.buffer as ArrayBuffer))]);
}

const failed = (error: unknown) => {
  const { message, code } = error as NodeJS.ErrnoException;
  send({ failure: { message: String(message ?? error), code: typeof code === 'string' ? code : undefined } });
};

port.once('message', (rows: LoadRangeRows) => {
  read(rows).catch(failed);
});
lines().then((count) => send({ lines: count }), failed);
