import { Piscina } from 'piscina';
import { it, expect } from 'vitest';
it('loads a ts worker', async () => {
  const pool = new Piscina({ filename: new URL('../../scratch-w/worker.ts', import.meta.url).href, maxThreads: 1 });
  console.log(process.execArgv);
  try { expect(await pool.run({ n: 2 })).toEqual({ doubled: 5 }); } finally { await pool.destroy(); }
});
it('loads a ts worker via execArgv', async () => {
  const pool = new Piscina({ filename: new URL('../../scratch-w/worker.ts', import.meta.url).href, maxThreads: 1, execArgv: ['--import', 'tsx'] });
  try { expect(await pool.run({ n: 2 })).toEqual({ doubled: 5 }); } finally { await pool.destroy(); }
});
