import { CellWorkerPool } from '../src/runner/isolation/cell-worker-pool';
for (const n of [1, 4, 8]) {
  const t0 = Date.now();
  const pool = await CellWorkerPool.start(process.argv[2]!, { threads: n });
  const warm = Date.now() - t0;
  await pool.close();
  console.log(n, 'threads: warm', warm, 'ms');
}
