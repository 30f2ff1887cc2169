// PLACEHOLDER (jstat-backed) until the accurate implementation lands; same signatures.
import { jStat } from 'jstat';

export const chiSquared = {
  cdf: (x: number, df: number): number => jStat.chisquare.cdf(x, df),
  sf: (x: number, df: number): number => 1 - jStat.chisquare.cdf(x, df),
  quantile: (p: number, df: number): number => jStat.chisquare.inv(p, df),
};
