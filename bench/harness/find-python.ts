import { existsSync } from 'node:fs';
import { runChild } from './run-child';

/** Debian's interpreter: the one `apt-get install python3-pandas python3-statsmodels` installs into. */
export const DEFAULT_PYTHON = '/usr/bin/python3';

/** A Python with pandas, numpy, scipy and statsmodels, and their versions. */
export interface PythonStack {
  readonly python: string;
  readonly versions: Readonly<Record<string, string>>;
}

/** Either the stack, or why the Python side is skipped. */
export type PythonLookup =
  | { readonly found: true; readonly stack: PythonStack }
  | { readonly found: false; readonly reason: string };

const PROBE = `import json, sys
import numpy, pandas, scipy, statsmodels
print(json.dumps({"python": sys.version.split()[0], "numpy": numpy.__version__, "pandas": pandas.__version__,
  "scipy": scipy.__version__, "statsmodels": statsmodels.__version__}))`;

/**
 * Look for the Python the comparisons run against: `VERDICT_BENCH_PYTHON` (`none` turns the comparisons off), else
 * Debian's /usr/bin/python3 (a pyenv `python3` first on PATH usually lacks the Debian packages). Returns why not when it is missing or
 * cannot import pandas, scipy and statsmodels, so the benchmark can say so instead of comparing with nothing.
 * @example const lookup = await findPython(); if (!lookup.found) notes.push(lookup.reason)
 */
export async function findPython(): Promise<PythonLookup> {
  const python = process.env.VERDICT_BENCH_PYTHON ?? DEFAULT_PYTHON;
  if (python === 'none') return { found: false, reason: 'disabled (VERDICT_BENCH_PYTHON=none)' };
  if (!existsSync(python)) return { found: false, reason: `${python} not found` };
  try {
    const { stdout } = await runChild(python, ['-c', PROBE]);
    return { found: true, stack: { python, versions: JSON.parse(stdout) as Record<string, string> } };
  } catch (error) {
    const last = (error as Error).message.trim().split('\n').at(-1) ?? '';
    return {
      found: false,
      reason: `${python} cannot import numpy, pandas, scipy and statsmodels (${last}); install Debian's python3-pandas and python3-statsmodels`,
    };
  }
}
