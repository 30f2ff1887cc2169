import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One `POST /v1/chat/completions` request as the server saw it. */
export interface ChatRequest {
  readonly model: string;
  /** The system message, if the request has one. */
  readonly system: string | undefined;
  /** The last message's content: the target's input, or the judge's prompt. */
  readonly prompt: string;
  /** Requests seen with this prompt, this one included. */
  readonly count: number;
  /** The request's `Authorization` header. */
  readonly authorization: string | undefined;
  /** When the request's body had arrived (performance.now(), ms). */
  readonly arrivedAt: number;
}

/**
 * What the server answers: a 200 `chat.completion` with `content`; another status (or a 200 with a body that is
 * not a completion), with its headers and body; nothing at all (`hang`); or a reset connection (`reset`).
 */
export type ChatReply =
  | { readonly content: string }
  | { readonly status: number; readonly headers?: Record<string, string>; readonly body?: string }
  | { readonly hang: true }
  | { readonly reset: true };

/** An OpenAI-compatible chat-completions server on 127.0.0.1 that records what it is asked. */
export interface ChatCompletionsServer {
  /** `http://127.0.0.1:PORT/v1`, the `baseURL` of an `openai` target or judge. */
  readonly baseURL: string;
  /** Every request, in arrival order. */
  readonly requests: ChatRequest[];
  /** Requests seen per prompt (the last message). */
  readonly counts: Map<string, number>;
  /** Completions sent per `model` of the request (counted when the answer is sent). */
  readonly calls: Map<string, number>;
  /**
   * Resolves once no answer is waiting out its `delayMs` and no connection is open: after a client is killed, its
   * requests already on the wire have all been counted (or dropped with their socket), so `calls` stops moving.
   */
  readonly idle: () => Promise<void>;
  readonly close: () => Promise<void>;
}

export interface ChatCompletionsServerOptions {
  /** Milliseconds before each answer (a window for a kill to land in a run's middle). @default 0 */
  readonly delayMs?: number;
  /** The token counts each completion reports in its `usage`. @default { prompt: 10, completion: 4 } */
  readonly usage?: { readonly prompt: number; readonly completion: number };
}

/**
 * Serve `POST /v1/chat/completions` on a free port as the OpenAI API does (a `chat.completion` object with
 * `choices[0].message` and `usage`), replying to each request with `answer(request)`, after `delayMs`; any
 * other request is a 404 with an OpenAI-style error body.
 */
export async function startChatCompletionsServer(
  answer: (request: ChatRequest) => ChatReply,
  { delayMs = 0, usage = { prompt: 10, completion: 4 } }: ChatCompletionsServerOptions = {},
): Promise<ChatCompletionsServer> {
  const requests: ChatRequest[] = [];
  const counts = new Map<string, number>();
  const calls = new Map<string, number>();
  let waiting = 0;
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
      const prompt = messages.at(-1)?.content ?? '';
      const count = (counts.get(prompt) ?? 0) + 1;
      counts.set(prompt, count);
      const seen: ChatRequest = {
        model,
        system: messages.find((message) => message.role === 'system')?.content,
        prompt,
        count,
        authorization: request.headers.authorization,
        arrivedAt: performance.now(),
      };
      requests.push(seen);
      const reply = answer(seen);
      if ('hang' in reply) return;
      if ('reset' in reply) {
        request.socket.destroy();
        return;
      }
      const send = () => {
        if ('status' in reply) {
          response
            .writeHead(reply.status, reply.headers)
            .end(reply.body ?? JSON.stringify({ error: { message: 'unavailable', type: 'server_error' } }));
          return;
        }
        calls.set(model, (calls.get(model) ?? 0) + 1);
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            id: `chatcmpl-${requests.length}`,
            object: 'chat.completion',
            created: 1767225600,
            model,
            choices: [{ index: 0, message: { role: 'assistant', content: reply.content }, finish_reason: 'stop' }],
            usage: {
              prompt_tokens: usage.prompt,
              completion_tokens: usage.completion,
              total_tokens: usage.prompt + usage.completion,
            },
          }),
        );
      };
      if (delayMs > 0) {
        waiting++;
        setTimeout(() => {
          waiting--;
          send();
        }, delayMs);
      } else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    counts,
    calls,
    idle: async () => {
      const open = () => new Promise<number>((resolve) => server.getConnections((_, count) => resolve(count)));
      while (waiting > 0 || (await open()) > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A 429 as the OpenAI API sends it when a rate limit is reached, asking to wait `retryAfterSeconds`. */
export const rateLimitedReply = (retryAfterSeconds: number): ChatReply => ({
  status: 429,
  headers: { 'retry-after': String(retryAfterSeconds), 'content-type': 'application/json' },
  body: JSON.stringify({ error: { message: 'Rate limit reached', type: 'requests' } }),
});

/** The most requests that arrived within any `windowMs` (a window starting at each arrival). */
export function busiestWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (j < sorted.length && (sorted[j] as number) < (sorted[i] as number) + windowMs) j++;
    most = Math.max(most, j - i);
  }
  return most;
}
