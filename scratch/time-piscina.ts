import { Piscina } from 'piscina';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
async function time(label: string, filename: string, n: number, execArgv: string[]) {
  const t0 = Date.now();
  const pool = new Piscina({ filename, minThreads: n, maxThreads: n, execArgv, atomics: 'disabled' });
  const arrived = new Int32Array(new SharedArrayBuffer(4));
  await Promise.all(Array.from({ length: n }, () => pool.run({ kind: 'warm', arrived, expected: n })));
  console.log(label, n, Date.now() - t0);
  await pool.destroy();
}
const trivial = new URL('./w-trivial.mjs', import.meta.url).href;
await time('trivial mjs, no tsx', trivial, 4, []);
await time('trivial mjs, tsx', trivial, 4, ['--import', tsx]);
