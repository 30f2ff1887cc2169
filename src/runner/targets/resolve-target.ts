import type { TargetDefinition, TargetFunction } from '../../schema/experiment-definition';
import { commandTarget } from './command-target';
import { openAITarget } from './openai-target';

/**
 * Turn a target definition into the function the runner calls: functions are used as they are;
 * `{ type: 'openai' }` and `{ type: 'command' }` get their built-in implementations
 * ({@link openAITarget}, {@link commandTarget}).
 *
 * @throws {InputError} for an openai target whose `apiKeyEnv` is not set.
 * @throws {TypeError} for anything that is not a target.
 */
export function resolveTarget(definition: TargetDefinition): TargetFunction {
  if (typeof definition === 'function') return definition;
  if (definition?.type === 'openai') return openAITarget(definition);
  if (definition?.type === 'command') return commandTarget(definition);
  const type = (definition as { type?: unknown } | null)?.type;
  throw new TypeError(
    `resolveTarget: expected a function or a target of type 'openai' or 'command', got type ${JSON.stringify(type)}`,
  );
}
