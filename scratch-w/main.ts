import { Piscina } from 'piscina';
const pool = new Piscina({ filename: new URL('./worker.ts', import.meta.url).href, maxThreads: 2 });
console.log(await pool.run({ n: 2 }));
await pool.destroy();
