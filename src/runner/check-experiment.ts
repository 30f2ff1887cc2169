import type { Experiment } from '../schema/experiment-definition';
import { InputError } from '../schema/input-error';
import { formatPath } from '../schema/input-error-from-zod';
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
  if (experiment.score === undefined) {
    const index = experiment.items.findIndex((item) => item.expected === undefined);
    if (index !== -1)
      throw new InputError(
        `missing, and item ${JSON.stringify(experiment.items[index]!.id)} has no \`expected\` for the default exact-match scorer; add a \`score\` or an \`expected\` to every item`,
        { field: 'score' },
      );
  }
}
