import type { TargetDefinition, TargetFunction } from '../../schema/experiment-definition';
import { anthropicTarget } from './anthropic-target';
import { commandTarget } from './command-target';
import { httpTarget } from './http-target';
import { openAITarget } from './openai-target';

/**
 * Turn a target definition into the function the runner calls: functions are used as they are;
 * `{ type: 'openai' }`, `{ type: 'anthropic' }`, `{ type: 'http' }` and `{ type: 'command' }` get their
 * built-in implementations ({@link openAITarget}, {@link anthropicTarget}, {@link httpTarget}, {@link commandTarget}).
 *
 * @throws {InputError} for a provider target whose API key variable is not set, or an http target's bad template.
 * @throws {TypeError} for anything that is not a target.
 */
export function resolveTarget(definition: TargetDefinition): TargetFunction {
  if (typeof definition === 'function') return definition;
  if (definition?.type === 'openai') return openAITarget(definition);
  if (definition?.type === 'anthropic') return anthropicTarget(definition);
  if (definition?.type === 'http') return httpTarget(definition);
  if (definition?.type === 'command') return commandTarget(definition);
  const type = (definition as { type?: unknown } | null)?.type;
  throw new TypeError(
    `resolveTarget: expected a function or a target of type 'openai', 'anthropic', 'http' or 'command', got type ${JSON.stringify(type)}`,
  );
}
