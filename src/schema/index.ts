// src/schema: zod schemas of every file format (the single source of each type and its JSON Schema).

// The Verdict document (owned by reports/, which must not import src/)
export * from '../../reports/verdict-document';
// User-input errors
export { expectedGot, formatInputProblem, InputError, type InputLocation } from './input-error';
// Results files
export { RecordStatus, ResultRecord, type ResultRecordInput } from './result-record';
