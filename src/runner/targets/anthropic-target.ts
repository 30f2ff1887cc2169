import { createParser, type EventSourceMessage } from 'eventsource-parser';
import {
  type AnthropicTargetConfig,
  DEFAULT_ANTHROPIC_API_KEY_ENV,
  DEFAULT_ANTHROPIC_BASE_URL,
  DEFAULT_ANTHROPIC_MAX_TOKENS,
  DEFAULT_ANTHROPIC_VERSION,
} from '../../schema/anthropic-target-config';
import type { TargetContext, TargetFunction, TargetUsage } from '../../schema/experiment-definition';
import { InputError } from '../../schema/input-error';
import { isTransientStatus } from '../is-transient-error';
import { TransientError } from '../transient-error';
import { endpointUrl } from './endpoint-url';
import { httpFailure, withCleanMessage } from './http-failure';
import { networkError } from './network-error';
import { excerpt, redactSecrets } from './redact';

/**
 * The HTTP status each error `type` of the Messages API comes with (docs.anthropic.com, "Errors"), so
 * that an `error` event inside a 200 stream is retried exactly when the same error as a response would be.
 */
const ERROR_TYPE_STATUS: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

/** A message of the Messages API. */
export interface AnthropicMessage {
  readonly role: string;
  readonly content: unknown;
}

/**
 * The `system` and `messages` of one call: a string input is one user message; an array is taken as
 * the messages, its `system` entries (chat-completions style, so one items file serves an openai and
 * an anthropic variant) moved to `system` after the configured one; any other value is sent as JSON.
 */
export function anthropicMessages(input: unknown, system?: string): { system?: string; messages: AnthropicMessage[] } {
  const given: AnthropicMessage[] = Array.isArray(input)
    ? (input as AnthropicMessage[])
    : [{ role: 'user', content: typeof input === 'string' ? input : JSON.stringify(input) }];
  const systems = system === undefined ? [] : [system];
  const messages: AnthropicMessage[] = [];
  for (const message of given) {
    if (message?.role === 'system' && typeof message.content === 'string') systems.push(message.content);
    else messages.push(message);
  }
  return systems.length === 0 ? { messages } : { system: systems.join('\n\n'), messages };
}

/**
 * A target that calls Anthropic's Messages API over the global fetch, with the attempt's signal:
 * `POST {baseURL}/v1/messages` with `x-api-key` and `anthropic-version`, streamed as server-sent
 * events (`message_start`, `content_block_delta`, `message_delta`, `message_stop`, `ping`, `error`)
 * unless `stream: false`. Output: the text blocks' text, joined. Usage: `ctx.report({ tokens: { prompt,
 * completion, total, cacheRead?, cacheWrite? }, costUsd })`, `prompt` counting every input token (cached
 * ones too, as chat-completions' `prompt_tokens` does), reported also when a stream breaks after
 * `message_start` (those tokens are billed).
 *
 * Failures: HTTP 408, 425, 429, 5xx and 529 (overloaded), an `error` event of those kinds
 * (`overloaded_error`, `rate_limit_error`, `api_error`), a stream cut before `message_stop` and dropped
 * connections are {@link TransientError}s (Retry-After / retry-after-ms honoured, `x-should-retry`
 * obeyed); other errors are permanent with the status, the error type and a redacted excerpt. The key
 * is read from `process.env[apiKeyEnv]` once, here, and redacted from everything thrown or returned.
 *
 * @throws {InputError} when the key's variable is not set, or `baseURL` carries a user and password.
 * @example anthropicTarget({ type: 'anthropic', model: 'claude-sonnet-4-5', maxTokens: 512 })
 */
