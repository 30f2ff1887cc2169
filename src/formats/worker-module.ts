import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * The module of a worker thread beside the module that starts it: `NAME.ts` in the sources, `NAME.js` at dist/
 * root in the build (each worker is its own tsup entry, and tsup puts the shared chunks there too).
 * @example workerModuleFile(import.meta.url, 'cell-worker') // .../dist/cell-worker.js from the build
 */
export const workerModuleFile = (importMetaUrl: string, name: string): URL =>
  new URL(importMetaUrl.endsWith('.ts') ? `./${name}.ts` : `./${name}.js`, importMetaUrl);

/**
 * A worker's Node options: the parent's (what piscina and `new Worker` pass by default), plus tsx's loader when
 * the worker's own module is TypeScript (running verdict from its sources) and the parent has no TypeScript loader
 * that workers inherit (vitest transforms modules in its own way, which worker threads do not get).
 */
export function workerExecArgv(file: URL): string[] {
  const inherited = process.execArgv;
  if (!file.pathname.endsWith('.ts') || inherited.some((arg) => arg.includes('tsx'))) return [...inherited];
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return [...inherited, '--import', tsx];
}

/**
 * A worker thread running `file` (from {@link workerModuleFile}). A TypeScript module (verdict run from its sources,
 * as the tests do) is started by a stub that registers tsx's loader in the worker, then imports it: tsx's loader in
 * the worker's execArgv (`--import tsx`, as `workerExecArgv` gives piscina) did not make a worker's own entry
 * loadable (Node 20.20: "Unknown file extension .ts", tried with and without eval); `register()` of tsx/esm/api
 * inside the worker does.
 */
export function startWorker(file: URL, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  if (!file.pathname.endsWith('.ts')) return new Worker(file, options);
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(
    `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(file.href)}); })`,
    { ...options, eval: true },
  );
}
