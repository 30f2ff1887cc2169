// PLACEHOLDER (jstat-backed) until the accurate implementation lands; same signatures.
import { jStat } from 'jstat';

export const beta = {
  cdf: (x: number, a: number, b: number): number => jStat.beta.cdf(x, a, b),
  sf: (x: number, a: number, b: number): number => 1 - jStat.beta.cdf(x, a, b),
  quantile: (p: number, a: number, b: number): number => jStat.beta.inv(p, a, b),
};
