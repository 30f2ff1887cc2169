/**
 * What a load holds in array buffers (issue 14): `loadResults` of a JSON Lines file with one kept field (as
 * `compare --by FIELD` loads it), then, after garbage collection, each column of the typed columns by owner: its
 * array type, bytes a row, and its buffer's bytes (a buffer larger than its rows is the room reserved from the
 * file's size); the rest of the process's array buffers (the row records' offsets, lengths and kept codes, the read
 * buffers) by difference. The peak of array buffers and RSS during the load is sampled every 10 ms.
 *
 *   node --expose-gc --import tsx bench/load-memory.ts --file results.jsonl [--by tags.category]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { loadResults } from '../src/analysis/load-results';

const { values } = parseArgs({
  options: { file: { type: 'string' }, by: { type: 'string', default: 'tags.category' } },
});
if (values.file === undefined) throw new Error('--file FILE is required');
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');
const MB = 1e6;
let peak = { rss: 0, arrayBuffers: 0 };
const sampler = setInterval(() => {
  const { rss, arrayBuffers } = process.memoryUsage();
  peak = { rss: Math.max(peak.rss, rss), arrayBuffers: Math.max(peak.arrayBuffers, arrayBuffers) };
}, 10);
const before = process.memoryUsage().arrayBuffers;
const { columns } = await loadResults([values.file], { fields: [values.by] });
clearInterval(sampler);
for (let k = 0; k < 3; k++) {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 300));
}
const rows = columns.length;
const lines = [
  `${rows.toLocaleString('en-US')} rows, kept field ${values.by}; load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}; ${new Date().toISOString()}`,
  '',
  '| owner | array | bytes a row | buffer MB |',
  '|---|---|---:|---:|',
];
let total = 0;
let perRow = 0;
const buffers = new Set<ArrayBufferLike>();
for (const [name, value] of Object.entries(columns)) {
  if (!ArrayBuffer.isView(value)) continue;
  const array = value as unknown as Uint8Array;
  perRow += array.BYTES_PER_ELEMENT;
  const bytes = buffers.has(array.buffer) ? 0 : array.buffer.byteLength;
  buffers.add(array.buffer);
  total += bytes;
  lines.push(`| ${name} | ${array.constructor.name} | ${array.BYTES_PER_ELEMENT} | ${(bytes / MB).toFixed(1)} |`);
}
const { rss, heapUsed, arrayBuffers } = process.memoryUsage();
lines.push(
  `| the columns above | | ${perRow} | ${(total / MB).toFixed(1)} |`,
  `| the rest: row records (byte offsets, lengths, kept codes), read buffers, modules | | | ${((arrayBuffers - before - total) / MB).toFixed(1)} |`,
  '',
  `After the load and 3 collections: RSS ${(rss / MB).toFixed(0)} MB, heap ${(heapUsed / MB).toFixed(0)} MB, array buffers ${(arrayBuffers / MB).toFixed(0)} MB (${(before / MB).toFixed(1)} before the load). Peak during the load: RSS ${(peak.rss / MB).toFixed(0)} MB, array buffers ${(peak.arrayBuffers / MB).toFixed(0)} MB.`,
);
console.log(lines.join('\n'));
