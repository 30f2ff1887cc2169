// PLACEHOLDER (jstat-backed) until the accurate implementation lands; same signatures.
import { jStat } from 'jstat';

export const normal = {
  cdf: (x: number): number => jStat.normal.cdf(x, 0, 1),
  sf: (x: number): number => jStat.normal.cdf(-x, 0, 1),
  quantile: (p: number): number => jStat.normal.inv(p, 0, 1),
  pdf: (x: number): number => jStat.normal.pdf(x, 0, 1),
};
