/** Nodes (on [-1, 1], ascending) and weights of an n-point Gauss-Legendre rule. */
export interface GaussLegendreRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

/**
 * The n-point Gauss-Legendre rule on [-1, 1]: the nodes are the roots of the Legendre polynomial P_n, found by
 * Newton's method from Tricomi's approximation cos(π (i - 1/4) / (n + 1/2)), with weights
 * w_i = 2 / ((1 - x_i²) P_n'(x_i)²) (Abramowitz & Stegun 1964, 25.4.29; the recurrence
 * (k + 1) P_{k+1} = (2k + 1) x P_k - k P_{k-1}). Exact for polynomials of degree up to 2n - 1. Computed rather
 * than tabulated so that no 17-digit table can carry a typo; the e-values it integrates are checked against exact
 * rational arithmetic (test/stats/paired-sequential-reference.test.ts). Internal helper of `logIntegralOfExpConcave`.
 *
 * @example gaussLegendreRule(2).nodes // Float64Array [-0.5773502691896257, 0.5773502691896257] (= ∓1/√3)
 */
export function gaussLegendreRule(n: number): GaussLegendreRule {
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 1; i <= Math.ceil(n / 2); i++) {
    let x = Math.cos((Math.PI * (i - 0.25)) / (n + 0.5));
    let derivative = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      let previous = 1;
      let current = x;
      for (let k = 1; k < n; k++) {
        const next = ((2 * k + 1) * x * current - k * previous) / (k + 1);
        previous = current;
        current = next;
      }
      // current = P_n(x), previous = P_{n-1}(x); P_n'(x) = n (x P_n - P_{n-1}) / (x² - 1).
      derivative = (n * (x * current - previous)) / (x * x - 1);
      const step = current / derivative;
      x -= step;
      if (Math.abs(step) <= 1e-16) break;
    }
    const weight = 2 / ((1 - x * x) * derivative * derivative);
    nodes[i - 1] = -x;
    nodes[n - i] = x;
    weights[i - 1] = weight;
    weights[n - i] = weight;
  }
  if (n % 2 === 1) nodes[(n - 1) / 2] = 0;
  return { nodes, weights };
}
