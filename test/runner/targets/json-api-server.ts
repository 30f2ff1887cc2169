import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server saw it. */
export interface JsonApiRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  /** The raw body text. */
  readonly body: string;
  /** The prompt: `body.prompt` of a JSON body, the text body, or the `q` query parameter. */
  readonly prompt: string;
  readonly count: number;
  readonly at: number;
}

export type JsonApiFault = (request: JsonApiRequest, response: ServerResponse, destroy: () => void) => void;

export interface JsonApiServer {
  readonly url: string;
  readonly requests: JsonApiRequest[];
  readonly countOf: (prompt: string) => number;
  readonly close: () => Promise<void>;
}

/** A 200 in the server's own shape: the answer nested in `generations`, tokens and cost in `meta`. */
export function generation(response: ServerResponse, text: string): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(
    JSON.stringify({
      id: 'gen-1',
      generations: [
        { kind: 'reasoning', text: 'thinking...' },
        { kind: 'answer', text },
      ],
      meta: { tokens: { input: 9, output: 3 }, billed_usd: 0.00042 },
    }),
  );
}

/**
 * A JSON model API that is none of the known providers (a self-hosted or in-house one), on 127.0.0.1 and
 * a random port: `POST /generate` with `{ prompt, ... }`, `POST /text` with a text body, `GET /generate?q=`.
 * `faults[prompt]` decides an answer; anything else gets `echo:<prompt>`.
 */
export async function startJsonApiServer(faults: Record<string, JsonApiFault>): Promise<JsonApiServer> {
  const counts = new Map<string, number>();
  const requests: JsonApiRequest[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      let prompt: string;
      if (request.method === 'GET') prompt = url.searchParams.get('q') ?? '';
      else if (url.pathname === '/text') prompt = body;
      else {
        try {
          const parsed = JSON.parse(body) as { prompt?: unknown };
          prompt = typeof parsed.prompt === 'string' ? parsed.prompt : JSON.stringify(parsed.prompt);
        } catch {
          response.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"body is not JSON"}');
          return;
        }
      }
      const count = (counts.get(prompt) ?? 0) + 1;
      counts.set(prompt, count);
      const seen: JsonApiRequest = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body,
        prompt,
        count,
        at: performance.now(),
      };
      requests.push(seen);
      const fault = faults[prompt];
      if (fault !== undefined) fault(seen, response, () => request.socket.destroy());
      else generation(response, `echo:${prompt}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    countOf: (prompt) => counts.get(prompt) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
