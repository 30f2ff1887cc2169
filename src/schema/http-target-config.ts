import { z } from 'zod';

/** A JSONPath (RFC 9535 syntax, as jsonpath-plus reads it) into a JSON response: `$.choices[0].message.content`. */
export const JsonPathSchema = z.string().regex(/^\$/, 'expected a JSONPath starting with `$` (e.g. `$.output.text`)');

/** Pulls the output from the parsed response body (a TS/JS experiment only): `(body) => body.answers[0]`. */
export type OutputFunction = (body: unknown) => unknown;

const OutputFunctionSchema = z.custom<OutputFunction>((value) => typeof value === 'function', {
  message: 'expected a JSONPath string or a function of the response body',
});

/**
 * `{ type: 'http', url, body?, output?, ... }`: any JSON-over-HTTP model API with no code. The single
 * source of HttpTargetConfig; the templates' placeholders are checked when the target is built.
 */
export const HttpTargetSchema = z
  .strictObject({
    type: z.literal('http'),
    /** A URL template: `{{input}}` and friends are URL-encoded where they stand. */
    url: z.string().regex(/^https?:\/\//i, 'expected an http(s) URL'),
    /** @default 'POST' */
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH']).optional(),
    /** Header templates: `Authorization: "Bearer {{env.MY_KEY}}"`; every value read from the environment is redacted. */
    headers: z.record(z.string().min(1), z.string()).optional(),
    /** A JSON template (a string is sent as text). Not with GET. @default { input: '{{input}}' } */
    body: z.unknown().optional(),
    /** Where the output is: a JSONPath, or a function of the parsed body. Without it, the body's text is the output. */
    output: z.union([JsonPathSchema, OutputFunctionSchema]).optional(),
    /** Token counts: JSONPaths to numbers by name (`prompt`, `completion`, `total`, or any other). */
    usage: z.record(z.string().min(1), JsonPathSchema).optional(),
    /** A JSONPath to the call's cost in USD, when the API reports it. */
    costUsd: JsonPathSchema.optional(),
    /** USD per 1M `usage.prompt` / `usage.completion` tokens, to record costUsd. */
    pricing: z.strictObject({ inputPerMillion: z.number().min(0), outputPerMillion: z.number().min(0) }).optional(),
  })
  .superRefine((config, ctx) => {
    if ((config.method ?? 'POST') === 'GET' && config.body !== undefined)
      ctx.addIssue({ code: 'custom', path: ['body'], message: 'a GET request has no body: put the input in `url`' });
    if (config.pricing !== undefined && (config.usage?.prompt === undefined || config.usage.completion === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['pricing'],
        message: 'needs `usage.prompt` and `usage.completion` (the token counts it prices)',
      });
    if (config.pricing !== undefined && config.costUsd !== undefined)
      ctx.addIssue({ code: 'custom', path: ['pricing'], message: 'give `pricing` or `costUsd`, not both' });
  });
export type HttpTargetConfig = z.input<typeof HttpTargetSchema>;
