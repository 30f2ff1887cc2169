import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An OpenAI-compatible chat-completions server on 127.0.0.1 that counts the calls it answers. */
export interface ChatCompletionsServer {
  /** `http://127.0.0.1:PORT/v1`, the `baseURL` of an `openai` target. */
  readonly baseURL: string;
  /** Completed calls per `model` of the request. */
  readonly calls: Map<string, number>;
  readonly close: () => Promise<void>;
}

export interface ChatCompletionsServerOptions {
  /** Milliseconds before each answer (a window for a kill to land in a run's middle). @default 0 */
  readonly delayMs?: number;
}

/**
 * Serve `POST /v1/chat/completions` as the OpenAI API does (a `chat.completion` object with `choices[0].message`
 * and `usage`), answering each call with `answer(model, last user message)`, after `delayMs`; anything else is a 404
 * with an OpenAI-style error body. A call is counted when its answer is sent.
 */
export async function startChatCompletionsServer(
  answer: (model: string, message: string) => string,
  { delayMs = 0 }: ChatCompletionsServerOptions = {},
): Promise<ChatCompletionsServer> {
  const calls = new Map<string, number>();
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ error: { message: `Unknown request URL: ${request.url}`, type: 'invalid_request_error' } }),
        );
        return;
      }
      const { model, messages } = JSON.parse(body) as { model: string; messages: { role: string; content: string }[] };
      const message = messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
      setTimeout(() => {
        calls.set(model, (calls.get(model) ?? 0) + 1);
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            id: `chatcmpl-${calls.get(model)}`,
            object: 'chat.completion',
            created: 1767225600,
            model,
            choices: [
              { index: 0, message: { role: 'assistant', content: answer(model, message) }, finish_reason: 'stop' },
            ],
            usage: { prompt_tokens: 12, completion_tokens: 2, total_tokens: 14 },
          }),
        );
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
