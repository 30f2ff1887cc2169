// Built-in scorers: each is a factory returning a Scorer `(output, item) => boolean`.

export { ScorerConfig } from '../../schema/scorer-config';
export { defaultScorer } from './default-scorer';
export { type ExactMatchOptions, exactMatch } from './exact-match';
export { type IncludesOptions, includes } from './includes';
export { jsonEqual, jsonValuesEqual } from './json-equal';
export { type NumericToleranceOptions, numericTolerance } from './numeric-tolerance';
export { type RegexOptions, regex } from './regex';
export { scorerFromConfig } from './scorer-from-config';
