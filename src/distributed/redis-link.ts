import { Redis, type RedisOptions } from 'ioredis';
import { backoffDelay } from '../runner/backoff-delay';
import { InputError } from '../schema/input-error';
import { noticeOnStderr } from './notice';
import { type QueueUrl, redactSecret } from './queue-url';

/** First and longest wait between two connection attempts to Redis. */
export const REDIS_RETRY_BASE_DELAY_MS = 250;
export const REDIS_RETRY_MAX_DELAY_MS = 10_000;
/** A "still unreachable" line at most this often, however fast the attempts. */
const REPORT_EVERY_MS = 5_000;

export interface RedisLinkOptions {
  /** Where connection news goes (one line each, the password never in it). @default a line on stderr */
  readonly onNotice?: (message: string) => void;
  /** Shown to `CLIENT LIST` on the server, e.g. `verdict-worker`. */
  readonly name?: string;
  /**
   * For a one-shot command (`verdict cache stats --queue`): no retry. {@link RedisLink.check} rejects at the first
   * failed connection attempt, as redis-cli does, instead of waiting for a Redis that may never come; a long-lived
   * coordinator or worker keeps the default, retrying for ever. @default false
   */
  readonly failFast?: boolean;
}

/**
 * The Redis connections of one coordinator or worker, made by one factory so that they share what a
 * user must see: a lost connection is retried for ever with full-jitter backoff (250 ms doubling to
 * 10 s), and said once when it is lost, every few seconds while it stays down ("retrying in ...") and
 * once when it is back; commands issued meanwhile wait for the connection (ioredis's offline queue,
 * `maxRetriesPerRequest: null`, which BullMQ requires of a worker's connection) instead of failing.
 * Every message goes through {@link redactSecret}: a client's error never shows the password.
 */
export class RedisLink {
  readonly queue: QueueUrl;
  readonly #connections = new Set<Redis>();
  readonly #notice: (message: string) => void;
  readonly #name: string;
  #downSince: number | undefined;
  #reportedAt = Number.NEGATIVE_INFINITY;
  #closed = false;
  readonly #failFast: boolean;
  readonly #readyListeners = new Set<() => void>();

  constructor(
    queue: QueueUrl,
    { onNotice = noticeOnStderr, name = 'verdict', failFast = false }: RedisLinkOptions = {},
  ) {
    this.queue = queue;
    this.#notice = (message) => onNotice(redactSecret(message, queue));
    this.#name = name;
    this.#failFast = failFast;
  }

  /** A new connection; `lazy` ones connect on their first command. */
  connect({ lazy = false }: { readonly lazy?: boolean } = {}): Redis {
    const { host, port, db, username, password, tls } = this.queue;
    const options: RedisOptions = {
      host,
      port,
      db,
      ...(username === undefined ? {} : { username }),
      ...(password === undefined ? {} : { password }),
      ...(tls ? { tls: { servername: host } } : {}),
      connectionName: this.#name,
      lazyConnect: lazy,
      maxRetriesPerRequest: null,
      enableOfflineQueue: true,
      retryStrategy: (times) =>
        this.#closed || this.#failFast
          ? null
          : Math.max(
              50,
              backoffDelay(times, { baseDelayMs: REDIS_RETRY_BASE_DELAY_MS, maxDelayMs: REDIS_RETRY_MAX_DELAY_MS }),
            ),
      // A replica promoted or a READONLY reply after a failover: reconnect rather than fail commands.
      reconnectOnError: (error) => /READONLY|LOADING/.test(error.message),
    };
    const connection = new Redis(options);
    this.#watch(connection);
    return connection;
  }

