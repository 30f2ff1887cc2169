// verdict/stats: pure statistics. No I/O, no Node built-ins; runs in a browser or notebook.

// Distributions
export { beta } from './distributions/beta';
export { binomial } from './distributions/binomial';
export { chiSquared } from './distributions/chi-squared';
export { normal } from './distributions/normal';
export { studentT } from './distributions/student-t';
// Numerical tools
export { type FindRootOptions, findRoot } from './find-root';
export { type RandomSource, seededRandom } from './seeded-random';
// Types
export type { IntervalResult, PairedTable, TwoProportionCounts } from './types';
