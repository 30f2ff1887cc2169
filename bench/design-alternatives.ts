/**
 * Issue 17, the 30% goal at power 0.8: does another design choice than the likelihood ratio at the design
 * alternative save more items? Exact computation, no simulation, so no seed to tune to: each e-value's truncated
 * design (monitored after every pair, each side rejecting when its e-value reaches 2 / alpha, the final look at the
 * maximum spending what the crossings leave; stats/truncated-design-look.ts, `truncatedBoundaryPlan`) is planned
 * for a true 5-point drop at discordance 15% (q = 2/3 of the discordant pairs on the drop side), and its mean items
 * compared with the fixed-n exact McNemar design of the same power.
 *
 * The e-values, each chosen from the definition of the alternative, before any figure was seen:
 * - the likelihood ratio at q1 = 2/3: the 5-point drop itself (`stopping.design`; Wald's SPRT statistic, the GROW
 *   e-value of Grünwald, de Heide & Koolen 2024 for that point);
 * - a uniform mixture over q in [2/3, 1]: "a drop of 5 points or more" at that discordance;
 * - a uniform mixture over q in [1/2, 1]: any drop (the one-sided form of the design-free mixture).
 * A mixture of likelihood ratios with q >= 1/2 is an e-value for q <= 1/2 (each component is a nonnegative
 * supermartingale there), so every design here is valid under continuous monitoring.
 *
 *   npx tsx bench/design-alternatives.ts
 */
import { gaussLegendreRule } from '../stats/gauss-legendre-rule';
import { mcnemarSampleSize } from '../stats/index';
import { type Crosses, truncatedBoundaryPlan } from '../stats/truncated-design-look';

const ALPHA = 0.05;
const DISCORDANCE = 0.15;
const SHARE = 2 / 3; // (ψ + δ) / (2ψ) at δ = 0.05, ψ = 0.15
const THRESHOLD = Math.log(2 / ALPHA);
const RULE = gaussLegendreRule(96);

/** log of the uniform mixture over q in [a, b] of (2q)^w (2(1 - q))^l, by Gauss-Legendre quadrature in log space. */
function logMixture(a: number, b: number, wins: number, losses: number): number {
  const terms = Array.from(RULE.nodes, (x, i) => {
    const q = a + ((b - a) * (x + 1)) / 2;
    const tail = losses === 0 ? 0 : losses * Math.log(2 * (1 - q));
    return Math.log(RULE.weights[i]! / 2) + wins * Math.log(2 * q) + tail;
  });
  const top = Math.max(...terms);
  return top + Math.log(terms.reduce((sum, t) => sum + Math.exp(t - top), 0));
}

const designs: [string, Crosses][] = [
  [
    'likelihood ratio at q1 = 2/3 (the 5-point drop)',
    (w, l) => w * Math.log(2 * SHARE) + l * Math.log(2 * (1 - SHARE)) >= THRESHOLD,
  ],
  ['uniform mixture, q in [2/3, 1] (a drop of 5 points or more)', (w, l) => logMixture(SHARE, 1, w, l) >= THRESHOLD],
  ['uniform mixture, q in [1/2, 1] (any drop)', (w, l) => logMixture(0.5, 1, w, l) >= THRESHOLD],
];

console.log('| power | e-value | maximum N | power at N | mean items | fixed-n exact McNemar | saving |');
console.log('|---|---|---|---|---|---|---|');
for (const power of [0.8, 0.9]) {
  const fixed = mcnemarSampleSize({ p10: 0.1, p01: 0.05, alpha: ALPHA, power, method: 'exact' }).n;
  for (const [name, crosses] of designs) {
    const plan = truncatedBoundaryPlan(crosses, {
      share: SHARE,
      discordance: DISCORDANCE,
      alpha: ALPHA,
      power,
      limit: 4096,
    });
    const saving = 1 - plan.expectedItems / fixed;
    console.log(
      `| ${power} | ${name} | ${plan.maxItems} | ${plan.power.toFixed(4)} | ${plan.expectedItems.toFixed(1)} | ${fixed} | ${(100 * saving).toFixed(1)}% |`,
    );
  }
}
