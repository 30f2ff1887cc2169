import * as esbuild from 'esbuild';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import {
  costChart,
  differenceForestChart,
  flipChart,
  latencyChart,
  passAtKChart,
  passRateChart,
  powerCurveChart,
  reportCharts,
  type VerdictDocument,
} from '../../reports/index';
import { FIXTURE_NAMES, loadFixture } from './fixtures';

/** Compiles a spec with a logger that records every message vega-lite emits. */
function compileMessages(spec: TopLevelSpec): string[] {
  const messages: string[] = [];
  const record =
    (level: string) =>
    (...args: unknown[]) => {
      messages.push(`${level}: ${args.map(String).join(' ')}`);
      return logger;
    };
  const logger = {
    level: () => logger,
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    debug: () => logger,
  };
  // biome-ignore lint/suspicious/noExplicitAny: vega-lite's LoggerInterface is typed with `this`
  compile(spec, { logger: logger as any });
  return messages;
}

/** Runs the compiled spec in a headless vega View and returns what vega logged (empty extents, bad scales...). */
async function runtimeWarnings(spec: TopLevelSpec): Promise<string[]> {
  const messages: string[] = [];
  const record = (...args: unknown[]) => {
    messages.push(args.map(String).join(' '));
    return logger;
  };
  const logger = { level: () => logger, info: () => logger, debug: () => logger, warn: record, error: record };
  const view = new View(parse(compile(spec).spec), { renderer: 'none', logger: logger as never });
  await view.runAsync();
  view.finalize();
  return messages;
}

const builders: Record<string, (doc: VerdictDocument) => TopLevelSpec> = {
  passRateChart,
  differenceForestChart,
  flipChart,
  passAtKChart,
  powerCurveChart,
  latencyChart,
  costChart,
};

const cases = FIXTURE_NAMES.flatMap((fixture) => {
  const doc = loadFixture(fixture);
  return Object.entries(builders).flatMap(([name, build]) => {
    try {
      return [{ fixture, name, spec: build(doc) }];
    } catch {
      return []; // not applicable to this document: tested below
    }
  });
});

describe('chart builders', () => {
  it.each(cases)('$name($fixture) compiles and runs with no warning and matches its snapshot', async ({ spec }) => {
    // The spec as a notebook would receive it, copied before vega runs it: vega tags data objects with
    // Symbol(vega_id) counters that depend on every chart run before this one.
    const asBuilt = structuredClone(spec);
    expect(compileMessages(spec)).toEqual([]);
    expect(await runtimeWarnings(spec)).toEqual([]);
    expect(asBuilt).toMatchSnapshot();
  });

  it('covers every builder on some fixture', () => {
    expect(new Set(cases.map((c) => c.name))).toEqual(new Set(Object.keys(builders)));
  });

  it('draws intervals from precomputed bounds, never with errorbar extent ci', () => {
    for (const { spec } of cases) expect(JSON.stringify(spec)).not.toMatch(/"extent"|"aggregate"/);
  });

  it('puts data values only in data, never in field names (dots and brackets in names are data)', () => {
    const fields = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object')
        for (const [key, value] of Object.entries(node)) {
          if (key === 'values') continue;
          if (key === 'field' && typeof value === 'string') fields.add(value);
          walk(value);
        }
    };
    for (const { spec } of cases) walk(spec);
    for (const field of fields) expect(field).toMatch(/^[a-zA-Z][a-zA-Z0-9]*$/);
  });

  it('marks the current n on the power curve and both margins on the forest plot', () => {
    const doc = loadFixture('score-latency-cost');
    expect(JSON.stringify(powerCurveChart(doc))).toContain(`"current n = ${doc.power.n}"`);
    const forest = JSON.stringify(differenceForestChart(doc));
    expect(forest).toContain(`{"x":${-doc.policy.margin},"line":"-margin"}`);
    expect(forest).toContain(`{"x":${doc.policy.margin},"line":"+margin"}`);
  });

  it('shows every comparison and slice as a forest row, in pass-rate points', () => {
    const doc = loadFixture('regression');
    const layer = differenceForestChart(doc) as { layer: Array<{ data?: { values: Array<{ estimate: number }> } }> };
    const rows = layer.layer[1]!.data!.values;
    expect(rows).toHaveLength(doc.comparisons.length + doc.comparisons.reduce((sum, c) => sum + c.slices.length, 0));
    expect(rows[0]!.estimate).toBeCloseTo(doc.paired.difference.estimate * 100, 12);
  });

  it('refuses a chart the document has no data for, naming the field', () => {
    const edge = loadFixture('no-discordant-pairs');
    expect(() => passAtKChart(edge)).toThrow(
      new RangeError(
        'passAtKChart: `doc.passAtK` is null (one sample per item); pass@k needs several samples per item',
      ),
    );
    expect(() => latencyChart(edge)).toThrow(new RangeError('latencyChart: no variant has `latencyMs`'));
    expect(() => costChart(edge)).toThrow(new RangeError('costChart: no variant has `costUsd`'));
    expect(reportCharts(edge).map((c) => c.id)).toEqual(['pass-rate', 'difference', 'flips', 'power']);
  });

  it('bundles for the browser without Node built-ins', async () => {
    const result = await esbuild.build({
      stdin: {
        contents: "export * from './charts/report-charts';",
        resolveDir: new URL('../../reports', import.meta.url).pathname,
        loader: 'ts',
      },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    expect(result.outputFiles[0]!.text).not.toMatch(/from ["']node:/);
  });
});
