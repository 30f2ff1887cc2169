// PLACEHOLDER (jstat-backed) until the accurate implementation lands; same signatures.
import { jStat } from 'jstat';

export const studentT = {
  cdf: (x: number, df: number): number => jStat.studentt.cdf(x, df),
  sf: (x: number, df: number): number => jStat.studentt.cdf(-x, df),
  quantile: (p: number, df: number): number => jStat.studentt.inv(p, df),
};
