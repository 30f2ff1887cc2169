import type { TopLevelSpec } from 'vega-lite';
import type { VerdictDocument } from '../../src/schema/verdict-document';
import { CHART_WIDTH, VEGA_LITE_SCHEMA } from './chart-colors';

/**
 * Power as a function of the number of paired items (`doc.power.curve`, against the effect the verdict needs
 * detectable (the margin, else the policy's detectable effect) or, without either, the minimum detectable
 * difference), with the current n marked by a vertical rule and the target power by a
 * horizontal one. Where the line crosses the target is the n this eval needs. An empty curve (no discordant pairs
 * to plan from) leaves only the two rules.
 * @example vegaEmbed('#power', powerCurveChart(doc))
 */
export function powerCurveChart(doc: VerdictDocument): TopLevelSpec {
  const { power, policy } = doc;
  const against = power.effect ?? power.minimumDetectableDifference;
  const size =
    against === null
      ? 'the minimum detectable difference'
      : policy.metric === 'pass'
        ? `${(against * 100).toFixed(1)} points`
        : `${against}`;
  // A fixed domain: with an empty curve (no discordance to plan from) the rule alone would give vega no extent.
  const maxN = Math.max(power.n, 1, ...power.curve.map((point) => point.n));
  const x = {
    field: 'n',
    type: 'quantitative' as const,
    title: 'paired items (n)',
    scale: { domain: [0, maxN] },
    axis: { format: ',d' },
  };
  const y = { type: 'quantitative' as const, scale: { domain: [0, 1] }, axis: { format: '.0%' }, title: 'power' };
  const curve = {
    data: { values: power.curve },
    mark: { type: 'line' as const, point: true, color: '#1d4ed8' },
    encoding: {
      x,
      y: { ...y, field: 'power' },
      tooltip: [
        { field: 'n', type: 'quantitative' as const, format: ',d', title: 'paired items' },
        { field: 'power', type: 'quantitative' as const, format: '.1%', title: 'power' },
      ],
    },
  };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: 'Power by sample size',
      subtitle:
        power.curve.length > 0
          ? `to detect a difference of ${size} at alpha = ${power.alpha}`
          : 'no power curve: no effect to plan for (give --margin or --detect)',
    },
    width: CHART_WIDTH,
    layer: [
      ...(power.curve.length > 0 ? [curve] : []),
      {
        data: { values: [{ power: power.targetPower, label: `target ${Math.round(power.targetPower * 100)}%` }] },
        mark: { type: 'rule', strokeDash: [4, 4], color: '#6b7280' },
        encoding: { y: { ...y, field: 'power' } },
      },
      {
        data: { values: [{ n: power.n, label: `current n = ${power.n}` }] },
        layer: [
          { mark: { type: 'rule', color: '#c2410c', strokeWidth: 2 }, encoding: { x } },
          {
            mark: { type: 'text', align: 'left', dx: 4, baseline: 'top', color: '#c2410c' },
            encoding: { x, y: { datum: 1, type: 'quantitative' }, text: { field: 'label', type: 'nominal' } },
          },
        ],
      },
    ],
  };
}
