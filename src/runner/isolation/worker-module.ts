import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

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
