// Built-in scorers: each is a factory returning a Scorer `(output, item) => boolean` (the judge: a promise of a grade).

export { JUDGE_GRADE_FORMATS, JUDGE_PLACEHOLDERS, type JudgeGradeFormat } from '../../schema/judge-template';
export { ScorerConfig } from '../../schema/scorer-config';
export { defaultScorer } from './default-scorer';
export { type ExactMatchOptions, exactMatch } from './exact-match';
export { type IncludesOptions, includes } from './includes';
export { jsonEqual, jsonValuesEqual } from './json-equal';
export { type JudgeGrade, readGrade, UnreadableGradeError } from './judge-grade';
export { DEFAULT_CRITERION, judgePrompt } from './judge-prompt';
export { type JudgeScorerOptions, judgeScorer } from './judge-scorer';
export { type NumericToleranceOptions, numericTolerance } from './numeric-tolerance';
export { type RegexOptions, regex } from './regex';
export { experimentScorer, scorerFromConfig } from './scorer-from-config';
