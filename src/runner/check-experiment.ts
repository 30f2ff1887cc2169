import { accountProblems } from '../schema/accounts';
import type { Experiment } from '../schema/experiment-definition';
import { InputError } from '../schema/input-error';
import { formatPath } from '../schema/input-error-from-zod';
import { templatePlaceholders, templateProblem } from '../schema/judge-template';
import { PROTOTYPE_KEY_PROBLEM, prototypeKeyPath } from '../schema/prototype-key';

/**
 * The checks runExperiment makes on an experiment given in code (a loaded file has passed its zod
 * schema already): items with ids, at least one variant whose target is a function or a `{ type }`
 * config, and something to score with: a `score`, or an `expected` on every item for the default
 * scorer. Scoring without either ("truthy output passes") would report a pass rate that means nothing.
 *
 * @throws {InputError} naming the field, e.g. ``items[3].id: missing``.
 */
export function checkExperiment(experiment: Experiment): void {
  if (typeof experiment !== 'object' || experiment === null)
    throw new InputError(`expected an experiment object, got ${experiment === null ? 'null' : typeof experiment}`);
  if (typeof experiment.name !== 'string' || experiment.name.trim() === '')
    throw new InputError('expected a non-empty string naming the experiment', { field: 'name' });
  if (!Array.isArray(experiment.items) || experiment.items.length === 0)
    throw new InputError('expected a non-empty array of items', { field: 'items' });
  experiment.items.forEach((item, index) => {
    if (typeof item !== 'object' || item === null)
      throw new InputError('expected an object', { field: `items[${index}]` });
    if (typeof item.id !== 'string' && typeof item.id !== 'number')
      throw new InputError(`expected a string or number id, got ${item.id === undefined ? 'none' : typeof item.id}`, {
        field: `items[${index}].id`,
      });
  });
  const named = prototypeKeyPath({
    variants: experiment.variants,
    rateLimit: experiment.rateLimit,
    accounts: experiment.accounts,
    items: experiment.items,
  });
  if (named !== undefined) throw new InputError(PROTOTYPE_KEY_PROBLEM, { field: formatPath(named) });
  const variants = Object.entries(experiment.variants ?? {});
  if (variants.length === 0) throw new InputError('expected at least one variant', { field: 'variants' });
  for (const [name, target] of variants) {
    const ok =
      typeof target === 'function' ||
      (typeof target === 'object' && target !== null && typeof target.type === 'string');
    if (!ok)
      throw new InputError(
        "expected a target: a function, or { type: 'openai' | 'anthropic' | 'http' | 'command', ... }",
        {
          field: `variants.${name}`,
        },
      );
  }
  const { score } = experiment;
  if (
    score !== undefined &&
    typeof score !== 'function' &&
    (typeof score !== 'object' || score === null || !('type' in score))
  )
    throw new InputError("expected a scorer function or a built-in scorer's config ({ type: 'exact-match', ... })", {
      field: 'score',
    });
  if (typeof score === 'object' && score.type === 'judge') checkJudge(experiment, score);
  checkAccounts(experiment);
  if (experiment.score === undefined) {
    const index = experiment.items.findIndex((item) => item.expected === undefined);
    if (index !== -1)
      throw new InputError(
        `missing, and item ${JSON.stringify(experiment.items[index]!.id)} has no \`expected\` for the default exact-match scorer; add a \`score\` or an \`expected\` to every item`,
        { field: 'score' },
      );
  }
}

/**
 * A judge that could not grade some item is refused before the first cell: a template with an unknown
 * placeholder, one that asks for a rubric there is none of, or an item without the `expected` answer the
 * prompt grades against (the default prompt needs one when there is no rubric).
 */
function checkJudge(experiment: Experiment, judge: { readonly template?: string; readonly rubric?: string }): void {
  const { template, rubric } = judge;
  const problem = template === undefined ? undefined : templateProblem(template);
  if (problem !== undefined) throw new InputError(problem, { field: 'score.template' });
  const uses = templatePlaceholders(template);
  if (template !== undefined && uses.has('rubric') && rubric === undefined)
    throw new InputError('the template uses {{rubric}}; add a `rubric`', { field: 'score.rubric' });
  const needsExpected = template === undefined ? rubric === undefined : uses.has('expected');
  if (!needsExpected) return;
  const missing = experiment.items.find((item) => item.expected === undefined);
  if (missing !== undefined)
    throw new InputError(
      `item ${JSON.stringify(missing.id)} has no \`expected\` answer, which the judge's ${template === undefined ? 'default prompt grades against when there is no `rubric`' : 'template uses ({{expected}})'}; give every item an \`expected\` or the judge a \`rubric\``,
      { field: 'score' },
    );
}

/** The experiment's `accounts` used as accountProblems allows (a loaded file has been checked so already). */
function checkAccounts(experiment: Experiment): void {
  const { accounts, rateLimit, score } = experiment;
  if (accounts === undefined && !(typeof score === 'object' && score.type === 'judge' && score.account !== undefined))
    return;
  if (accounts !== undefined && (typeof accounts !== 'object' || accounts === null || Array.isArray(accounts)))
    throw new InputError(
      'expected an object of accounts: { name: { requestsPerMinute?, tokensPerMinute?, variants? } }',
      {
        field: 'accounts',
      },
    );
  const variants = Object.keys(experiment.variants);
  const rateLimited =
    rateLimit === undefined ? [] : typeof rateLimit.requestsPerMinute === 'number' ? variants : Object.keys(rateLimit);
  const judgeAccount = typeof score === 'object' && score.type === 'judge' ? score.account : undefined;
  const [problem] = accountProblems({ accounts, variants, rateLimited, judgeAccount });
  if (problem !== undefined) throw new InputError(problem.message, { field: formatPath([...problem.path]) });
}
