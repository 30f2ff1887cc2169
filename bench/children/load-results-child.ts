/**
 * The loading phase of `compare --by tags.category` alone (bench/load-workers.ts bundles and runs it): one JSON
 * Lines file streamed into the columns as loadResults streams it (the same kept fields), on `workers` threads
 * (1: this thread). Prints the rows read.
 *
 *   node load-results-child.mjs FILE WORKERS
 */
import { ResultsColumnsBuilder } from '../../src/analysis/columns-builder';
import { streamResultsFile } from '../../src/analysis/read-results-file';
import { InputProblems } from '../../src/formats/input-problems';

const [file, workers] = process.argv.slice(2);
if (file === undefined || workers === undefined) throw new Error('usage: load-results-child FILE WORKERS');
const builder = new ResultsColumnsBuilder(['tags.category', 'cached', 'originalCostUsd', 'judge', 'finishedAt']);
const problems = new InputProblems();
await streamResultsFile(file, builder, problems, {
  onWarning: () => {},
  workers: Number(workers),
});
problems.throwIfAny();
console.log(builder.build().length);
