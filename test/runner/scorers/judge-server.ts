import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One chat-completions request as the judge server saw it. */
export interface JudgeRequest {
  readonly model: string;
  readonly system: string | undefined;
  /** The last user message: the judge's prompt. */
  readonly prompt: string;
  /** Requests seen with this prompt, this one included. */
  readonly count: number;
  /** When the request's body had arrived (performance.now(), ms). */
  readonly arrivedAt: number;
}

/** What the server answers: a 200 completion with `content`, another status, or nothing at all. */
export type JudgeReply =
  | { readonly content: string }
  | { readonly status: number; readonly headers?: Record<string, string>; readonly body?: string }
  | { readonly hang: true };

export interface JudgeServer {
  readonly baseURL: string;
  /** Every request, in arrival order. */
  readonly requests: JudgeRequest[];
  readonly close: () => Promise<void>;
}

/**
 * An OpenAI-compatible chat-completions server on 127.0.0.1 (a free port) playing a judge: `answer`
 * decides each reply from the request. A 200 carries usage (prompt 50, completion 20 tokens).
 */
export async function startJudgeServer(answer: (request: JudgeRequest) => JudgeReply): Promise<JudgeServer> {
  const requests: JudgeRequest[] = [];
  const counts = new Map<string, number>();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      if (request.url !== '/v1/chat/completions' || request.method !== 'POST') {
        response.writeHead(404).end('not found');
        return;
      }
      const { model, messages } = JSON.parse(body) as { model: string; messages: { role: string; content: string }[] };
      const prompt = messages.at(-1)?.content ?? '';
      const count = (counts.get(prompt) ?? 0) + 1;
      counts.set(prompt, count);
      const seen: JudgeRequest = {
        model,
        system: messages.find((message) => message.role === 'system')?.content,
        prompt,
        count,
        arrivedAt: performance.now(),
      };
      requests.push(seen);
      const reply = answer(seen);
      if ('hang' in reply) return;
      if ('status' in reply) {
        response.writeHead(reply.status, reply.headers).end(reply.body ?? '{"error":{"message":"judge unavailable"}}');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          id: 'chatcmpl-judge',
          choices: [{ index: 0, message: { role: 'assistant', content: reply.content }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 50, completion_tokens: 20, total_tokens: 70 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A section of the default judge prompt (`[Submitted answer]` ... `[End of submitted answer]`). */
export function promptSection(prompt: string, title: string): string | undefined {
  const start = prompt.indexOf(`[${title}]\n`);
  const end = prompt.indexOf(`\n[End of ${title.toLowerCase()}]`);
  return start === -1 || end === -1 ? undefined : prompt.slice(start + title.length + 3, end);
}

/**
 * A judge that grades like a careful one: reasoning, then `GRADE: C` when the submission contains the
 * reference answer, else `GRADE: I`.
 */
export function gradeByReference(request: JudgeRequest): JudgeReply {
  const reference = promptSection(request.prompt, 'Reference answer') ?? '';
  const submitted = promptSection(request.prompt, 'Submitted answer') ?? '';
  return submitted.includes(reference)
    ? { content: `The submission says ${submitted}, which matches ${reference}.\nGRADE: C` }
    : { content: `The submission says ${submitted}, but the reference is ${reference}.\nGRADE: I` };
}
