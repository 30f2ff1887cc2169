import { createHash } from 'node:crypto';
import {
  DEFAULT_ANTHROPIC_BASE_URL,
  DEFAULT_ANTHROPIC_MAX_TOKENS,
  DEFAULT_ANTHROPIC_VERSION,
} from '../schema/anthropic-target-config';
import { canonicalJson } from '../schema/canonical-json';
import type { TargetDefinition } from '../schema/experiment-definition';

/** What makes two targets give the same outputs, as plain JSON with no secret in it. */
export type TargetIdentity =
  | { readonly type: 'function'; readonly sourceSha256: string; readonly version?: unknown }
  | {
      readonly type: 'openai';
      readonly baseURL: string;
      readonly model: string;
      readonly system?: string;
      readonly temperature?: number;
      readonly maxTokens?: number;
      readonly version?: unknown;
    }
  | {
      readonly type: 'anthropic';
      readonly baseURL: string;
      readonly model: string;
      readonly anthropicVersion: string;
      readonly maxTokens: number;
      readonly system?: string;
      readonly temperature?: number;
      readonly topP?: number;
      readonly stopSequences?: readonly string[];
      readonly version?: unknown;
    }
  | {
      readonly type: 'http';
      readonly method: string;
      readonly url: string;
      readonly body?: unknown;
      readonly output?: string;
      readonly headersSha256?: string;
      readonly version?: unknown;
    }
  | {
      readonly type: 'command';
      readonly argv: readonly string[];
      readonly cwd?: string;
      readonly envSha256?: string;
      readonly version?: unknown;
    };

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The identity of a target for the output cache: everything that decides its output, nothing secret.
 *
 * - A function: the SHA-256 of its source text. Its closure is not visible: a target built by a factory from a
 *   changed argument has the same source, so pass what it closes over as `version` (the experiment's field for
 *   it), or every cached output would be served to the changed target.
 * - `openai`: the provider (`baseURL`), `model`, the prompt template (`system`) and the sampling parameters
 *   (`temperature`, `maxTokens`). Not `headers` (they carry keys: `Authorization`), not `apiKeyEnv` (which key
 *   pays does not change the answer), not `pricing` (it changes the recorded cost, not the output).
 * - `anthropic`: the same, with defaults filled in (so writing the default explicitly still hits), plus `topP`,
 *   `stopSequences` and `anthropicVersion`; not `stream` (streamed or not, the answer is the same).
 * - `http`: the method and the templates of the URL and the body (placeholders, never the secrets they read), the
 *   output's path (a function's source hash), and the SHA-256 of the header templates (a changed `x-model` header
 *   misses; a key written into one is not kept). Not `usage`, `costUsd` or `pricing`.
 * - `command`: `argv` and `cwd`, and the SHA-256 of its `env` (a changed variable misses; its values, which may be
 *   secrets, are not kept).
 *
 * @param version anything else that should invalidate the cache when it changes (JSON)
 * @example targetIdentity({ type: 'openai', baseURL: 'https://api.example/v1', model: 'm-1', headers: { Authorization: 'Bearer …' } }) // { type: 'openai', baseURL: 'https://api.example/v1', model: 'm-1' }
 */
export function targetIdentity(target: TargetDefinition, version?: unknown): TargetIdentity {
  const tagged = version === undefined ? {} : { version };
  if (typeof target === 'function') return { type: 'function', sourceSha256: sha256(target.toString()), ...tagged };
  if (target?.type === 'openai') {
    const { baseURL, model, system, temperature, maxTokens } = target;
    return {
      type: 'openai',
      baseURL,
      model,
      ...(system === undefined ? {} : { system }),
      ...(temperature === undefined ? {} : { temperature }),
      ...(maxTokens === undefined ? {} : { maxTokens }),
      ...tagged,
    };
  }
  if (target?.type === 'anthropic') {
    const { model, system, temperature, topP, stopSequences } = target;
    return {
      type: 'anthropic',
      baseURL: target.baseURL ?? DEFAULT_ANTHROPIC_BASE_URL,
      model,
      anthropicVersion: target.anthropicVersion ?? DEFAULT_ANTHROPIC_VERSION,
      maxTokens: target.maxTokens ?? DEFAULT_ANTHROPIC_MAX_TOKENS,
      ...(system === undefined ? {} : { system }),
      ...(temperature === undefined ? {} : { temperature }),
      ...(topP === undefined ? {} : { topP }),
      ...(stopSequences === undefined ? {} : { stopSequences: [...stopSequences] }),
      ...tagged,
    };
  }
  if (target?.type === 'http') {
    const { url, body, output, headers } = target;
    return {
      type: 'http',
      method: target.method ?? 'POST',
      url,
      ...(body === undefined ? {} : { body }),
      ...(output === undefined ? {} : { output: typeof output === 'function' ? sha256(output.toString()) : output }),
      ...(headers === undefined ? {} : { headersSha256: sha256(canonicalJson(headers)) }),
      ...tagged,
    };
  }
  if (target?.type === 'command') {
    const { argv, cwd, env } = target;
    return {
      type: 'command',
      argv: [...argv],
      ...(cwd === undefined ? {} : { cwd }),
      ...(env === undefined ? {} : { envSha256: sha256(canonicalJson(env)) }),
      ...tagged,
    };
  }
  const type = (target as { type?: unknown } | null)?.type;
  throw new TypeError(
    `targetIdentity: expected a function or a target of type 'openai', 'anthropic', 'http' or 'command', got type ${JSON.stringify(type)}`,
  );
}
