/**
 * A seeded generator of synthetic results files in the record schema (docs/record-schema.md), streamed to
 * disk as JSON Lines (or CSV, the same rows) so that a file of millions of rows never sits in memory. Items have a latent
 * difficulty shared by every variant, so outcomes are paired the way real evaluations are (a hard item
 * tends to fail on both sides), and each variant has its own skill, so the candidate can regress or
 * improve by a chosen amount.
 *
 * From the command line: scripts/generate-results.ts.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { seededRandom } from '../stats/index';

/** A variant and the pass rate it reaches on an item of average difficulty. */
export interface SyntheticVariant {
  readonly name: string;
  readonly passRate: number;
}

export interface GenerateResultsOptions {
  /** Items (rows = items x variants x samples). */
  readonly items: number;
  /** @default A at 0.70 and B at 0.69 (a one-point regression) */
  readonly variants?: readonly SyntheticVariant[];
  /** Repeats per (item, variant), for pass@k. @default 1 */
  readonly samples?: number;
  /** Share of rows with status `error`, `timeout` and `skipped` (the rest are ok). @default { error: 0.01, timeout: 0.005, skipped: 0.002 } */
  readonly statusMix?: { readonly error: number; readonly timeout: number; readonly skipped: number };
  /** Distinct values of the `category` tag (plus a two-valued `split` tag). @default 8 */
  readonly tagValues?: number;
  /** @default 1 */
  readonly seed?: number;
  /** JSON Lines, or CSV with tags as `tags.category` and `tags.split` columns (docs/record-schema.md). @default 'jsonl' */
  readonly format?: 'jsonl' | 'csv';
}

/** The CSV header: the record's fields, tags flattened as CSV holds them; an absent field is an empty cell. */
const CSV_HEADER = 'item,variant,sample,status,pass,tags.category,tags.split,latencyMs,costUsd\n';

/** What was written. */
export interface GeneratedResults {
  readonly file: string;
  readonly rows: number;
  readonly bytes: number;
}

export const DEFAULT_SYNTHETIC_VARIANTS: readonly SyntheticVariant[] = [
  { name: 'A', passRate: 0.7 },
  { name: 'B', passRate: 0.69 },
];

/** Rows buffered before one write: large writes are what make streaming to disk fast. */
const CHUNK_BYTES = 1 << 20;

/**
 * Write a synthetic results file: for each item, its tags and a difficulty; for each sample and variant
 * (interleaved, as the runner writes), a row whose status follows `statusMix` and whose `pass` is drawn
 * with probability passRate shifted by the item's difficulty on the logit scale. Ok rows also carry
 * `latencyMs` and `costUsd`, as the runner's do. The same options always give the same bytes.
 *
 * @example generateResults('big.jsonl', { items: 1_000_000 }) // { rows: 2000000, bytes: ... }
 */
export function generateResults(file: string, options: GenerateResultsOptions): GeneratedResults {
  const {
    items,
    variants = DEFAULT_SYNTHETIC_VARIANTS,
    samples = 1,
    statusMix = { error: 0.01, timeout: 0.005, skipped: 0.002 },
    tagValues = 8,
    seed = 1,
    format = 'jsonl',
  } = options;
  const csv = format === 'csv';
  if (!Number.isInteger(items) || items < 1)
    throw new RangeError(`generateResults: \`items\` must be an integer >= 1, got ${items}`);
  const random = seededRandom(seed);
  const logit = variants.map((v) => Math.log(v.passRate / (1 - v.passRate)));
  const errorUpTo = statusMix.error;
  const timeoutUpTo = errorUpTo + statusMix.timeout;
  const skippedUpTo = timeoutUpTo + statusMix.skipped;
  mkdirSync(dirname(file), { recursive: true });
  const fd = openSync(file, 'w');
  let chunk = csv ? CSV_HEADER : '';
  let rows = 0;
  let bytes = 0;
  const flush = () => {
    bytes += writeSync(fd, chunk);
    chunk = '';
  };
  try {
    for (let i = 0; i < items; i++) {
      const id = `item-${i}`;
      const category = `c${i % tagValues}`;
      const split = i % 3 === 0 ? 'hard' : 'easy';
      const tags = `{"category":"${category}","split":"${split}"}`;
      // Difficulty on the logit scale, roughly normal (sum of three uniforms), spread 1.5.
      const difficulty = (random() + random() + random() - 1.5) * 3;
      for (let sample = 0; sample < samples; sample++) {
        for (let v = 0; v < variants.length; v++) {
          const draw = random();
          const variant = variants[v]!.name;
          const head = `{"item":"${id}","variant":"${variant}","sample":${sample}`;
          if (draw < skippedUpTo) {
            const status = draw < errorUpTo ? 'error' : draw < timeoutUpTo ? 'timeout' : 'skipped';
            chunk += csv
              ? `${id},${variant},${sample},${status},,${category},${split},,\n`
              : `${head},"status":"${status}","tags":${tags}}\n`;
          } else {
            const p = 1 / (1 + Math.exp(-(logit[v]! - difficulty)));
            const pass = random() < p;
            const latencyMs = Math.round(200 + 800 * random());
            chunk += csv
              ? `${id},${variant},${sample},ok,${pass},${category},${split},${latencyMs},0.0004\n`
              : `${head},"status":"ok","pass":${pass},"tags":${tags},"latencyMs":${latencyMs},"costUsd":0.0004}\n`;
          }
          rows++;
          if (chunk.length >= CHUNK_BYTES) flush();
        }
      }
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return { file, rows, bytes };
}
