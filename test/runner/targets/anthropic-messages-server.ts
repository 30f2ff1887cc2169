import { createServer, type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server saw it. */
export interface SeenRequest {
  readonly input: string;
  readonly count: number;
  readonly headers: IncomingMessage['headers'];
  readonly body: Record<string, unknown>;
  /** performance.now() when the request arrived. */
  readonly at: number;
}

/** What the server does with a request, given how many it has seen for the same input. */
export type MessagesFault = (request: SeenRequest, response: ServerResponse, destroy: () => void) => void;

export interface MessagesServer {
  /** The base URL (the target appends `/v1/messages`). */
  readonly baseURL: string;
  readonly requests: SeenRequest[];
  readonly countOf: (input: string) => number;
  readonly close: () => Promise<void>;
}

/** One server-sent event in the Messages API's framing: `event:` and `data:` lines, a blank line. */
export const sseEvent = (type: string, data: Record<string, unknown>): string =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

export interface StreamedMessage {
  readonly text: string;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly cacheReadTokens?: number;
}

/** The events of a whole streamed message, as the API sends them (docs.anthropic.com, "Streaming Messages"). */
export function messageEvents({ text, inputTokens = 12, outputTokens = 5, cacheReadTokens = 0 }: StreamedMessage) {
  const half = Math.ceil(text.length / 2);
  return [
    sseEvent('message_start', {
      message: {
        id: 'msg_01',
        type: 'message',
        role: 'assistant',
        model: 'claude-test',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: inputTokens,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: cacheReadTokens,
          output_tokens: 1,
        },
      },
    }),
    sseEvent('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
    'event: ping\ndata: {"type": "ping"}\n\n',
    sseEvent('content_block_delta', { index: 0, delta: { type: 'text_delta', text: text.slice(0, half) } }),
    sseEvent('content_block_delta', { index: 0, delta: { type: 'text_delta', text: text.slice(half) } }),
    sseEvent('content_block_stop', { index: 0 }),
    sseEvent('message_delta', {
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: outputTokens },
    }),
    sseEvent('message_stop', {}),
  ];
}

/** A 200 event stream of `events`, each written as its own chunk. */
export function stream(response: ServerResponse, events: readonly string[]): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const event of events) response.write(event);
  response.end();
}

/** An error response as the API sends it: `{"type":"error","error":{"type","message"}}`. */
export function apiError(
  response: ServerResponse,
  status: number,
  type: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  // Node would send 529 as `529 unknown`; the API sends no such phrase.
  response.writeHead(status, STATUS_CODES[status] ?? '', {
    'content-type': 'application/json',
    'request-id': 'req_01',
    ...headers,
  });
  response.end(JSON.stringify({ type: 'error', error: { type, message } }));
}

/**
 * A Messages API server on 127.0.0.1 and a random port. The last user message picks the behaviour:
 * `faults[input]`, or else a streamed (or, without `stream: true`, a JSON) echo of the input.
 */
export async function startMessagesServer(faults: Record<string, MessagesFault>): Promise<MessagesServer> {
  const counts = new Map<string, number>();
  const requests: SeenRequest[] = [];
  const server: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    request.on('end', () => {
      const at = performance.now();
      if (request.method !== 'POST' || request.url !== '/v1/messages') {
        apiError(response, 404, 'not_found_error', `no route ${request.method} ${request.url}`);
        return;
      }
      const body = JSON.parse(text) as Record<string, unknown>;
      const messages = body.messages as { role: string; content: unknown }[];
      const last = messages.at(-1)?.content;
      const input = typeof last === 'string' ? last : JSON.stringify(last);
      const count = (counts.get(input) ?? 0) + 1;
      counts.set(input, count);
      const seen: SeenRequest = { input, count, headers: request.headers, body, at };
      requests.push(seen);
      const fault = faults[input];
      if (fault !== undefined) fault(seen, response, () => request.socket.destroy());
      else if (body.stream === true) stream(response, messageEvents({ text: `echo:${input}` }));
      else {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            id: 'msg_02',
            type: 'message',
            role: 'assistant',
            content: [{ type: 'text', text: `echo:${input}` }],
            stop_reason: 'end_turn',
            usage: { input_tokens: 7, output_tokens: 3 },
          }),
        );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}`,
    requests,
    countOf: (input) => counts.get(input) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
