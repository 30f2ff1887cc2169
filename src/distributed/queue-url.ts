import { z } from 'zod';
import { InputError } from '../schema/input-error';

/** The Redis database number a URL without one selects. */
export const DEFAULT_REDIS_DB = 0;
/** Redis's own port. */
export const DEFAULT_REDIS_PORT = 6379;

/** The connection a `--queue` URL names, with its secret kept out of `display`. */
export interface QueueUrl {
  /** The URL as given, password included: for the connection only, never for a message. */
  readonly url: string;
  readonly tls: boolean;
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username?: string;
  readonly password?: string;
  /** The URL with the password replaced by `***`: the only form that is ever printed or recorded. */
  readonly display: string;
}

const Db = z.coerce.number().int().min(0).max(15);
const Port = z.coerce.number().int().min(1).max(65_535);

/**
 * Parse `redis://[user[:password]@]host[:port][/db]` or `rediss://...` (TLS), the form ioredis and
 * redis-cli take. The password may also come from `passwordEnv` (an environment variable, so that it
 * is in no command line: `ps` shows every process's arguments); one in the URL wins.
 *
 * @throws {InputError} naming `--queue` and the URL with its password hidden.
 * @example parseQueueUrl('redis://:s3cret@10.0.0.5:6380/2').display // 'redis://:***@10.0.0.5:6380/2'
 */
export function parseQueueUrl(text: string, { password }: { readonly password?: string } = {}): QueueUrl {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new InputError(
      `expected a Redis URL such as redis://localhost:6379/0 or rediss://user:password@host:6380/0, got ${JSON.stringify(redactQueueUrl(text))}`,
      { field: '--queue' },
    );
  }
  const display = redactQueueUrl(text);
  const fail = (problem: string): never => {
    throw new InputError(`${problem} in ${display}`, { field: '--queue' });
  };
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    fail(`the scheme must be redis:// or rediss:// (TLS), got ${JSON.stringify(parsed.protocol.slice(0, -1))}`);
  if (parsed.hostname === '') fail('no host');
  if (parsed.search !== '' || parsed.hash !== '') fail('options after ? or # are not read');
  const path = parsed.pathname.replace(/^\//, '');
  const db = path === '' ? { success: true as const, data: DEFAULT_REDIS_DB } : Db.safeParse(path);
  if (!db.success || !/^\d*$/.test(path))
    fail(`the database must be a number from 0 to 15, got ${JSON.stringify(path)}`);
  const port = parsed.port === '' ? { success: true as const, data: DEFAULT_REDIS_PORT } : Port.safeParse(parsed.port);
  if (!port.success) fail(`bad port ${JSON.stringify(parsed.port)}`);
  const username = parsed.username === '' ? undefined : decodeURIComponent(parsed.username);
  const secret = parsed.password === '' ? password : decodeURIComponent(parsed.password);
  return {
    url: text,
    tls: parsed.protocol === 'rediss:',
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: port.data!,
    db: db.data!,
    ...(username === undefined ? {} : { username }),
    ...(secret === undefined || secret === '' ? {} : { password: secret }),
    display: secret !== undefined && parsed.password === '' ? withHiddenPassword(display) : display,
  };
}

/**
 * A Redis URL with its password replaced by `***`, also when the text is not a valid URL (it is then
 * cut at the last `@` before the host). Everything verdict prints or records about a queue goes
 * through this or {@link redactSecret}.
 *
 * @example redactQueueUrl('rediss://app:pa55@redis.internal:6380/1') // 'rediss://app:***@redis.internal:6380/1'
 */
export function redactQueueUrl(text: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text)?.[0];
  // No scheme (`:secret@host:6379`, a scheme forgotten): whatever comes before the last `@` may be a password.
  if (scheme === undefined) return text.replace(/^.*@/s, '***@');
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^@/?#]*)@/i, (_, prefix: string, credentials: string) => {
    const colon = credentials.indexOf(':');
    return colon < 0 ? `${prefix}${credentials}@` : `${prefix}${credentials.slice(0, colon)}:***@`;
  });
}

/** `redis://host...` shown as `redis://:***@host...`: a password from the environment is there, but hidden. */
function withHiddenPassword(display: string): string {
  return display.replace(/^([a-z]+:\/\/)([^@/]*@)?/i, (_, scheme: string, credentials: string | undefined) =>
    credentials === undefined ? `${scheme}:***@` : `${scheme}${credentials.replace(/(:.*)?@$/, '')}:***@`,
  );
}

/**
 * `text` with every occurrence of the queue's password (raw and URL-encoded) replaced by `***`: for
 * any message that might quote it (an error of the Redis client, a command line recorded in the
 * manifest).
 */
export function redactSecret(text: string, queue: Pick<QueueUrl, 'password' | 'url'>): string {
  let out = text.split(queue.url).join(redactQueueUrl(queue.url));
  const { password } = queue;
  if (password === undefined || password === '') return out;
  for (const form of new Set([password, encodeURIComponent(password)])) out = out.split(form).join('***');
  return out;
}