export function anthropicTarget(
  config: AnthropicTargetConfig,
  { env = process.env }: { readonly env?: NodeJS.ProcessEnv } = {},
): TargetFunction {
  const apiKeyEnv = config.apiKeyEnv ?? DEFAULT_ANTHROPIC_API_KEY_ENV;
  const apiKey = env[apiKeyEnv];
  if (apiKey === undefined || apiKey === '')
    throw new InputError(`environment variable ${apiKeyEnv} is not set (the anthropic target's API key)`, {
      field: 'apiKeyEnv',
    });
  const { url, credentials } = endpointUrl(config.baseURL ?? DEFAULT_ANTHROPIC_BASE_URL, 'v1/messages');
  if (credentials !== undefined)
    throw new InputError('has a user and password: the key goes in the variable `apiKeyEnv` names', {
      field: 'baseURL',
    });
  const stream = config.stream ?? true;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
    'anthropic-version': config.anthropicVersion ?? DEFAULT_ANTHROPIC_VERSION,
    ...config.headers,
    'x-api-key': apiKey,
  };
  const secrets = [apiKey, ...Object.values(config.headers ?? {})];
  const clean = (text: string) => redactSecrets(text, secrets);

  return async (input: unknown, ctx: TargetContext): Promise<unknown> => {
    const body = {
      model: config.model,
      max_tokens: config.maxTokens ?? DEFAULT_ANTHROPIC_MAX_TOKENS,
      ...anthropicMessages(input, config.system),
      ...(config.temperature === undefined ? {} : { temperature: config.temperature }),
      ...(config.topP === undefined ? {} : { top_p: config.topP }),
      ...(config.stopSequences === undefined ? {} : { stop_sequences: config.stopSequences }),
      ...(stream ? { stream: true } : {}),
    };
    const usage = new MessageUsage(config.pricing);
    try {
      let response: Response;
      try {
        response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal: ctx.signal });
      } catch (error) {
        throw calling(error, ctx, url, clean);
      }
      if (!response.ok) {
        const text = await response.text().catch((error: unknown) => {
          throw calling(error, ctx, url, clean);
        });
        throw httpFailure(response, excerpt(clean(text)), errorTypeOf(text));
      }
      const contentType = response.headers.get('content-type') ?? '';
      const text = contentType.includes('text/event-stream')
        ? await readStream(response, usage, { ctx, url, clean })
        : parseMessage(
            await response.text().catch((error: unknown) => {
              throw calling(error, ctx, url, clean);
            }),
            usage,
            clean,
          );
      // A proxy or a model may echo the request back: the key must not reach results.jsonl as output.
      return clean(text);
    } finally {
      const reported = usage.reported();
      if (reported !== undefined) ctx.report(reported);
    }
  };
}

/** An error of fetch or of reading the body: the abort's reason when the attempt was aborted, else networkError. */
function calling(error: unknown, ctx: TargetContext, url: string, clean: (text: string) => string): unknown {
  if (ctx.signal.aborted) return ctx.signal.reason;
  return withCleanMessage(networkError(error, url), clean);
}

/** `error.type` of an error body (`{"type":"error","error":{"type":"overloaded_error",...}}`), if it is one. */
function errorTypeOf(text: string): string | undefined {
  try {
    const type = (JSON.parse(text) as { error?: { type?: unknown } } | null)?.error?.type;
    return typeof type === 'string' ? type : undefined;
  } catch {
    return undefined;
  }
}

interface StreamOptions {
  readonly ctx: TargetContext;
  readonly url: string;
  readonly clean: (text: string) => string;
}

/**
 * The text of a streamed message. Events are framed by eventsource-parser (the WHATWG server-sent
 * events rules: `data:` lines joined, comments and `retry:` ignored, a torn last event dropped);
 * event types this code does not know (the API may add some) are skipped, as the SDKs do.
 */
async function readStream(response: Response, usage: MessageUsage, { ctx, url, clean }: StreamOptions) {
  const parts: string[] = [];
  let stopped = false;
  let failure: Error | undefined;
  const parser = createParser({
    onEvent: (event: EventSourceMessage) => {
      if (failure !== undefined || stopped) return;
      let data: Record<string, unknown>;
      try {
        data = JSON.parse(event.data) as Record<string, unknown>;
      } catch {
        failure = new Error(
          `malformed response: a \`${event.event ?? 'message'}\` event's data is not JSON: ${excerpt(clean(event.data), 120)}`,
        );
        return;
      }
      switch (data?.type) {
        case 'message_start':
          usage.add((data.message as { usage?: unknown } | undefined)?.usage);
          break;
        case 'content_block_start': {
          const block = data.content_block as { type?: unknown; text?: unknown } | undefined;
          if (block?.type === 'text' && typeof block.text === 'string') parts.push(block.text);
          break;
        }
        case 'content_block_delta': {
          const delta = data.delta as { type?: unknown; text?: unknown } | undefined;
          if (delta?.type === 'text_delta' && typeof delta.text === 'string') parts.push(delta.text);
          break;
        }
        case 'message_delta':
          usage.add(data.usage);
          break;
        case 'message_stop':
          stopped = true;
          break;
        case 'error':
          failure = streamError(data.error, clean);
          break;
        default:
      }
    },
  });
  if (response.body === null) throw new Error('malformed response: a 200 event stream with no body');
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
      if (failure !== undefined || stopped) break;
    }
  } catch (error) {
    throw calling(error, ctx, url, clean);
  } finally {
    // Stop the download once the answer (or its failure) is known; a cancel's own failure changes nothing.
    reader.cancel().catch(() => {});
  }
  if (failure !== undefined) throw failure;
  if (!stopped)
    throw new TransientError(
      `stream ended before message_stop (${parts.length === 0 ? 'no text received' : 'a partial answer was dropped'})`,
    );
  return parts.join('');
}

