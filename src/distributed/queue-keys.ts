import { InputError } from '../schema/input-error';

/** The key prefix of everything verdict keeps in Redis (BullMQ's queues included), so that `SCAN verdict:*` finds it all. */
export const KEY_PREFIX = 'verdict';

/** The Redis names of one distributed run: its two BullMQ queues and verdict's own keys. */
export interface QueueKeys {
  /** The queue name, as given or derived from the experiment's name. */
  readonly name: string;
  /** BullMQ queue of cells to run (job id: the cell's key, encoded). */
  readonly cells: string;
  /** BullMQ queue of finished cells' records, consumed by the coordinator. */
  readonly results: string;
  /** JSON of the run as the coordinator describes it (RunMeta). */
  readonly meta: string;
  /** The coordinator's lease: one coordinator per queue. */
  readonly lease: string;
  /** The shared rate-limit state of a variant's own `rateLimit`. */
  readonly limiter: (variant: string) => { readonly state: string; readonly log: string };
  /** The shared rate-limit state of one of the experiment's `accounts`. */
  readonly account: (name: string) => { readonly state: string; readonly log: string };
}

/** What a queue name may hold: letters, digits, `_`, `-`, `.` (BullMQ refuses `:` in a name). */
const NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/**
 * The keys of the queue `name`. Without `--queue-name`, the experiment's name made safe (so a coordinator
 * and its workers agree on the name without being told).
 *
 * @throws {InputError} for a name outside [A-Za-z0-9_.-]{1,100}.
 */
export function queueKeys(name: string): QueueKeys {
  if (!NAME.test(name))
    throw new InputError(`a queue name is 1 to 100 of A-Z a-z 0-9 _ - . characters, got ${JSON.stringify(name)}`, {
      field: '--queue-name',
    });
  const base = `${KEY_PREFIX}:${name}`;
  return {
    name,
    cells: `${name}.cells`,
    results: `${name}.results`,
    meta: `${base}:run`,
    lease: `${base}:coordinator`,
    limiter: (variant) => limitKeys(`${base}:limit:${encodeName(variant)}`),
    account: (name) => limitKeys(`${base}:account:${encodeName(name)}`),
  };
}

/** A user's name (a variant's, an account's) as one key segment: base64url, so no `:` or glob character. */
const encodeName = (name: string) => Buffer.from(name, 'utf8').toString('base64url');

const limitKeys = (state: string) => ({ state, log: `${state}:tokens` });

/** The default queue name of an experiment: its name with anything outside [A-Za-z0-9_.-] replaced by `-`. */
export function defaultQueueName(experimentName: string): string {
  const safe = experimentName.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 100);
  return safe === '' ? 'experiment' : safe;
}
