import { createRequire } from 'node:module';

const requireModule = createRequire(import.meta.url);
let arquero: typeof import('arquero') | undefined;

/**
 * arquero, loaded on first use: importing it costs ~300 ms (BENCHMARKS.md "CLI start-up"), which `verdict compare`
 * on JSON Lines never needs, while its users here are synchronous (`readCsvRecords`, the `LoadedResults.table`
 * getter). arquero ships only ES modules (its dist/arquero.js is a UMD bundle whose classes would not be those a
 * notebook imports), so this is `require` of an ES module: synchronous since Node 20.19 (package.json `engines`),
 * and the same module instance `import 'arquero'` gives (test/analysis/arquero-table.test.ts).
 */
export function loadArquero(): typeof import('arquero') {
  arquero ??= requireModule('arquero') as typeof import('arquero');
  return arquero;
}