  /**
   * Wait until `connection` answers (retrying while Redis is unreachable, as every command does), so
   * that a refused login is told as the user's mistake rather than as a lost connection.
   *
   * @throws {InputError} when Redis refuses the credentials (WRONGPASS, NOAUTH, NOPERM), and with `failFast`
   * when the first connection attempt fails (refused, unknown host, ioredis's 10 s connect timeout).
   */
  async check(connection: Redis): Promise<void> {
    if (this.#failFast) await this.#firstConnection(connection);
    try {
      await connection.ping();
    } catch (error) {
      const message = redactSecret((error as Error).message, this.queue);
      if (!isAuthError(message)) throw error;
      throw new InputError(
        `Redis at ${this.queue.display} refused the login (${message}); give the password in the URL (redis://:PASSWORD@host...) or in VERDICT_REDIS_PASSWORD`,
        { field: '--queue' },
      );
    }
  }

  /** Resolve once `connection` is ready (or answers with a refused login, which `check` words); reject if it fails. */
  #firstConnection(connection: Redis): Promise<void> {
    if (connection.status === 'ready') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const settle = (error?: Error) => {
        connection.off('ready', onReady);
        connection.off('error', onError);
        connection.off('end', onEnd);
        if (error === undefined) resolve();
        else
          reject(
            new InputError(
              `Redis at ${this.queue.display} is unreachable (${redactSecret(error.message, this.queue)}); check the host, the port and that redis-server runs there`,
              { field: '--queue' },
            ),
          );
      };
      const onReady = () => settle();
      const onError = (error: Error & { code?: string }) => {
        if (isAuthError(error.message)) settle();
        else settle(new Error(error.message || error.code || String(error)));
      };
      const onEnd = () => settle(new Error('the connection closed'));
      connection.on('ready', onReady);
      connection.on('error', onError);
      connection.on('end', onEnd);
    });
  }

  /** Called each time a connection is ready again after the link was down (to re-check what Redis holds). */
  onReconnect(listener: () => void): () => void {
    this.#readyListeners.add(listener);
    return () => this.#readyListeners.delete(listener);
  }

  /** Whether a connection was down and none has come back yet. */
  get down(): boolean {
    return this.#downSince !== undefined;
  }

  /** Close every connection this link made (QUIT, then disconnect). */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(
      [...this.#connections].map(async (connection) => {
        try {
          if (connection.status === 'ready') await connection.quit();
        } catch {
          // Already gone.
        }
        connection.disconnect();
      }),
    );
    this.#connections.clear();
  }

  /** The connections BullMQ made from ours (duplicates) are watched as well. */
  watch(connection: Redis): void {
    this.#watch(connection);
  }

  #watch(connection: Redis): void {
    if (this.#connections.has(connection)) return;
    this.#connections.add(connection);
    let lastError = '';
    const lost = () => {
      // Fail-fast: check() tells the user, once; there is no retry to announce.
      if (this.#closed || this.#failFast || this.#downSince !== undefined) return;
      this.#downSince = Date.now();
      this.#reportedAt = this.#downSince;
      this.#notice(`Redis at ${this.queue.display} is unreachable (${lastError}); retrying with backoff`);
    };
    connection.on('error', (error: Error & { code?: string }) => {
      lastError = error.message || error.code || String(error);
      // Redis is reachable but refuses us: not a lost connection (check() tells the user).
      if (isAuthError(lastError)) return;
      lost();
    });
    // An idle connection that the server closes (a restart) gets no error, only a close: the link is down all the same.
    connection.on('close', () => {
      if (connection.status === 'end' || this.#closed) return;
      if (isAuthError(lastError)) return;
      if (lastError === '') lastError = 'the server closed the connection';
      lost();
    });
    connection.on('reconnecting', (delayMs: number) => {
      if (this.#closed || this.#downSince === undefined) return;
      const now = Date.now();
      if (now - this.#reportedAt < REPORT_EVERY_MS) return;
      this.#reportedAt = now;
      const down = ((now - this.#downSince) / 1000).toFixed(0);
      this.#notice(
        `Redis at ${this.queue.display} still unreachable after ${down} s (${lastError}); retrying in ${(delayMs / 1000).toFixed(1)} s`,
      );
    });
    connection.on('ready', () => {
      lastError = '';
      if (this.#closed || this.#downSince === undefined) return;
      const down = ((Date.now() - this.#downSince) / 1000).toFixed(1);
      this.#downSince = undefined;
      this.#notice(`Redis at ${this.queue.display} reachable again after ${down} s`);
      for (const listener of this.#readyListeners) listener();
    });
    connection.on('end', () => this.#connections.delete(connection));
  }
}

/** Redis's replies to a login it refuses: a wrong password, none given, or a user without the rights. */
const isAuthError = (message: string): boolean => /^(WRONGPASS|NOAUTH|NOPERM)\b/.test(message);
