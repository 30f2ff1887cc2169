import { connect } from 'node:net';

/** How long {@link unreachableReason} waits for a connection. @default 5000 */
export const REACHABLE_TIMEOUT_MS = 5000;

/**
 * Why an endpoint cannot be reached, or undefined when a TCP connection to its host and port opens: the check
 * `verdict run` makes before the first cell, so that a wrong host or a server that is not running is one line at
 * start-up rather than every cell failing after its retries. Only a connection is opened (no request is sent, so
 * servers that count requests, and rate limits, see nothing); any HTTP answer would mean reachable anyway.
 *
 * @example await unreachableReason('http://127.0.0.1:9/v1') // 'connection refused (ECONNREFUSED)'
 */
export async function unreachableReason(
  url: string,
  { timeoutMs = REACHABLE_TIMEOUT_MS, signal }: { readonly timeoutMs?: number; readonly signal?: AbortSignal } = {},
): Promise<string | undefined> {
  const { hostname, port, protocol } = new URL(url);
  const host = hostname.replace(/^\[|\]$/g, '');
  const portNumber = port === '' ? (protocol === 'https:' ? 443 : 80) : Number(port);
  return new Promise((resolve) => {
    const socket = connect({ host, port: portNumber });
    const done = (reason: string | undefined) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(reason);
    };
    const onAbort = () => done('the check was interrupted');
    const timer = setTimeout(() => done(`no connection within ${timeoutMs / 1000} s`), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => done(undefined));
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done(
        error.code === 'ECONNREFUSED'
          ? 'connection refused (ECONNREFUSED)'
          : error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN'
            ? `no such host (${error.code})`
            : `${error.message}${error.code ? ` (${error.code})` : ''}`,
      ),
    );
  });
}
