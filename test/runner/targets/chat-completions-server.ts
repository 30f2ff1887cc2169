import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake server does with one request, given how many it has seen for the same input. */
export type Fault = (
  request: { input: string; authorization: string | undefined; count: number },
  response: ServerResponse,
  socketOf: () => void,
) => void;

export interface ChatCompletionsServer {
  readonly baseURL: string;
  /** Requests seen per user message. */
  readonly counts: Map<string, number>;
  readonly close: () => Promise<void>;
}

/** A 200 completion that echoes the user message, with usage. */
export function reply(response: ServerResponse, content: string): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(
    JSON.stringify({
      id: 'chatcmpl-1',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 10, completion_tokens: 4, total_tokens: 14 },
    }),
  );
}

/**
 * A chat-completions server on 127.0.0.1 and a random port, whose behaviour per request is chosen by
 * the user message: `faults[input]` decides (a 429, a reset, a hang ...), and anything else gets an echo.
 */
export async function startChatCompletionsServer(faults: Record<string, Fault>): Promise<ChatCompletionsServer> {
  const counts = new Map<string, number>();
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      const parsed = JSON.parse(body) as { messages: { role: string; content: string }[] };
      const input = parsed.messages.at(-1)?.content ?? '';
      const count = (counts.get(input) ?? 0) + 1;
      counts.set(input, count);
      const fault = faults[input];
      if (request.url !== '/v1/chat/completions') {
        response.writeHead(404).end('not found');
      } else if (fault === undefined) {
        reply(response, `echo:${input}`);
      } else {
        fault({ input, authorization: request.headers.authorization, count }, response, () => request.socket.destroy());
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
