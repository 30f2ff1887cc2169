import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQueueUrl, redactQueueUrl, redactSecret } from '../../src/distributed/queue-url';
import { runWorker } from '../../src/distributed/run-worker';
import { loadExperiment } from '../../src/runner/load-experiment';
import { InputError } from '../../src/schema/input-error';
import { runCliInProcess } from '../cli/run-cli-process';
import { startRedis } from './redis-server';

describe('parseQueueUrl', () => {
  it('reads host, port, database, user, password and TLS, and shows the URL with the password hidden', () => {
    expect(parseQueueUrl('rediss://app:pa55@redis.internal:6380/3')).toEqual({
      url: 'rediss://app:pa55@redis.internal:6380/3',
      tls: true,
      host: 'redis.internal',
      port: 6380,
      db: 3,
      username: 'app',
      password: 'pa55',
      display: 'rediss://app:***@redis.internal:6380/3',
    });
    expect(parseQueueUrl('redis://localhost')).toEqual({
      url: 'redis://localhost',
      tls: false,
      host: 'localhost',
      port: 6379,
      db: 0,
      display: 'redis://localhost',
    });
    expect(parseQueueUrl('redis://[::1]:7000/15')).toMatchObject({ host: '::1', port: 7000, db: 15 });
  });

  it('decodes a URL-encoded password, and hides it in both forms', () => {
    const queue = parseQueueUrl('redis://:p%40ss%3Aw%2Frd@10.0.0.5:6379/0');
    expect(queue.password).toBe('p@ss:w/rd');
    expect(queue.display).toBe('redis://:***@10.0.0.5:6379/0');
    expect(redactSecret('AUTH p@ss:w/rd failed; tried redis://:p%40ss%3Aw%2Frd@10.0.0.5:6379/0', queue)).toBe(
      'AUTH *** failed; tried redis://:***@10.0.0.5:6379/0',
    );
  });

  it('takes the password from the environment when the URL has none (and says one is there, hidden)', () => {
    expect(parseQueueUrl('redis://10.0.0.5:6379/2', { password: 'from-env' })).toMatchObject({
      password: 'from-env',
      display: 'redis://:***@10.0.0.5:6379/2',
    });
    expect(parseQueueUrl('redis://ops@10.0.0.5/2', { password: 'from-env' })).toMatchObject({
      username: 'ops',
      password: 'from-env',
      display: 'redis://ops:***@10.0.0.5/2',
    });
    // One in the URL wins.
    expect(parseQueueUrl('redis://:in-url@h/0', { password: 'from-env' }).password).toBe('in-url');
    expect(redactSecret('WRONGPASS from-env', parseQueueUrl('redis://h/0', { password: 'from-env' }))).toBe(
      'WRONGPASS ***',
    );
  });

  it.each([
    ['http://:hunter2@h:6379/0', 'the scheme must be redis:// or rediss:// (TLS), got "http" in http://:***@h:6379/0'],
    ['redis://:hunter2@h:6379/16', 'the database must be a number from 0 to 15, got "16" in redis://:***@h:6379/16'],
    ['redis://:hunter2@h:6379/x', 'the database must be a number from 0 to 15, got "x" in redis://:***@h:6379/x'],
    ['redis://:hunter2@h:6379/0?tls=1', 'options after ? or # are not read in redis://:***@h:6379/0?tls=1'],
    [
      ':hunter2@redis:6379',
      'expected a Redis URL such as redis://localhost:6379/0 or rediss://user:password@host:6380/0, got "***@redis:6379"',
    ],
    [
      'redis://:hunter2@h:99999/0',
      'expected a Redis URL such as redis://localhost:6379/0 or rediss://user:password@host:6380/0, got "redis://:***@h:99999/0"',
    ],
  ])('refuses %s naming --queue, the password hidden', (text, message) => {
    let error: unknown;
    try {
      parseQueueUrl(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).field).toBe('--queue');
    expect((error as Error).message).toBe(`\`--queue\`: ${message}`);
  });

  it('redactQueueUrl hides a password also in text that is not a valid URL', () => {
    expect(redactQueueUrl('redis://u:se cret@bad host/0')).toBe('redis://u:***@bad host/0');
    expect(redactQueueUrl('redis://nopassword@h/0')).toBe('redis://nopassword@h/0');
    expect(redactQueueUrl('app:hunter2@redis.internal:6379')).toBe('***@redis.internal:6379');
    expect(redactQueueUrl('redis.internal:6379')).toBe('redis.internal:6379');
  });
});

describe('a distributed run on a Redis that needs a password', () => {
  const PASSWORD = 'p@ss:w/rd%99';
  const ENCODED = encodeURIComponent(PASSWORD);
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let dir: string;
  beforeAll(async () => {
    redis = await startRedis({ password: PASSWORD });
    dir = mkdtempSync(join(tmpdir(), 'verdict-redact-'));
  });
  afterAll(async () => {
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const EXPERIMENT = 'test/fixtures/experiments/commands.yaml';
  const withPassword = () => `redis://:${ENCODED}@127.0.0.1:${redis.port}/0`;

  it('never prints or stores the password: not in the output, the manifest, the results or a notice', async () => {
    const notices: string[] = [];
    // The worker gets the password from the environment (VERDICT_REDIS_PASSWORD's way), the coordinator in its URL.
    const worker = runWorker(await loadExperiment(EXPERIMENT), {
      queue: parseQueueUrl(`redis://127.0.0.1:${redis.port}/0`, { password: PASSWORD }),
      isolation: 'in-process',
      onNotice: (message) => notices.push(message),
    });
    const out = join(dir, 'run');
    const run = await runCliInProcess(['run', EXPERIMENT, '--queue', withPassword(), '--out', out]);
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('run completed');
    expect((await worker).ran).toBe(6);
    const stored = readdirSync(out)
      .filter((name) => name.endsWith('.json') || name.endsWith('.jsonl'))
      .map((name) => readFileSync(join(out, name), 'utf8'))
      .join('\n');
    expect(stored).toContain(`redis://:***@127.0.0.1:${redis.port}/0`);
    for (const text of [run.stdout, run.stderr, stored, ...notices]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(ENCODED);
    }
  }, 60_000);

  it('a wrong or missing password is the user’s mistake (exit 2, --queue named), not a lost connection, and is not printed', async () => {
    const wrong = await runCliInProcess([
      'worker',
      EXPERIMENT,
      '--queue',
      `redis://:not-${ENCODED}@127.0.0.1:${redis.port}/0`,
    ]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe(
      `verdict: \`--queue\`: Redis at redis://:***@127.0.0.1:${redis.port}/0 refused the login (WRONGPASS invalid username-password pair or user is disabled.); give the password in the URL (redis://:PASSWORD@host...) or in VERDICT_REDIS_PASSWORD\n`,
    );
    const none = await runCliInProcess([
      'run',
      EXPERIMENT,
      '--queue',
      `redis://127.0.0.1:${redis.port}/0`,
      '--out',
      join(dir, 'none'),
    ]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('refused the login (NOAUTH Authentication required.)');
    expect(none.stderr).not.toContain('unreachable');
  }, 60_000);
});
