import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cellKey } from '../../src/index';
import type { CellFault } from './fault-plan';

/** A chat-completions server on 127.0.0.1 playing a fault plan, with what it saw. */
export interface FaultyChatServer {
  readonly baseURL: string;
  /** Requests per cell key (`model` is the variant, the user message the item id). */
  readonly requests: Map<string, number>;
  /** Authorization headers received (to show the key was really sent). */
  readonly authorizations: Set<string>;
  readonly close: () => Promise<void>;
}

/** A 200 completion with `content`, and usage. */
function reply(response: ServerResponse, content: string): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(
    JSON.stringify({
      id: 'chatcmpl-fault',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 },
    }),
  );
}

/** A body that echoes the request's headers back, as some gateways' error pages do (the key among them). */
const echo = (headers: IncomingHttpHeaders, message: string) => JSON.stringify({ error: { message, headers } });

/**
 * Serve `plan`: the cell is (user message, model, sample 0). Transient faults answer their first
 * `failures` requests with, in turn, a 429 with `retry-after-ms`, a 500, a 503 with `Retry-After: 0`,
 * a connection reset and a 408, each echoing the request headers; permanent faults a 401 or 400 echoing
 * them; malformed ones a 200 without choices or a 200 that is not JSON; hangs never answer; slow ones
 * answer after their delay. The answer is `<model>:<message>`.
 */
export async function startFaultyChatServer(plan: ReadonlyMap<string, CellFault>): Promise<FaultyChatServer> {
  const requests = new Map<string, number>();
  const authorizations = new Set<string>();
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      const { model, messages } = JSON.parse(body) as { model: string; messages: { content: string }[] };
      const input = messages.at(-1)!.content;
      const key = cellKey(input, model, 0);
      const count = (requests.get(key) ?? 0) + 1;
      requests.set(key, count);
      if (request.headers.authorization !== undefined) authorizations.add(request.headers.authorization);
      const fault = plan.get(key);
      const turn = (count + input.length) % 5;
      const { headers } = request;
      if (fault === undefined) {
        response.writeHead(404).end(echo(headers, `no such cell ${key}`));
      } else if (fault.kind === 'transient' && count <= fault.failures) {
        if (turn === 0) response.writeHead(429, { 'retry-after-ms': '2' }).end(echo(headers, 'rate limited'));
        else if (turn === 1) response.writeHead(500).end(echo(headers, 'internal error'));
        else if (turn === 2) response.writeHead(503, { 'retry-after': '0' }).end(echo(headers, 'overloaded'));
        else if (turn === 3) request.socket.destroy();
        else response.writeHead(408).end(echo(headers, 'request timeout'));
      } else if (fault.kind === 'permanent') {
        response.writeHead(turn % 2 === 0 ? 401 : 400).end(echo(headers, 'Incorrect API key provided'));
      } else if (fault.kind === 'malformed') {
        if (turn % 2 === 0) response.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"x"}');
        else response.writeHead(200).end(`<html>gateway saw ${headers.authorization}</html>`);
      } else if (fault.kind === 'hang') {
        // Never answer: the client's deadline must end the call.
      } else if (fault.kind === 'slow') {
        setTimeout(() => reply(response, `${model}:${input}`), fault.delayMs);
      } else {
        reply(response, `${model}:${input}`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
