import { JSONPath } from 'jsonpath-plus';
import type { TargetContext, TargetFunction, TargetUsage } from '../../schema/experiment-definition';
import type { HttpTargetConfig } from '../../schema/http-target-config';
import { InputError } from '../../schema/input-error';
import { httpFailure, withCleanMessage } from './http-failure';
import { networkError } from './network-error';
import { excerpt, redactSecrets } from './redact';
import { RequestTemplate } from './request-template';

/** Header names whose values are credentials (redacted even when written in the file as they are). */
const SECRET_HEADER = /authorization|cookie|key|token|secret/i;

/** The body sent when none is configured. */
export const DEFAULT_HTTP_BODY = { input: '{{input}}' } as const;

/**
 * Every match of a JSONPath: undefined for none, the value for one, an array for several. Filters
 * (`$.content[?(@.type=='text')].text`) are evaluated by jsonpath-plus's own safe evaluator, never
 * by `eval`: a path comes from a file that may not be the user's own.
 */
export function jsonPathValue(json: unknown, path: string): unknown {
  const matches = JSONPath({ path, json: json as object, wrap: true, eval: 'safe' }) as unknown[];
  return matches.length === 0 ? undefined : matches.length === 1 ? matches[0] : matches;
}

/**
 * A target for any model API that takes and returns JSON over HTTP, configured with no code: the
 * request from templates (`url`, `headers`, `body`; see RequestTemplate for the placeholders, with
 * `{{env.NAME}}` for secrets), the output from a JSONPath (or a function) into the response, and the
 * usage and cost from JSONPaths or `pricing`. Over the global fetch with the attempt's signal.
 *
 * Failures as the openai target's: 408, 425, 429 and 5xx, dropped and refused connections are
 * {@link TransientError}s (Retry-After / retry-after-ms honoured); other statuses are permanent with
 * a redacted excerpt of the body; a 2xx that is not JSON (when `output` is a path or a function), or in
 * which the path matches nothing, is a permanent "malformed response". Every value read from the
 * environment is redacted from what the target throws or returns.
 *
 * @throws {InputError} naming the field of an unknown placeholder or an unset environment variable.
 * @example httpTarget({ type: 'http', url: 'https://api.example/v1/generate', headers: { authorization: 'Bearer {{env.EXAMPLE_KEY}}' }, body: { prompt: '{{input}}' }, output: '$.text' })
 */
export function httpTarget(
  config: HttpTargetConfig,
  { env = process.env }: { readonly env?: NodeJS.ProcessEnv } = {},
): TargetFunction {
  const method = config.method ?? 'POST';
  const bodyTemplate = method === 'GET' ? undefined : (config.body ?? DEFAULT_HTTP_BODY);
  const template = new RequestTemplate(env);
  // Credentials in the URL are refused: a header built from {{env.NAME}} keeps them out of the file.
  const parsed = URL.parse(config.url.replace(/\{\{[^}]*\}\}/g, 'x'));
  if (parsed === null) throw new InputError('expected an absolute http(s) URL', { field: 'url' });
  if (parsed.username !== '' || parsed.password !== '')
    throw new InputError('has a user and password: send them in a header built from {{env.NAME}} instead', {
      field: 'url',
    });
  template.check(config.url, { field: 'url' });
  for (const [name, value] of Object.entries(config.headers ?? {})) template.check(value, { field: `headers.${name}` });
  if (bodyTemplate !== undefined) template.check(bodyTemplate, { field: 'body' });
  // Values read from the environment, and a key written into a secret-looking header as it is.
  const secrets = [
    ...template.secrets,
    ...Object.entries(config.headers ?? {})
      .filter(([name, value]) => SECRET_HEADER.test(name) && !value.includes('{{'))
      .map(([, value]) => value),
  ];
  const clean = (text: string) => redactSecrets(text, secrets);
  const textBody = typeof bodyTemplate === 'string';
  const baseHeaders: Record<string, string> =
    bodyTemplate === undefined ? {} : { 'content-type': textBody ? 'text/plain; charset=utf-8' : 'application/json' };

  return async (input: unknown, ctx: TargetContext): Promise<unknown> => {
    const url = template.text(config.url, ctx, input, encodeURIComponent);
    const shownUrl = clean(url);
    const headers: Record<string, string> = { ...baseHeaders };
    for (const [name, value] of Object.entries(config.headers ?? {}))
      headers[name.toLowerCase()] = template.text(value, ctx, input);
    const body =
      bodyTemplate === undefined
        ? undefined
        : textBody
          ? template.text(bodyTemplate as string, ctx, input)
          : JSON.stringify(template.json(bodyTemplate, ctx, input));
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }), signal: ctx.signal });
      text = await response.text();
    } catch (error) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      throw withCleanMessage(networkError(error, shownUrl), clean);
    }
    if (!response.ok) throw httpFailure(response, excerpt(clean(text)));
    if (config.output === undefined && config.usage === undefined && config.costUsd === undefined) return clean(text);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`malformed response: body is not JSON: ${excerpt(clean(text), 120)}`);
    }
    const usage = usageOf(json, config);
    if (usage !== undefined) ctx.report(usage);
    const output =
      config.output === undefined
        ? text
        : typeof config.output === 'function'
          ? await config.output(json)
          : jsonPathValue(json, config.output);
    if (output === undefined)
      throw new Error(
        `malformed response: \`output\` ${typeof config.output === 'string' ? config.output : '(a function)'} found nothing in ${excerpt(clean(text), 120)}`,
      );
    // A proxy or a model may echo the request back: a secret must not reach results.jsonl as output.
    return typeof output === 'string' ? clean(output) : JSON.parse(clean(JSON.stringify(output)));
  };
}

/** Token counts and cost as configured; paths that match no number are left out. */
function usageOf(json: unknown, config: HttpTargetConfig): TargetUsage | undefined {
  const tokens: Record<string, number> = {};
  for (const [name, path] of Object.entries(config.usage ?? {})) {
    const value = jsonPathValue(json, path);
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) tokens[name] = value;
  }
  const hasTokens = Object.keys(tokens).length > 0;
  let costUsd: number | undefined;
  if (config.costUsd !== undefined) {
    const value = jsonPathValue(json, config.costUsd);
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) costUsd = value;
  } else if (config.pricing !== undefined && tokens.prompt !== undefined && tokens.completion !== undefined) {
    costUsd =
      (tokens.prompt * config.pricing.inputPerMillion + tokens.completion * config.pricing.outputPerMillion) / 1e6;
  }
  if (!hasTokens && costUsd === undefined) return undefined;
  return { ...(hasTokens ? { tokens } : {}), ...(costUsd === undefined ? {} : { costUsd }) };
}
