import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isClose, type Tolerance } from './expect-close';

/** One golden case from ../shared/oracle/dev, copied into test/fixtures/oracle/. */
export interface OracleCase {
  readonly fn: string;
  readonly args: Record<string, unknown>;
  readonly expect: Record<string, unknown>;
  readonly source: string;
  readonly tol?: Tolerance & { readonly rel_or?: number };
}

export function loadOracleFamily(family: string): OracleCase[] {
  const url = new URL(`../fixtures/oracle/${family}.json`, import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as OracleCase[];
}

/** One comparison of a case: a label, the value got, the value wanted, an optional tolerance override. */
export type Check = readonly [label: string, got: unknown, want: unknown, tol?: Tolerance | 'uniroot'];

/**
 * R's fisher.test solves the conditional MLE and its limits with uniroot(tol = 2^-13) on ncp below 1
 * and on 1/ncp above 1, so its golden odds ratios carry that error. Accept the case's tolerance or
 * R's own solver precision on the scale R solved on (which keeps OR and 1/OR apart).
 */
function closeToUniroot(got: unknown, want: unknown, tol: Tolerance): boolean {
  if (isClose(got, want, tol)) return true;
  if (typeof got !== 'number' || typeof want !== 'number') return false;
  if (!(want > 0 && Number.isFinite(want) && got > 0 && Number.isFinite(got))) return false;
  const slack = 2 ** -13 + 4 * Number.EPSILON;
  return want < 1 ? Math.abs(got - want) <= slack : Math.abs(1 / got - 1 / want) <= slack;
}

/**
 * Run every case of a family through `adapter` and return the failures, each naming the function,
 * the inputs, the field, the value got and the value wanted. Adapters return 'skip' for functions
 * outside verdict's contract (the oracle README lists them).
 */
export function runFamily(
  cases: readonly OracleCase[],
  adapter: (c: OracleCase) => readonly Check[] | 'skip',
): { failures: string[]; checked: number } {
  const failures: string[] = [];
  let checked = 0;
  for (const c of cases) {
    const caseTol = c.tol ?? {};
    let checks: readonly Check[] | 'skip';
    try {
      checks = adapter(c);
    } catch (error) {
      failures.push(`${c.fn} ${JSON.stringify(c.args).slice(0, 200)}: threw ${String(error)}`);
      continue;
    }
    if (checks === 'skip') continue;
    checked++;
    for (const [label, got, want, tolOverride] of checks) {
      const ok =
        tolOverride === 'uniroot'
          ? closeToUniroot(got, want, { rel: c.tol?.rel_or ?? 1e-6, abs: caseTol.abs ?? 0 })
          : typeof want === 'string' && !['NaN', 'Infinity', '-Infinity'].includes(want)
            ? got === want
            : isClose(got, want, tolOverride ?? caseTol);
      if (!ok) {
        failures.push(
          `${c.fn} ${JSON.stringify(c.args).slice(0, 200)}: ${label} got ${String(got)}, want ${String(want)}, tol ${JSON.stringify(tolOverride ?? caseTol)} (${c.source})`,
        );
        break;
      }
    }
  }
  return { failures, checked };
}
