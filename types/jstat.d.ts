// jstat ships no type declarations; only the parts verdict calls are declared here.
declare module 'jstat' {
  interface JStatDistribution {
    cdf(x: number, ...params: number[]): number;
    pdf(x: number, ...params: number[]): number;
    inv(p: number, ...params: number[]): number;
  }
  export const jStat: {
    normal: JStatDistribution;
    studentt: JStatDistribution;
    chisquare: JStatDistribution;
    beta: JStatDistribution;
    binomial: { pdf(k: number, n: number, p: number): number; cdf(k: number, n: number, p: number): number };
    gammaln(x: number): number;
    betaln(a: number, b: number): number;
    ibeta(x: number, a: number, b: number): number;
    ibetainv(p: number, a: number, b: number): number;
    lowRegGamma(a: number, x: number): number;
    erfc(x: number): number;
  };
  export default jStat;
}
