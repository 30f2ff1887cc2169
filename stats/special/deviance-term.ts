/**
 * Loader's deviance term bd0(x, np) = x log(x / np) + np - x, the saddle-point exponent of the binomial
 * and Poisson densities (Loader 2000, "Fast and accurate computation of binomial probabilities").
 *
 * Near x = np both products are large and nearly cancel, so there the series
 * bd0 = (x - np) v + 2x sum_{j >= 1} v^(2j+1) / (2j + 1), v = (x - np) / (x + np), is summed instead; it
 * converges geometrically in v^2 < 1/121. Outside that band the direct formula loses at most a few ulps
 * relative to x log(x / np), and the result is then large enough that exp(-bd0) is far in a tail.
 *
 * @param x a real number >= 0
 * @param np a real number > 0
 * @example devianceTerm(5, 5) // 0
 */
export function devianceTerm(x: number, np: number): number {
  const difference = x - np;
  if (Math.abs(difference) < 0.1 * (x + np)) {
    const v = difference / (x + np);
    const v2 = v * v;
    let sum = difference * v;
    let power = 2 * x * v;
    for (let j = 1; j < 1000; j++) {
      power *= v2;
      const next = sum + power / (2 * j + 1);
      if (next === sum) return next;
      sum = next;
    }
    return sum;
  }
  const ratio = x / np;
  // x / np overflows or underflows only at the edge of the double range (np = 1e-319); split the log there.
  const logRatio = ratio > 0 && ratio < Number.POSITIVE_INFINITY ? Math.log(ratio) : Math.log(x) - Math.log(np);
  return x * logRatio + np - x;
}
