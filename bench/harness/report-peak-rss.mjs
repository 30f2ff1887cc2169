// Preloaded into benchmark children (node --import): on exit, write the process's peak resident set size in bytes
// to the file named by VERDICT_BENCH_RSS_FILE. getrusage's ru_maxrss is the kernel's own high-water mark, so no
// sampling can miss a short peak.
import { writeFileSync } from 'node:fs';

const file = process.env.VERDICT_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));
