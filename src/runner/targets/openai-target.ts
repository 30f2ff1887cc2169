import type { OpenAITargetConfig, TargetContext, TargetFunction } from '../../schema/experiment-definition';
import { InputError } from '../../schema/input-error';
import { TransientError } from '../transient-error';
import { endpointUrl } from './endpoint-url';
import { httpFailure, withCleanMessage } from './http-failure';
import { networkError } from './network-error';
import { excerpt, redactSecrets } from './redact';

/** A chat message as the chat-completions API takes it. */
export interface ChatMessage {
  readonly role: string;
  readonly content: unknown;
  readonly [key: string]: unknown;
}

/**
 * The messages of one call: a string input is one user message; an array is taken as the messages
 * themselves; any other value is sent as JSON in one user message. `system`, when configured, comes first.
 */
export function chatMessages(input: unknown, system?: string): ChatMessage[] {
  const messages: ChatMessage[] = Array.isArray(input)
    ? (input as ChatMessage[])
    : [{ role: 'user', content: typeof input === 'string' ? input : JSON.stringify(input) }];
  return system === undefined ? messages : [{ role: 'system', content: system }, ...messages];
}

/**
 * A target that calls an OpenAI-compatible chat-completions endpoint (`POST {baseURL}/chat/completions`,
 * built with the URL API: a query in `baseURL` stays at the end; `user:password@` in it becomes a Basic
 * Authorization header and is redacted like a key)
 * over the global fetch, with the cell's signal. Output: `choices[0].message.content`. Usage:
 * `ctx.report({ tokens: { prompt, completion, total }, costUsd })`, the cost from `pricing` (USD per
 * 1M tokens) when given.
 *
 * Failures: HTTP 408, 425, 429 and 5xx, dropped and refused connections are {@link TransientError}s
 * (Retry-After honoured); other 4xx are permanent errors with the status and a short excerpt of the
 * body; a 200 that is not JSON or has no `choices[0].message.content` string is a permanent
 * "malformed response". The API key is read from `process.env[apiKeyEnv]` once, here, and redacted
 * from everything the target throws or returns; without `apiKeyEnv` no Authorization header is sent (local servers).
 *
 * @throws {InputError} when `apiKeyEnv` names an environment variable that is not set.
 * @example openAITarget({ type: 'openai', baseURL: 'https://api.openai.com/v1', model: 'gpt-4o-mini', apiKeyEnv: 'OPENAI_API_KEY' })
 */
export function openAITarget(
  config: OpenAITargetConfig,
  { env = process.env }: { readonly env?: NodeJS.ProcessEnv } = {},
): TargetFunction {
  const apiKey = config.apiKeyEnv === undefined ? undefined : env[config.apiKeyEnv];
  if (config.apiKeyEnv !== undefined && (apiKey === undefined || apiKey === '')) {
    throw new InputError(`environment variable ${config.apiKeyEnv} is not set (the openai target's API key)`, {
      field: 'apiKeyEnv',
    });
  }
  const { url, credentials } = endpointUrl(config.baseURL, 'chat/completions');
  if (credentials !== undefined && apiKey !== undefined)
    throw new InputError('has a user and password and `apiKeyEnv` names a key too: give one of them', {
      field: 'baseURL',
    });
  const headers: Record<string, string> = { 'content-type': 'application/json', ...config.headers };
  const basic =
    credentials === undefined
      ? undefined
      : Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
  if (apiKey !== undefined) headers.authorization = `Bearer ${apiKey}`;
  else if (basic !== undefined) headers.authorization = `Basic ${basic}`;
  const secrets = [
    apiKey,
    basic,
    credentials?.password,
    ...(credentials === undefined ? [] : [encodeURIComponent(credentials.password)]),
    ...Object.values(config.headers ?? {}),
  ];
  const clean = (text: string) => redactSecrets(text, secrets);

  return async (input: unknown, ctx: TargetContext): Promise<unknown> => {
    const body = {
      model: config.model,
      messages: chatMessages(input, config.system),
      ...(config.temperature === undefined ? {} : { temperature: config.temperature }),
      ...(config.maxTokens === undefined ? {} : { max_tokens: config.maxTokens }),
    };
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal: ctx.signal });
      text = await response.text();
    } catch (error) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      throw withCleanMessage(networkError(error, url), clean);
    }
    // Redact first, then cut: a key crossing the cut would otherwise be stored in part.
    if (!response.ok) throw httpFailure(response, excerpt(clean(text)));
    const completion = parseCompletion(text, clean);
    ctx.report(usageOf(completion.usage, config.pricing));
    // A proxy or a model may echo the request back: the key must not reach results.jsonl as output.
    return clean(completion.content);
  };
}

interface Completion {
  readonly content: string;
  readonly usage: unknown;
}

function parseCompletion(text: string, clean: (text: string) => string): Completion {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`malformed response: body is not JSON: ${excerpt(clean(text), 120)}`);
  }
  const choices = (json as { choices?: unknown } | null)?.choices;
  if (!Array.isArray(choices) || choices.length === 0) {
    throw new Error(`malformed response: no \`choices\`: ${excerpt(clean(text), 120)}`);
  }
  const content = (choices[0] as { message?: { content?: unknown } } | null)?.message?.content;
  if (typeof content !== 'string') {
    throw new Error(`malformed response: \`choices[0].message.content\` is not a string: ${excerpt(clean(text), 120)}`);
  }
  return { content, usage: (json as { usage?: unknown }).usage };
}

function usageOf(
  usage: unknown,
  pricing: OpenAITargetConfig['pricing'],
): { tokens?: Record<string, number>; costUsd?: number } {
  if (typeof usage !== 'object' || usage === null) return {};
  const {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: total,
  } = usage as Record<string, unknown>;
  if (typeof prompt !== 'number' || typeof completion !== 'number') return {};
  const tokens = { prompt, completion, total: typeof total === 'number' ? total : prompt + completion };
  if (pricing === undefined) return { tokens };
  return { tokens, costUsd: (prompt * pricing.inputPerMillion + completion * pricing.outputPerMillion) / 1e6 };
}
