import { extname } from 'node:path';

/** File formats the loader reads. */
export type ResultsFormat = 'jsonl' | 'csv' | 'json';

/**
 * The format of a results file: by extension (`.jsonl`/`.ndjson`, `.csv`, `.json`), else by its first
 * character (`[` JSON, `{` JSON Lines, anything else CSV). A `.json` file that does not start with `[`
 * is read as JSON Lines, as many tools name them.
 */
export function detectFormat(path: string, text: string): ResultsFormat {
  const extension = extname(path).toLowerCase();
  const first = text.replace(/^\uFEFF/, '').trimStart()[0];
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl';
  if (extension === '.csv') return 'csv';
  if (first === '[') return 'json';
  if (first === '{' || extension === '.json') return 'jsonl';
  return 'csv';
}