/** An `error` event: transient exactly when its type's HTTP status would be (overloaded_error, rate_limit_error, api_error). */
function streamError(error: unknown, clean: (text: string) => string): Error {
  const { type, message } = (error ?? {}) as { type?: unknown; message?: unknown };
  const text = `stream error event ${typeof type === 'string' ? type : '(no type)'}${typeof message === 'string' ? `: ${excerpt(clean(message), 200)}` : ''}`;
  const status = typeof type === 'string' ? ERROR_TYPE_STATUS[type] : undefined;
  if (status !== undefined && isTransientStatus(status)) return new TransientError(text);
  return new Error(text);
}

/** The text of a non-streamed message (`stream: false`, or a proxy that answered with JSON). */
function parseMessage(text: string, usage: MessageUsage, clean: (text: string) => string): string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`malformed response: body is not JSON: ${excerpt(clean(text), 120)}`);
  }
  const content = (json as { content?: unknown } | null)?.content;
  if (!Array.isArray(content))
    throw new Error(`malformed response: no \`content\` array: ${excerpt(clean(text), 120)}`);
  usage.add((json as { usage?: unknown }).usage);
  return content
    .filter(
      (block): block is { type: 'text'; text: string } => block?.type === 'text' && typeof block.text === 'string',
    )
    .map((block) => block.text)
    .join('');
}

/**
 * A message's usage as the API reports it: `message_start` carries the input counts (and a first
 * output count), `message_delta` the cumulative output count (and, in newer versions, input counts):
 * each later value replaces the earlier one.
 */
class MessageUsage {
  readonly #pricing: AnthropicTargetConfig['pricing'];
  #input: number | undefined;
  #output = 0;
  #cacheRead = 0;
  #cacheWrite = 0;

  constructor(pricing: AnthropicTargetConfig['pricing']) {
    this.#pricing = pricing;
  }

  add(usage: unknown): void {
    if (typeof usage !== 'object' || usage === null) return;
    const u = usage as Record<string, unknown>;
    const count = (value: unknown) =>
      typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
    this.#input = count(u.input_tokens) ?? this.#input;
    this.#output = count(u.output_tokens) ?? this.#output;
    this.#cacheRead = count(u.cache_read_input_tokens) ?? this.#cacheRead;
    this.#cacheWrite = count(u.cache_creation_input_tokens) ?? this.#cacheWrite;
  }

  /** What to report, or undefined when the server said nothing of usage. */
  reported(): TargetUsage | undefined {
    if (this.#input === undefined) return undefined;
    const prompt = this.#input + this.#cacheRead + this.#cacheWrite;
    const tokens: Record<string, number> = { prompt, completion: this.#output, total: prompt + this.#output };
    if (this.#cacheRead > 0) tokens.cacheRead = this.#cacheRead;
    if (this.#cacheWrite > 0) tokens.cacheWrite = this.#cacheWrite;
    const pricing = this.#pricing;
    if (pricing === undefined) return { tokens };
    const cacheRead = pricing.cacheReadPerMillion ?? pricing.inputPerMillion * 0.1;
    const cacheWrite = pricing.cacheWritePerMillion ?? pricing.inputPerMillion * 1.25;
    const costUsd =
      (this.#input * pricing.inputPerMillion +
        this.#cacheRead * cacheRead +
        this.#cacheWrite * cacheWrite +
        this.#output * pricing.outputPerMillion) /
      1e6;
    return { tokens, costUsd };
  }
}
