/**
 * The judge scorer's template rules, which the experiment file's schema checks at load time and the runner's
 * prompt (src/runner/scorers/judge-prompt.ts) follows.
 */

/**
 * How a judge states its grade. `letter`: a last line `GRADE: C` (correct) or `GRADE: I` (incorrect),
 * after its reasoning, as inspect_ai's model_graded_qa asks; `json`: one JSON object
 * `{ "reason": ..., "pass": ..., "score": ... }`, as promptfoo's llm-rubric asks.
 */
export const JUDGE_GRADE_FORMATS = ['letter', 'json'] as const;
export type JudgeGradeFormat = (typeof JUDGE_GRADE_FORMATS)[number];

/** The placeholders a judge template may use. */
export const JUDGE_PLACEHOLDERS = ['input', 'expected', 'output', 'rubric', 'instructions'] as const;
export type JudgePlaceholder = (typeof JUDGE_PLACEHOLDERS)[number];

/** `{{ name }}`, spaces allowed inside the braces. */
export const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/**
 * The default prompt: the task, the reference answer (left out for an item without `expected`), the
 * criterion (the `rubric`, or {@link DEFAULT_CRITERION}) and the submission, each in a marked section so
 * that a submission cannot pass for the grader's instructions, then the instructions of the grade format.
 */
export const DEFAULT_SECTIONS: readonly (readonly [title: string, placeholder: JudgePlaceholder])[] = [
  ['Task', 'input'],
  ['Reference answer', 'expected'],
  ['Criterion', 'rubric'],
  ['Submitted answer', 'output'],
];

/**
 * Why a judge template cannot be used, or undefined when it can: an unknown placeholder (a typo would
 * otherwise reach the judge as literal text), or no `{{output}}` (the judge would never see the answer).
 *
 * @example templateProblem('Grade {{ouptut}}') // 'unknown placeholder {{ouptut}}; expected {{input}}, ...'
 */
export function templateProblem(template: string): string | undefined {
  const names = [...template.matchAll(PLACEHOLDER)].map((match) => match[1]!);
  const unknown = names.find((name) => !(JUDGE_PLACEHOLDERS as readonly string[]).includes(name));
  if (unknown !== undefined)
    return `unknown placeholder {{${unknown}}}; expected ${JUDGE_PLACEHOLDERS.map((name) => `{{${name}}}`).join(', ')}`;
  if (!names.includes('output')) return 'has no {{output}}: the judge would never see the answer it grades';
  return undefined;
}

/** The placeholders `template` uses (the default prompt's when there is none). */
export function templatePlaceholders(template: string | undefined): ReadonlySet<string> {
  if (template === undefined) return new Set(DEFAULT_SECTIONS.map(([, name]) => name));
  return new Set([...template.matchAll(PLACEHOLDER)].map((match) => match[1]!));
}
